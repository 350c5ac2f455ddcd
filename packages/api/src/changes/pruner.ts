// The change log keeps each change for the retention, then drops it; a stream can resume only from
// a revision at or after the last position dropped (`pruned_through`). Any server may prune; the
// state row's lock lets one do it at a time.
import { type Db, Prisma } from "@fleet/db";

/** Changes deleted per statement, so pruning never holds long locks or builds a huge transaction. */
const PRUNE_BATCH = 10_000;

/** Drops positioned changes older than `retentionMs`; returns how many. */
export async function pruneChanges(db: Pick<Db, "$rows">, retentionMs: number): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await db.$rows<{ pruned: bigint }>(Prisma.sql`
      WITH state AS (
        SELECT pruned_through FROM cluster_change_log FOR UPDATE SKIP LOCKED
      ), next AS (
        SELECT seq, position, changed_at FROM cluster_changes
        WHERE position > (SELECT pruned_through FROM state)
        ORDER BY position LIMIT ${PRUNE_BATCH}
      ), kept AS (
        SELECT min(position) AS position FROM next
        WHERE changed_at >= now() - ${retentionMs} * interval '1 millisecond'
      ), old AS (
        -- In position order only, up to the first change still within the retention.
        SELECT seq FROM next WHERE position < coalesce((SELECT position FROM kept), 'infinity'::numeric)
      ), gone AS (
        DELETE FROM cluster_changes WHERE seq IN (SELECT seq FROM old) RETURNING position
      ), advanced AS (
        UPDATE cluster_change_log SET pruned_through = (SELECT max(position) FROM gone)
        WHERE EXISTS (SELECT FROM gone)
      )
      SELECT count(*) AS pruned FROM gone`);
    const pruned = Number(rows[0]?.pruned ?? 0);
    total += pruned;
    if (pruned < PRUNE_BATCH) return total;
  }
}
