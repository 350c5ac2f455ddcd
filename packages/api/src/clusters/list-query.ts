// The listing's page statement (exported on its own so the benchmark's floor runs exactly the
// statements the API issues) and its reading: limit + 1 rows, to tell whether a next page exists,
// by offset (`page`) or after a cursor's position.
import { type Db, Prisma } from "@fleet/db";
import type { ClusterFilter } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";
import { clusterWhere } from "./cluster-where.ts";
import { type CountVersion, countVersionColumn } from "./count-version.ts";
import type { CursorPosition } from "./cursor.ts";
import { keysetPageQuery, offsetPageQuery, type PageRow } from "./page-query.ts";

/** The rows of a listing page and the account's count version at the page's snapshot. */
export interface ListingPage {
  /** Up to limit + 1 rows: one more than the page when a next page exists. */
  rows: PageRow[];
  /** Undefined when the page is empty: the version comes with the rows. */
  countVersion: CountVersion | undefined;
}

/** One page (limit + 1 rows), each row also carrying the account's count version as `count_version`. */
export function clusterPageQuery(
  principal: Principal,
  filter: ClusterFilter,
  after: CursorPosition | null,
): Prisma.Sql {
  const where = clusterWhere(principal, filter);
  const rows = filter.limit + 1;
  const version = [Prisma.sql`${countVersionColumn(principal.accountId)} AS count_version`];
  if (after) return keysetPageQuery(where, filter, after, rows, version);
  // page may be any safe integer: a huge one is an empty page.
  const offset = BigInt(filter.page - 1) * BigInt(filter.limit);
  return offsetPageQuery(where, filter, offset, rows, version);
}

/**
 * The page and the count version, by one statement. Read in the page's own snapshot, the version
 * says which count the page belongs to: a count cached at that version matches the page exactly,
 * so a listing with a cached count needs no second statement.
 */
export async function readListingPage(
  db: Db,
  principal: Principal,
  filter: ClusterFilter,
  after: CursorPosition | null,
): Promise<ListingPage> {
  const rows = await db.$rows<PageRow & { count_version: CountVersion }>(
    clusterPageQuery(principal, filter, after),
  );
  return { rows, countVersion: rows[0] ? rows[0].count_version : undefined };
}
