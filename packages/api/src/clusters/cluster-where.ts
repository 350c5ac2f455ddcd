// The WHERE clause shared by listing, stats and CSV export: always the caller's account, intersected
// with the key's projects, then every filter ANDed (comma lists are ANY = OR within one parameter).
import { Prisma } from "@fleet/db";
import type { ClusterScopeFilter } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";

/** LIKE metacharacters (and the escape character itself) made literal, for `ILIKE … ESCAPE '\'`. */
export const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

// gpu_count is int4; filter bounds may be any safe integer (up to 2^53). Comparing against an int8
// parameter is exact for every value, never overflows, and still uses the (account_id, gpu_count)
// btree index (int4/int8 share the integer_ops operator family), so no clamping is needed here.
const int8 = (value: number) => Prisma.sql`${BigInt(value)}::int8`;

export function clusterWhere(principal: Principal, filter: ClusterScopeFilter): Prisma.Sql {
  const and: Prisma.Sql[] = [Prisma.sql`account_id = ${principal.accountId}`];
  if (principal.projectIds) and.push(Prisma.sql`project_id = ANY(${principal.projectIds}::text[])`);
  if (filter.status) and.push(Prisma.sql`status = ANY(${filter.status}::text[])`);
  if (filter.gpu_type) and.push(Prisma.sql`gpu_type = ANY(${filter.gpu_type}::text[])`);
  if (filter.region) and.push(Prisma.sql`region = ANY(${filter.region}::text[])`);
  if (filter.project_id !== undefined) and.push(Prisma.sql`project_id = ${filter.project_id}`);
  if (filter.template_id !== undefined) and.push(Prisma.sql`template_id = ${filter.template_id}`);
  if (filter.min_gpu_count !== undefined) and.push(Prisma.sql`gpu_count >= ${int8(filter.min_gpu_count)}`);
  if (filter.max_gpu_count !== undefined) and.push(Prisma.sql`gpu_count <= ${int8(filter.max_gpu_count)}`);
  if (filter.created_after) and.push(Prisma.sql`created_at > ${filter.created_after}::timestamptz`);
  if (filter.created_before) and.push(Prisma.sql`created_at < ${filter.created_before}::timestamptz`);
  if (filter.search !== undefined && filter.search !== "") {
    // Both columns carry a pg_trgm GIN index, so this is a BitmapOr of two index scans.
    const pattern = `%${escapeLike(filter.search)}%`;
    and.push(Prisma.sql`(name ILIKE ${pattern} ESCAPE '\\' OR description ILIKE ${pattern} ESCAPE '\\')`);
  }
  return Prisma.join(and, " AND ");
}
