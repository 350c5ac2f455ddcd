// First-load JavaScript of a page: every script the HTML references, measured raw and gzipped.
import { gzipSync } from "node:zlib";

export interface PageWeight {
  path: string;
  scripts: number;
  rawKb: number;
  gzipKb: number;
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

export async function firstLoadJs(baseUrl: string, path: string, cookie = ""): Promise<PageWeight> {
  const page = await fetch(`${baseUrl}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
  const html = await page.text();
  const sources = [
    ...new Set([...html.matchAll(/<script[^>]+src="([^"]+\.js[^"]*)"/g)].map((m) => m[1] ?? "")),
  ];
  let raw = 0;
  let gzip = 0;
  for (const src of sources) {
    const body = Buffer.from(await (await fetch(new URL(src, baseUrl))).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body).length;
  }
  return { path, scripts: sources.length, rawKb: kb(raw), gzipKb: kb(gzip) };
}
