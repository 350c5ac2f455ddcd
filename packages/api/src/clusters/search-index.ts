// The search index (migration 20261208010000_search_keys_per_account): a GIN index of each
// cluster's trigrams, each keyed together with its account. A search's own condition (ILIKE over
// name and description) decides what matches; the index's condition, implied by it, finds the
// candidates among the account's entries. PostgreSQL estimates the two as if independent, so with
// both it takes a common term for a rare one: the index serves the reads that want every match (a
// count, the few matches of a page), and a page of many matches walks its order's index instead.
import { Prisma } from "@fleet/db";
import type { ClusterSelector } from "@fleet/schema";
import type { Visibility } from "./cluster-where.ts";

/**
 * The index's condition for the filter's search, or null with no search. A term with no three
 * letters or digits in a row has no keys: its condition is true, and the search reads the account.
 */
export function searchIndexCondition(visibility: Visibility, filter: ClusterSelector): Prisma.Sql | null {
  if (!filter.search) return null;
  const account = visibility.accountId;
  const termKeys = Prisma.sql`fleet_trigram_keys(${account}, ${filter.search}, 3)`;
  const keys = Prisma.sql`fleet_search_keys(account_id, name, description)`;
  // A row longer than its keys cover carries its account's "long" key (the empty trigram).
  return Prisma.sql`(cardinality(${termKeys}) = 0 OR ${keys} @> ${termKeys}
    OR ${keys} @> ARRAY[fleet_trigram_key(${account}, '')])`;
}

/** `where`, and the index's condition when the filter searches: for the reads of every match. */
export function withSearchIndex(
  where: Prisma.Sql,
  visibility: Visibility,
  filter: ClusterSelector,
): Prisma.Sql {
  const condition = searchIndexCondition(visibility, filter);
  return condition ? Prisma.sql`${where} AND ${condition}` : where;
}

/**
 * Up to how many matches a page of `rows` rows reads every match through the index, then sorts
 * them. A page walks about rows × (account ÷ matches) clusters in its order before it is full, so
 * the walk wins once the matches are many: past a thousand, or ten times the rows it needs.
 */
export const fewMatchesFor = (rows: bigint) => {
  const tenfold = rows * 10n;
  return tenfold > 1000n ? tenfold : 1000n;
};
