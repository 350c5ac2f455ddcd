// First-load JavaScript of a page: every script the HTML makes a modern browser load, raw and gzipped.
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
  // Modern browsers skip `nomodule` scripts (the legacy polyfills), so they are not part of the load.
  const tags = [...html.matchAll(/<script\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => !/\bnomodule\b/i.test(tag));
  const sources = [
    ...new Set(tags.map((tag) => /\ssrc="([^"]+)"/.exec(tag)?.[1]).filter((src) => src !== undefined)),
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
