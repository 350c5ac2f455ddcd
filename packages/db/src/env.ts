// The only place @fleet/db reads process.env: validated once, on first use.
import { z } from "zod";

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional()
    .describe("External PostgreSQL; when unset, an embedded PostgreSQL is started in the data directory."),
  FLEET_DATA_DIR: z
    .string()
    .min(1)
    .optional()
    .describe("Where embedded PostgreSQL keeps its data; defaults to <repo>/.data."),
  FLEET_DB_POOL_MAX: z.coerce
    .number()
    .int()
    .positive()
    .default(10)
    .describe("Connections per Prisma client pool."),
  FLEET_DB_STATEMENT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10_000)
    .describe("Longest a query of the app may run (ms); 0 turns the limit off."),
  FLEET_DB_PREPARED_STATEMENTS: z
    .enum(["on", "off"])
    .default("on")
    .transform((value) => value === "on")
    .describe(
      "Named prepared statements for the hot statements; 'off' behind a pooler without prepared-statement support (PgBouncer < 1.21 in transaction mode).",
    ),
});

export type DbEnv = z.infer<typeof EnvSchema>;

let cached: DbEnv | undefined;

export function dbEnv(): DbEnv {
  if (!cached) {
    // Empty strings (e.g. `DATABASE_URL= pnpm …`) mean "unset", not "invalid".
    const raw = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
    cached = EnvSchema.parse(raw);
  }
  return cached;
}

/** Embedded mode, the single-machine demo setup: no DATABASE_URL, so the embedded PostgreSQL is used. */
export const isEmbeddedDatabase = () => dbEnv().DATABASE_URL === undefined;
