// listClusters: one page of the caller's clusters, the exact count of all matches, and the cursor
// of the next page (keyset paging) when there is one, all read in one snapshot, and the revision
// that snapshot is.
import type { Db } from "@fleet/db";
import { type ClusterFilter, type ClusterList, CURSOR_START } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";
import { positionOf } from "./cluster-order.ts";
import { toCluster } from "./cluster-row.ts";
import { decodeCursor, encodeCursor, listingFingerprint } from "./cursor.ts";
import { readListingPage } from "./list-query.ts";
import { formatRevision } from "./revision.ts";

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
  const { rows, total, revision } = await readListingPage(db, principal, filter, after);
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
      revision: formatRevision(revision),
    },
  };
}
