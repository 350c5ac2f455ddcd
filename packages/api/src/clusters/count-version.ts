// An account's count version: `cluster_count_versions.version`, which the triggers that keep
// `cluster_counts` bump on every write a filter can see. A count is exact while the version it
// was computed at is current; an account with no version row yet has the version null.
import { Prisma, prepared } from "@fleet/db";

export type CountVersion = bigint | null;

/** The account's count version as a scalar subquery, to read inside another statement's snapshot. */
export const countVersionColumn = (accountId: string) =>
  Prisma.sql`(SELECT version FROM cluster_count_versions WHERE account_id = ${accountId})`;

/** The account's count version on its own: a primary-key lookup, one row. */
export const countVersionQuery = (accountId: string) =>
  prepared(Prisma.sql`SELECT ${countVersionColumn(accountId)} AS version`);
