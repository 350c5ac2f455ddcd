// Deep offset pages from where the last one started. Skipping a deep offset walks the order's
// covering index, and while the fleet is written (each metrics refresh clears its page's
// all-visible bit) it visits the heap for every row skipped. A page remembers its first row's
// position at its snapshot, which had exactly `offset` rows before it; the next read of a page
// near it counts the rows before that position now, from the change log as a count is carried
// (count-clusters.ts), and reads from the position: a walk as long as the drift, not the offset.
import { Prisma } from "@fleet/db";
import type { ClusterFilter } from "@fleet/schema";
import { LRUCache } from "lru-cache";
import type { Principal } from "../auth/principal.ts";
import { type ClusterSort, onSideOf, positionOf, SORT_COLUMNS, type SortedRow } from "./cluster-order.ts";
import { clusterWhere, FILTER_COLUMNS, SCOPE_COLUMNS, selectionKey } from "./cluster-where.ts";
import { carriable, carriedSince } from "./count-clusters.ts";
import type { CursorPosition } from "./cursor.ts";
import { DEFERRED_JOIN_FROM } from "./page-query.ts";

/** A page's first row, and the rows before it in its read's order at a snapshot. */
interface Anchor {
  position: CursorPosition;
  offset: bigint;
  snapshot: string;
  /** When it was read (ms): the change log it relies on is kept for the retention only. */
  at: number;
}

const anchors = new LRUCache<string, Anchor>({ max: 10_000 });

/** Past this many rows between the page and the anchor, the page is read by its offset again. */
export const MAX_DRIFT = 1000n;

/** The column each sort key is kept from (name_lower is lower(name)). */
const SORT_SOURCES = { ...SORT_COLUMNS, name: "name" } as const;

/** The columns whose change the change log marks as a key change (its trigger's list). */
const KEY_CHANGE_COLUMNS = new Set<string>([...Object.values(FILTER_COLUMNS).flat(), ...SCOPE_COLUMNS]);

/**
 * Whether a row's place in this order changes only with a change the log records with its old
 * row: an update of any other column cannot move a row across an anchor. The hourly rate is no
 * filter's column, so the cost order has no anchors.
 */
const followsTheLog = (sort: ClusterSort) => KEY_CHANGE_COLUMNS.has(SORT_SOURCES[sort.sort_by]);

/** Which listings keep anchors: deep offset pages of an order the log follows, with no search. */
export function anchorKey(principal: Principal, filter: ClusterFilter, offset: bigint): string | null {
  if (offset < DEFERRED_JOIN_FROM || filter.search || !followsTheLog(filter)) return null;
  return `${selectionKey(principal, filter)} ${filter.sort_by} ${filter.sort_order}`;
}

/** How one statement reads a deep page from its anchor. */
export interface AnchoredRead {
  position: CursorPosition;
  /** SQL (int8): the rows before the position now; NULL when the log cannot tell. */
  before: Prisma.Sql;
}

/** The anchor a page at `offset` can be read from, or null (none, too far, or too old). */
export function anchoredRead(
  key: string | null,
  principal: Principal,
  filter: ClusterFilter,
  offset: bigint,
): AnchoredRead | null {
  const anchor = key === null ? undefined : anchors.get(key);
  if (!anchor || !carriable(anchor.at)) return null;
  const distance = anchor.offset > offset ? anchor.offset - offset : offset - anchor.offset;
  if (distance > MAX_DRIFT) return null;
  const before = Prisma.sql`${clusterWhere(principal, filter)} AND ${onSideOf(filter, "before", anchor.position)}`;
  return {
    position: anchor.position,
    before: carriedSince(principal, before, anchor.offset, anchor.snapshot),
  };
}

/** Remembers the first row of the page at `offset`, read at `snapshot`. */
export function rememberAnchor(
  key: string | null,
  offset: bigint,
  first: SortedRow | undefined,
  snapshot: string,
) {
  if (key === null || !first) return;
  anchors.set(key, { position: positionOf(first), offset, snapshot, at: Date.now() });
}
