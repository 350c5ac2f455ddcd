// The WHERE clause of every cluster read (page, count, stats, CSV): always the caller's account,
// intersected with the key's projects, then every filter ANDed (comma lists are ANY = OR within
// one parameter). The conditions are a table over every filter key, so a new filter field cannot
// be added to the schema without saying here what it selects.
import { Prisma } from "@fleet/db";
import type { ClusterSelector } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";
import { canonicalFields } from "./canonical-fields.ts";

/** What a caller may see: its account, and the key's projects (null: every project). */
export type Visibility = Pick<Principal, "accountId" | "projectIds">;

/** The name of one filter of a cluster read. */
export type FilterKey = keyof ClusterSelector;

/** A filter that narrows a read, with its SQL condition. */
export type FilterCondition = [FilterKey, Prisma.Sql];

/** LIKE metacharacters (and the escape character itself) made literal, for `ILIKE … ESCAPE '\'`. */
export const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

// gpu_count is int4; filter bounds may be any safe integer (up to 2^53). Comparing against an int8
// parameter is exact for every value, never overflows, and still uses the (account_id, gpu_count)
// btree index (int4/int8 share the integer_ops operator family), so no clamping is needed here.
const int8 = (value: number) => Prisma.sql`${BigInt(value)}::int8`;

/**
 * A comma list's condition: equality for one value, so that a plan made without the value still
 * walks the column's index in order (one-plan.ts).
 */
const oneOf = (column: string, values: readonly string[]) =>
  values.length === 1
    ? Prisma.sql`${Prisma.raw(column)} = ${values[0]}`
    : Prisma.sql`${Prisma.raw(column)} = ANY(${values}::text[])`;

type Conditions = {
  [K in FilterKey]-?: (value: NonNullable<ClusterSelector[K]>) => Prisma.Sql | null;
};

/** Each filter's condition on its value; null where the value selects every cluster. */
const CONDITIONS: Conditions = {
  status: (value) => oneOf("status", value),
  gpu_type: (value) => oneOf("gpu_type", value),
  region: (value) => oneOf("region", value),
  project_id: (value) => Prisma.sql`project_id = ${value}`,
  template_id: (value) => Prisma.sql`template_id = ${value}`,
  min_gpu_count: (value) => Prisma.sql`gpu_count >= ${int8(value)}`,
  max_gpu_count: (value) => Prisma.sql`gpu_count <= ${int8(value)}`,
  created_after: (value) => Prisma.sql`created_at > ${value}::timestamptz`,
  created_before: (value) => Prisma.sql`created_at < ${value}::timestamptz`,
  search: (value) => {
    if (value === "") return null;
    // What matches; the search index's condition is added where it serves the read (search-index.ts).
    const pattern = `%${escapeLike(value)}%`;
    return Prisma.sql`(name ILIKE ${pattern} ESCAPE '\\' OR description ILIKE ${pattern} ESCAPE '\\')`;
  },
};

const FILTER_KEYS = Object.keys(CONDITIONS) as FilterKey[];

/**
 * The columns each filter reads. The change log's trigger marks an update as a `key_change` (one
 * that can move a cluster into or out of a filter) by comparing these columns and the account's and
 * key's (account_id, project_id); a test holds its list equal to this one.
 */
export const FILTER_COLUMNS = {
  status: ["status"],
  gpu_type: ["gpu_type"],
  region: ["region"],
  project_id: ["project_id"],
  template_id: ["template_id"],
  min_gpu_count: ["gpu_count"],
  max_gpu_count: ["gpu_count"],
  created_after: ["created_at"],
  created_before: ["created_at"],
  search: ["name", "description"],
} as const satisfies Record<FilterKey, readonly string[]>;

/** The columns of the caller's scope: the account and the key's projects. */
export const SCOPE_COLUMNS = ["account_id", "project_id"] as const;

/** The conditions of the filters that narrow the read, by filter key. */
export function filterConditions(filter: ClusterSelector): FilterCondition[] {
  const conditions: FilterCondition[] = [];
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value === undefined) continue;
    const condition = (CONDITIONS[key] as (value: unknown) => Prisma.Sql | null)(value);
    if (condition) conditions.push([key, condition]);
  }
  return conditions;
}

/** The caller's account and the key's projects, ANDed with the given filter conditions. */
export function scopedWhere(principal: Visibility, conditions: FilterCondition[]): Prisma.Sql {
  const and: Prisma.Sql[] = [Prisma.sql`account_id = ${principal.accountId}`];
  if (principal.projectIds) and.push(Prisma.sql`project_id = ANY(${principal.projectIds}::text[])`);
  for (const [, condition] of conditions) and.push(condition);
  return Prisma.join(and, " AND ");
}

export const clusterWhere = (principal: Visibility, filter: ClusterSelector) =>
  scopedWhere(principal, filterConditions(filter));

/**
 * Names the clusters a read selects, canonically: the account, the key's projects and the value of
 * each filter that narrows the read (equal names, equal WHERE). Counts are remembered by it, and
 * streams of one selection share its evaluation.
 */
export function selectionKey(
  visibility: Visibility,
  filter: ClusterSelector,
  conditions: FilterCondition[] = filterConditions(filter),
): string {
  const narrowing = Object.fromEntries(conditions.map(([key]) => [key, filter[key]]));
  return canonicalFields({ ...narrowing, account: visibility.accountId, projects: visibility.projectIds });
}
