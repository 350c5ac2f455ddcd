// The only place the CLI reads process.env (the database itself is resolved by @fleet/db).
import { z } from "zod";

const CliEnv = z.object({
  DATABASE_URL: z.string().optional().describe("External PostgreSQL; unset means the embedded database."),
});

/** True when the CLI works on the embedded database (no DATABASE_URL), i.e. the demo setup. */
export function isEmbeddedDatabase(): boolean {
  // Empty means unset, as in @fleet/db.
  const env = CliEnv.parse({ DATABASE_URL: process.env.DATABASE_URL || undefined });
  return env.DATABASE_URL === undefined;
}
