// Server-side prepared statements for the few hot statements that benefit: parsed and planned once
// per connection, then run from PostgreSQL's plan cache. The key lookup with its rate-limit count
// (a CTE with an upsert) costs 4× less PostgreSQL time this way. Only statements whose best plan
// does not depend on their parameters opt in: a listing's plan depends on the account's size, so it
// is planned on every call.
import { createHash } from "node:crypto";
import { dbEnv } from "./env.ts";

/** A statement that starts with this comment is run as a named prepared statement. */
export const PREPARED_STATEMENT = "/* prepared */";

const names = new Map<string, string>();

/** The server-side name for a statement's text, or undefined to run it unnamed (parsed every time). */
export function preparedStatementName(sql: string): string | undefined {
  if (!sql.startsWith(PREPARED_STATEMENT) || !dbEnv().FLEET_DB_PREPARED_STATEMENTS) return undefined;
  let name = names.get(sql);
  if (name === undefined) {
    name = `fleet_${createHash("sha256").update(sql).digest("hex").slice(0, 24)}`;
    names.set(sql, name);
  }
  return name;
}
