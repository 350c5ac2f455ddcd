// GET/HEAD /v1/clusters: HTTP mapping only. Query string → shared filter (parseClusterQuery), then
// listClusters, the function behind the tRPC `clusters.list` procedure, then headers and caching.
// It calls that function directly, not through a tRPC caller, which would validate the parsed filter
// a second time and run the access check again.
import { authorize } from "../auth/authorize.ts";
import { listClusters } from "../clusters/list-clusters.ts";
import type { Context } from "../context.ts";
import { jsonResponse } from "../http/compression.ts";
import { contextLimitHeaders } from "../rate-limit/headers.ts";
import { clusterFilterOf } from "./cluster-filter-of.ts";
import { etagOf } from "./etag.ts";
import { cursorLinkHeader, linkHeader } from "./link-header.ts";

/**
 * The request path is a straight line: authorize, then parse and validate, then list. Throws
 * FleetError (or whatever listClusters throws); the caller turns it into a problem.
 */
export async function listClustersResponse(req: Request, url: URL, ctx: Context): Promise<Response> {
  // Access is checked before parameters: a stranger learns nothing about what the API accepts.
  const principal = authorize(ctx, "clusters:read");
  const filter = clusterFilterOf(url);
  const { data, pagination } = await listClusters(ctx.db, principal, filter);

  const body = JSON.stringify(data);
  const etag = etagOf(body, String(pagination.total));
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "Cache-Control": "private, no-cache",
    ETag: etag,
    Vary: "Authorization, Cookie",
    "X-Total-Count": String(pagination.total),
    "X-Fleet-Revision": pagination.revision,
    Link:
      filter.cursor === undefined
        ? linkHeader({ url, page: pagination.page, totalPages: pagination.total_pages })
        : cursorLinkHeader({ url, nextCursor: pagination.next_cursor }),
    // The next page's cursor on its own, for clients that cannot read it out of Link; none on the last.
    ...(pagination.next_cursor ? { "X-Next-Cursor": pagination.next_cursor } : {}),
    "X-Request-Id": ctx.requestId,
    ...contextLimitHeaders(ctx),
  };
  // Coding, the 304 for a matching If-None-Match and HEAD are jsonResponse's.
  return jsonResponse(req, body, 200, headers);
}
