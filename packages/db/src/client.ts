import { PrismaPg } from "@prisma/adapter-pg";
import { dbEnv } from "./env.ts";
import { PrismaClient } from "./generated/prisma/client.ts";

export type Db = PrismaClient;

export interface PrismaClientOptions {
  /** Pool size; defaults to FLEET_DB_POOL_MAX (10). Keep it small: PostgreSQL's default is 100 connections in total. */
  max?: number;
  /**
   * Longest a statement may run, in ms (server-side `statement_timeout` plus a client-side
   * `query_timeout` for a server that stopped answering); defaults to FLEET_DB_STATEMENT_TIMEOUT_MS
   * (10 s). A hung query would otherwise hold its pool connection long after its request gave up.
   * 0 turns it off (bulk loads, index builds).
   */
  statementTimeoutMs?: number;
}

/** The one Prisma client factory: Prisma 7 with the pg driver adapter and a bounded pool. */
export function createPrismaClient(url: string, opts: PrismaClientOptions = {}): Db {
  const statementTimeoutMs = opts.statementTimeoutMs ?? dbEnv().FLEET_DB_STATEMENT_TIMEOUT_MS;
  const adapter = new PrismaPg({
    connectionString: url,
    max: opts.max ?? dbEnv().FLEET_DB_POOL_MAX,
    // Fail fast instead of queueing forever when the pool is exhausted or the server is gone.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    ...(statementTimeoutMs > 0
      ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + 1_000 }
      : {}),
  });
  return new PrismaClient({ adapter });
}
