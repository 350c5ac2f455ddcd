// A whole listing of one filter through REST (GET /v1/clusters, cursor pages of 100, Link rel=next),
// kept as cluster id → field hash: what a client that lists before it watches holds, and the fresh
// list every stream's view is compared with at the end. The first page's X-Fleet-Revision is where
// the stream starts; the caller makes sure nothing of the account is written while the pages are read.
import { parseRevision } from "@fleet/api";
import { LIMIT_MAX } from "@fleet/schema";
import { type Dispatcher, request } from "undici";
import { clusterHash } from "./cluster-hash.ts";

export interface ViewList {
  revision: string;
  /** The revision's position: a stream has caught up with this list once it received an id this high. */
  position: number;
  clusters: Map<string, string>;
  pages: number;
}

const nextLink = (link: string | string[] | undefined) =>
  /<([^>]+)>;\s*rel="next"/.exec(String(link ?? ""))?.[1];

export async function listView(opts: {
  apiUrl: string;
  apiKey: string;
  /** The filter as a query string ("" for none). */
  query: string;
  dispatcher: Dispatcher;
}): Promise<ViewList> {
  const clusters = new Map<string, string>();
  let revision = "";
  let pages = 0;
  let url: string | undefined =
    `${opts.apiUrl}/v1/clusters?limit=${LIMIT_MAX}&cursor=first${opts.query ? `&${opts.query}` : ""}`;
  while (url) {
    const res = await request(url, {
      dispatcher: opts.dispatcher,
      headers: { authorization: `Bearer ${opts.apiKey}` },
    });
    if (res.statusCode !== 200) {
      throw new Error(`GET ${url}: ${res.statusCode} ${await res.body.text()}`);
    }
    const page = (await res.body.json()) as { id: string }[];
    pages++;
    revision ||= String(res.headers["x-fleet-revision"] ?? "");
    for (const cluster of page) clusters.set(cluster.id, clusterHash(cluster));
    const next = nextLink(res.headers.link);
    url = next ? new URL(next, opts.apiUrl).toString() : undefined;
  }
  const parsed = parseRevision(revision);
  if (!parsed)
    throw new Error(`listing ${opts.query || "(no filter)"}: no X-Fleet-Revision (got "${revision}")`);
  return { revision, position: Number(parsed.position), clusters, pages };
}
