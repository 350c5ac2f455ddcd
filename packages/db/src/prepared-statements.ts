// Server-side prepared statements for the few hot statements that benefit: parsed and planned once
// per connection, then run from PostgreSQL's plan cache. Only statements whose best plan does not
// depend on their parameters opt in: the key check, and the listings that one index serves in
// order whatever the values (packages/api/src/clusters/one-plan.ts).
import { createHash } from "node:crypto";
import { dbEnv } from "./env.ts";
import type { Prisma } from "./generated/prisma/client.ts";

/** A statement to run as a named prepared statement (made by `prepared`). */
export interface PreparedSql {
  readonly prepared: Prisma.Sql;
}

/** What `$rows` runs: a plain statement (parsed every time) or a prepared one. */
export type Statement = Prisma.Sql | PreparedSql;

/** Marks a statement to be prepared once per connection. */
export function prepared(sql: Prisma.Sql): PreparedSql {
  return { prepared: sql };
}

const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `fleet_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * The pg query for a statement: named when it is prepared and FLEET_DB_PREPARED_STATEMENTS allows
 * it, unnamed otherwise.
 */
export function pgQuery(statement: Statement): { name: string | undefined; text: string; values: unknown[] } {
  const sql = "prepared" in statement ? statement.prepared : statement;
  const name = "prepared" in statement && dbEnv().FLEET_DB_PREPARED_STATEMENTS ? nameOf(sql.text) : undefined;
  return { name, text: sql.text, values: sql.values as unknown[] };
}
