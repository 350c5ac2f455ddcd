// Bulk loading with COPY: rows stream from a generator straight into PostgreSQL, with
// backpressure, so a million clusters never sit in memory at once.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { copyLine } from "./rows.ts";

const ROWS_PER_CHUNK = 1000;

function* chunks<Row extends object>(
  rows: Iterable<Row>,
  columns: readonly (keyof Row)[],
): Generator<string> {
  let chunk = "";
  let count = 0;
  for (const row of rows) {
    chunk += copyLine(row, columns);
    if (++count === ROWS_PER_CHUNK) {
      yield chunk;
      chunk = "";
      count = 0;
    }
  }
  if (chunk) yield chunk;
}

export async function copyRows<Row extends object>(
  client: pg.ClientBase,
  table: string,
  columns: readonly (keyof Row & string)[],
  rows: Iterable<Row>,
  { freeze = false } = {},
): Promise<void> {
  const sql = `COPY ${table} (${columns.join(", ")}) FROM STDIN${freeze ? " WITH (FREEZE)" : ""}`;
  await pipeline(Readable.from(chunks(rows, columns)), client.query(copyFrom(sql)));
}

export interface DeferredIndexes {
  indexes: string[];
  foreignKeys: { name: string; definition: string }[];
}

/**
 * Drops a table's secondary indexes and foreign keys (keeping the primary key) and returns
 * their definitions. Building an index once over a loaded table is several times faster than
 * maintaining it row by row, and one join validates a foreign key faster than a trigger per row.
 * The definitions are read from the catalog, so the migrations stay the single source of truth.
 */
export async function dropDeferrable(client: pg.ClientBase, table: string): Promise<DeferredIndexes> {
  const indexes = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
      WHERE i.indrelid = $1::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))`,
    [table],
  );
  const foreignKeys = await client.query<{ name: string; definition: string }>(
    `SELECT quote_ident(conname) AS name, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f'`,
    [table],
  );
  for (const fk of foreignKeys.rows) await client.query(`ALTER TABLE ${table} DROP CONSTRAINT ${fk.name}`);
  for (const index of indexes.rows) await client.query(`DROP INDEX ${index.name}`);
  return { indexes: indexes.rows.map((row) => row.definition), foreignKeys: foreignKeys.rows };
}

export async function restoreDeferred(
  client: pg.ClientBase,
  table: string,
  deferred: DeferredIndexes,
): Promise<void> {
  for (const definition of deferred.indexes) await client.query(definition);
  for (const fk of deferred.foreignKeys) {
    await client.query(`ALTER TABLE ${table} ADD CONSTRAINT ${fk.name} ${fk.definition}`);
  }
}
