// The listing as a CSV download (the portal's "Export CSV"): every cluster matching the filter, not
// just a page, streamed in batches. Paging, cursor and sort parameters are accepted, so the page's
// own query string works, and ignored.
import { authorize } from "../auth/authorize.ts";
import { streamClustersCsv } from "../clusters/clusters-csv.ts";
import type { Context } from "../context.ts";
import { contextLimitHeaders } from "../rate-limit/headers.ts";
import { clusterFilterOf } from "./cluster-filter-of.ts";

/** Throws FleetError like listClustersResponse; the caller turns it into a problem. */
export function clustersCsvResponse(req: Request, url: URL, ctx: Context): Response {
  const principal = authorize(ctx, "clusters:read");
  const { page: _p, limit: _l, sort_by: _s, sort_order: _o, cursor: _c, ...scope } = clusterFilterOf(url);
  const day = new Date().toISOString().slice(0, 10);
  const headers = {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="fleet-clusters-${day}.csv"`,
    "Cache-Control": "no-store",
    "X-Request-Id": ctx.requestId,
    ...contextLimitHeaders(ctx),
  };
  // A HEAD reads no cluster.
  const body = req.method === "HEAD" ? null : streamClustersCsv(ctx.db, principal, scope);
  return new Response(body, { headers });
}
