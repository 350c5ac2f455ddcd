// listClusters: one page of the caller's clusters, the exact count of all matches, and the cursor
// of the next page (keyset paging) when there is one.
import type { Db } from "@fleet/db";
import { type ClusterFilter, type ClusterList, CURSOR_START } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";
import { type ClusterRow, toCluster } from "./cluster-row.ts";
import { countClusters } from "./count-clusters.ts";
import { type CursorPosition, decodeCursor, encodeCursor, listingFingerprint } from "./cursor.ts";
import { clusterPageQuery } from "./list-query.ts";

type PageRow = ClusterRow & { sort_key: Date | string | number; count_version: bigint | null };

const positionOf = (row: PageRow): CursorPosition => ({
  key: row.sort_key instanceof Date ? row.sort_key.toISOString() : row.sort_key,
  id: row.id,
});

export async function listClusters(
  db: Db,
  principal: Principal,
  filter: ClusterFilter,
): Promise<ClusterList> {
  const fingerprint = listingFingerprint(principal.accountId, filter);
  const after =
    filter.cursor === undefined || filter.cursor === CURSOR_START
      ? null
      : decodeCursor(filter.cursor, { fingerprint, sortBy: filter.sort_by });
  const rows = await db.$rows<PageRow>(clusterPageQuery(principal, filter, after));
  // The page's rows carry the count version: with a cached count, one statement serves the request.
  const total = await countClusters(db, principal, filter, rows[0] ? rows[0].count_version : undefined);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    data: page.map(toCluster),
    pagination: {
      page: filter.page,
      limit: filter.limit,
      total,
      total_pages: Math.ceil(total / filter.limit),
      next_cursor: rows.length > filter.limit && last ? encodeCursor(positionOf(last), fingerprint) : null,
    },
  };
}
