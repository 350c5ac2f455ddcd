// What the change log's records mean beyond their columns (the trigger writing them is in the
// cluster_changes migration): a TRUNCATE is one reset record for every account, with no row before
// or after; whoever relies on the log across a reset must start over from a fresh read.
import { Prisma } from "@fleet/db";

/** The account_id of a change log record about every account (a TRUNCATE). */
export const ALL_ACCOUNTS = "";

/** The change log records that concern `accountId`: its own and those about every account. */
export const forAccount = (alias: string, accountId: string) =>
  Prisma.sql`${Prisma.raw(alias)}.account_id IN (${accountId}, ${ALL_ACCOUNTS})`;

/** True for a reset record of the change log aliased `alias`. */
export const isReset = (alias: string) =>
  Prisma.sql`(${Prisma.raw(alias)}.old_row IS NULL AND ${Prisma.raw(alias)}.new_row IS NULL)`;
