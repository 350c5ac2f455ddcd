import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { watchCheckouts } from "./checkout-watchdog.ts";
import { dbEnv } from "./env.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { pgQuery, type Statement } from "./prepared-statements.ts";
import { parseTimestamptz, TIMESTAMPTZ_OID } from "./timestamptz.ts";

export interface PrismaClientOptions {
  /** Pool size; defaults to FLEET_DB_POOL_MAX (10). Keep it small: PostgreSQL's default is 100 connections in total. */
  max?: number;
  /**
   * Longest a statement may run, in ms (server-side `statement_timeout`, plus a client-side bound
   * one second longer on how long a connection stays checked out, for a server that stopped
   * answering: see checkout-watchdog.ts); defaults to FLEET_DB_STATEMENT_TIMEOUT_MS (10 s). A hung
   * query would otherwise hold its pool connection long after its request gave up.
   * 0 turns both off (bulk loads, index builds).
   */
  statementTimeoutMs?: number;
}

// int8 columns (counters, cents, versions) as bigint, as Prisma returns them; pg's own default is a string.
const INT8_OID = 20;
const parseInt8 = (text: string) => BigInt(text);
/** How `$rows` reads values (exported for its test). */
export const rowTypes = {
  getTypeParser: ((oid: number, format: "text" | "binary" = "text") => {
    if (format === "text" && oid === INT8_OID) return parseInt8;
    if (format === "text" && oid === TIMESTAMPTZ_OID) return parseTimestamptz;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};

/** Reads rows of hand-written statements. */
export type RowReader = <Row>(statement: Statement) => Promise<Row[]>;

/**
 * Rows of hand-written statements (Prisma.sql, or `prepared(Prisma.sql…)`) run on a pool, or on one
 * connection of it inside a transaction: the client's `$rows` and `$rowsInTransaction`, and the
 * benchmark's floor on a pool of its own.
 */
export const rowReader =
  (on: pg.Pool | pg.PoolClient): RowReader =>
  async <Row>(statement: Statement) =>
    (await on.query({ ...pgQuery(statement), types: rowTypes })).rows as Row[];

/**
 * The one database client factory: Prisma 7 on the pg driver adapter, over one bounded pg pool that
 * the client's `$rows` also uses. Models go through Prisma; the API's hand-written SQL goes through
 * `$rows`, straight to pg: Prisma's per-row processing of raw results would be the largest CPU cost
 * of a listing request.
 */
export function createPrismaClient(url: string, opts: PrismaClientOptions = {}) {
  const statementTimeoutMs = opts.statementTimeoutMs ?? dbEnv().FLEET_DB_STATEMENT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? dbEnv().FLEET_DB_POOL_MAX,
    // Fail fast instead of queueing forever when the pool is exhausted or the server is gone.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
  });
  // An idle connection that dies (server restart) is dropped by the pool; the next query reports it.
  pool.on("error", () => {});
  const stopWatching = statementTimeoutMs > 0 ? watchCheckouts(pool, statementTimeoutMs + 1_000) : () => {};
  const rows = rowReader(pool);
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
  });
  return prisma.$extends({
    client: {
      /**
       * Rows of a hand-written statement (Prisma.sql, or `prepared(Prisma.sql…)`), run on the pool
       * directly. It never joins a `$transaction`: inside one, use the transaction client's `$queryRaw`.
       */
      $rows<Row>(statement: Statement): Promise<Row[]> {
        return rows<Row>(statement);
      },
      /**
       * `work`'s statements in one transaction on one connection, committed when it resolves and
       * rolled back when it throws: for the hot paths that must not wait on loading Prisma's engine.
       */
      async $rowsInTransaction<T>(work: (rows: RowReader) => Promise<T>): Promise<T> {
        const connection = await pool.connect();
        let broken: Error | undefined;
        try {
          await connection.query("BEGIN");
          const result = await work(rowReader(connection));
          await connection.query("COMMIT");
          return result;
        } catch (err) {
          await connection.query("ROLLBACK").catch((rollbackFailed: Error) => {
            broken = rollbackFailed;
          });
          throw err;
        } finally {
          // A connection whose rollback failed is in an unknown state: the pool discards it.
          connection.release(broken);
        }
      },
      /** Prisma's disconnect leaves a pool it was given open: end it too. */
      async $disconnect(): Promise<void> {
        stopWatching();
        await prisma.$disconnect();
        if (!pool.ending) await pool.end();
      },
    },
  });
}

export type Db = ReturnType<typeof createPrismaClient>;
