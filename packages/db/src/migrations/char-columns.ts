// adapter-pg has no column-type mapping for PostgreSQL's internal single-byte `"char"` type
// (oid 18), which the schema engine's catalog queries return (pg_class.relkind,
// pg_constraint.contype, …): adapter-pg rejects the whole result ("Column type 'char' could not be
// deserialized") and the engine, which reads those columns as chars, would panic on text.
// Two halves fix it for schema-engine connections only:
// 1. CharAsTextClient (the pool's pg client) reports such columns as text so adapter-pg accepts
//    them, and remembers their positions keyed by the result's rows array;
// 2. withCharColumns() patches an adapter so its result sets declare those columns as Character.
import type { SqlDriverAdapter, SqlQueryable, SqlResultSet } from "@prisma/driver-adapter-utils";
import { ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import pg from "pg";

const CHAR_OID = 18;
const TEXT_OID = 25;

/** rows array of a pg result → indexes of its `"char"` columns. */
const charColumns = new WeakMap<object, number[]>();

function relabel<T>(result: T): T {
  const { fields, rows } = (result ?? {}) as { fields?: { dataTypeID: number }[]; rows?: object };
  const indexes: number[] = [];
  fields?.forEach((field, index) => {
    if (field.dataTypeID !== CHAR_OID) return;
    field.dataTypeID = TEXT_OID;
    indexes.push(index);
  });
  if (indexes.length > 0 && rows) charColumns.set(rows, indexes);
  return result;
}

export class CharAsTextClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: forwards every overload of pg.Client#query unchanged.
  override query(...args: any[]): any {
    // pg.Pool#query calls us with a callback; adapter-pg's transactions use the promise form.
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (error: Error | null, result: unknown) =>
        last(error, error ? result : relabel(result));
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    const pending = (super.query as (...a: any[]) => any)(...args);
    return pending && typeof pending.then === "function" ? pending.then(relabel) : pending;
  }
}

function patchQueryable<T extends SqlQueryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query): Promise<SqlResultSet> => {
    const result = await queryRaw(query);
    for (const index of charColumns.get(result.rows) ?? [])
      result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

export function withCharColumns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => patchQueryable(await startTransaction(isolationLevel));
  return patchQueryable(adapter);
}
