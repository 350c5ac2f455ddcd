// The sequencer gives committed changes their commit-order position. A change's `seq` is taken
// inside its writer's transaction, and transactions commit in any order, so `seq` cannot be it:
// each step positions, in `seq` order, every change that has committed and has no position yet.
// Changes to one cluster are serialized by its row lock, so `seq` orders them truly; changes of
// different clusters committed before one step all precede those positioned by the next.
// Any server may run a step; the state row's lock (skipped when held) lets one run at a time.
import { type Db, Prisma } from "@fleet/db";

/** At most this many changes per step; a longer backlog takes several steps. */
export const SEQUENCER_BATCH = 5_000;

/** The change log's state after a step. */
export interface LogState {
  /** The last position given (by this step or any server's). */
  lastPosition: bigint;
  /** Changes up to this position have been pruned: a stream cannot resume before it. */
  prunedThrough: bigint;
  /** How many changes this step positioned (0 when another server held the step). */
  positioned: number;
}

/**
 * One step: positions up to `batch` committed changes, and reads the log's state. With `advance`,
 * a step that finds nothing to position takes the next position all the same, for no change: a
 * heartbeat then has an id of its own, past every event its stream has had.
 */
export async function sequenceChanges(
  db: Db,
  { batch = SEQUENCER_BATCH, advance = false }: { batch?: number; advance?: boolean } = {},
): Promise<LogState> {
  // One statement: a change whose position another server gave after this statement's snapshot
  // fails the UPDATE's re-checked `position IS NULL` and keeps that position (positions may then
  // skip numbers, never repeat).
  const rows = await db.$rows<{
    positioned: bigint;
    last_position: bigint | null;
    pruned_through: bigint;
  }>(Prisma.sql`
    WITH state AS (
      SELECT last_position FROM cluster_change_log FOR UPDATE SKIP LOCKED
    ), pending AS (
      SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM cluster_changes
      WHERE position IS NULL AND EXISTS (SELECT FROM state)
      ORDER BY seq LIMIT ${batch}
    ), positioned AS (
      UPDATE cluster_changes AS c SET position = state.last_position + pending.n
      FROM pending, state WHERE c.seq = pending.seq AND c.position IS NULL
      RETURNING c.position
    ), advanced AS (
      UPDATE cluster_change_log
         SET last_position = coalesce((SELECT max(position) FROM positioned), last_position + 1)
      WHERE EXISTS (SELECT FROM positioned) OR (${advance} AND EXISTS (SELECT FROM state))
      RETURNING last_position
    )
    SELECT (SELECT count(*) FROM positioned) AS positioned,
           coalesce((SELECT last_position FROM advanced), log.last_position) AS last_position,
           log.pruned_through
    FROM cluster_change_log AS log`);
  const [row] = rows;
  if (!row) throw new Error("cluster_change_log has no row");
  return {
    lastPosition: row.last_position ?? 0n,
    prunedThrough: row.pruned_through,
    positioned: Number(row.positioned),
  };
}

/** The most steps one `sequenceBacklog` takes: past it, writers outpace the steps and the next call goes on. */
const MAX_STEPS = 20;

/**
 * Steps until the backlog is positioned: a step that positions a full batch may have left more (an
 * idle server steps every few seconds, while a busy fleet writes thousands of changes a second).
 */
export async function sequenceBacklog(
  db: Db,
  { batch = SEQUENCER_BATCH, advance = false }: { batch?: number; advance?: boolean } = {},
): Promise<LogState> {
  let state = await sequenceChanges(db, { batch, advance });
  for (let step = 1; step < MAX_STEPS && state.positioned === batch; step++) {
    state = await sequenceChanges(db, { batch });
  }
  return state;
}
