import { randomUUID } from "node:crypto";
import {
  authorize,
  createContext,
  FleetError,
  problemResponse,
  streamClustersCsv,
  toFleetError,
} from "@fleet/api";
import type { Db } from "@fleet/db";
import { parseClusterQuery } from "@fleet/schema";
import { getDb } from "@/server/db";

/**
 * "Export CSV": every cluster matching the page's filter (not just the visible page), streamed in
 * batches. Authenticated by the portal session like the tRPC calls (same context, same rate limit).
 * Paging, cursor and sort parameters are accepted, so the page's own query string works, and ignored.
 */
export async function GET(request: Request) {
  let db: Db;
  try {
    db = await getDb();
  } catch (error) {
    // Not connected yet (the database has been down since start-up): a 503 problem, as once connected.
    return problemResponse(request, toFleetError(error), randomUUID());
  }
  const ctx = await createContext(request, { db });
  try {
    const principal = authorize(ctx, "clusters:read");
    const parsed = parseClusterQuery(new URL(request.url).searchParams);
    if (!parsed.success) throw new FleetError("VALIDATION_ERROR", { errors: parsed.errors });
    const { page: _p, limit: _l, sort_by: _s, sort_order: _o, cursor: _c, ...scope } = parsed.data;
    const day = new Date().toISOString().slice(0, 10);
    return new Response(streamClustersCsv(db, principal, scope), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="fleet-clusters-${day}.csv"`,
        "Cache-Control": "no-store",
        "X-Request-Id": ctx.requestId,
      },
    });
  } catch (error) {
    return problemResponse(request, toFleetError(error), ctx.requestId);
  }
}
