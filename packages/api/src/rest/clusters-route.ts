// GET/HEAD /v1/clusters: HTTP mapping only. Query string → shared filter (parseClusterQuery), then
// listClusters, the function behind the tRPC `clusters.list` procedure, then headers and caching.
// It calls that function directly, not through a tRPC caller: the caller validated the parsed filter
// a second time and ran the middleware chain again, 10% of this server's CPU per request.
import { parseClusterQuery } from "@fleet/schema";
import { authorize } from "../auth/authorize.ts";
import { listClusters } from "../clusters/list-clusters.ts";
import type { Context } from "../context.ts";
import { FleetError } from "../errors.ts";
import { jsonResponse } from "../http/compression.ts";
import { contextLimitHeaders } from "../rate-limit/headers.ts";
import { etagOf } from "./etag.ts";
import { cursorLinkHeader, linkHeader } from "./link-header.ts";

/**
 * The request path is a straight line: authorize, then parse and validate, then list. Throws
 * FleetError (or whatever listClusters throws); the caller turns it into a problem.
 */
export async function listClustersResponse(req: Request, url: URL, ctx: Context): Promise<Response> {
  // Access is checked before parameters: a stranger learns nothing about what the API accepts.
  const principal = authorize(ctx, "clusters:read");
  const parsed = parseClusterQuery(url.searchParams);
  if (!parsed.success) {
    throw new FleetError("VALIDATION_ERROR", { detail: parsed.detail, errors: parsed.errors });
  }
  const filter = parsed.data;
  const { data, pagination } = await listClusters(ctx.db, principal, filter);

  const body = JSON.stringify(data);
  const etag = etagOf(body, String(pagination.total));
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "Cache-Control": "private, no-cache",
    ETag: etag,
    Vary: "Authorization, Cookie",
    "X-Total-Count": String(pagination.total),
    Link:
      filter.cursor === undefined
        ? linkHeader({ url, page: pagination.page, totalPages: pagination.total_pages })
        : cursorLinkHeader({ url, nextCursor: pagination.next_cursor }),
    "X-Request-Id": ctx.requestId,
    ...contextLimitHeaders(ctx),
  };
  // Coding, the 304 for a matching If-None-Match and HEAD are jsonResponse's.
  return jsonResponse(req, body, 200, headers);
}
