// The four ways the bench runs one matrix query: (a) the floor, raw SQL with `pg`: the statements
// listClusters issues (floorRunner); (b) listClusters in-process; (c) tRPC over HTTP with
// @fleet/client; (d) REST over HTTP.

import type { Principal } from "@fleet/api";
import {
  type CursorPosition,
  clusterCountQuery,
  countedKeyStatement,
  listClusters,
  readListingPage,
} from "@fleet/api";
import { createFleetClient } from "@fleet/client";
import { type Db, hashApiKeySecret, pgQuery, rowReader, type Statement } from "@fleet/db";
import type { ClusterFilter, ClusterFilterInput } from "@fleet/schema";
import type pg from "pg";
import { request } from "undici";

export interface PreparedQuery {
  name: string;
  /** The REST query string, cursor included. */
  query: string;
  filter: ClusterFilter;
  principal: Principal;
  apiKey: string;
  /** The decoded position of `filter.cursor`, for the floor (which has no HMAC step). */
  after: CursorPosition | null;
}

export type PathName = "floor" | "in-process" | "trpc" | "rest";
export type Runner = (q: PreparedQuery) => Promise<number>;

// As the API's client runs them: a prepared(…) statement as a named prepared statement.
const run = (pool: pg.Pool, statement: Statement) => pool.query(pgQuery(statement));

/**
 * What listClusters issues: its one statement (page, count and revision), counting from the count
 * this process made last time plus the changes since, as the API does.
 */
export function floorRunner(pool: pg.Pool): Runner {
  const reader = { $rows: rowReader(pool) };
  return async (q) => (await readListingPage(reader, q.principal, q.filter, q.after)).rows.length;
}

/**
 * Every statement a REST request issues, in the same order: the key lookup with its rate-limit
 * count (the API's one statement for both), then the listing's statements.
 */
export function wholeRequestFloorRunner(pool: pg.Pool): Runner {
  const listing = floorRunner(pool);
  return async (q) => {
    const prefix = q.apiKey.split("_").slice(0, 2).join("_");
    // The bench's client address, and the default failure limit (a good key never reaches it).
    const failures = { clientAddress: "127.0.0.1", limit: 30 };
    await run(pool, countedKeyStatement(prefix, hashApiKeySecret(q.apiKey), failures));
    return listing(q);
  };
}

/** The count listClusters makes for a filter it has no count of: count(*). */
export function coldCountRunner(pool: pg.Pool): Runner {
  return async (q) => (await run(pool, clusterCountQuery(q.principal, q.filter))).rowCount ?? 0;
}

export function inProcessRunner(db: Db): Runner {
  return async (q) => (await listClusters(db, q.principal, q.filter)).data.length;
}

/** The procedure takes JSON-shaped input: dates as ISO strings, no page when a cursor is given. */
export function toProcedureInput({ page, ...filter }: ClusterFilter): ClusterFilterInput {
  return {
    ...filter,
    ...(filter.cursor === undefined ? { page } : {}),
    created_after: filter.created_after?.toISOString(),
    created_before: filter.created_before?.toISOString(),
  };
}

export function trpcRunner(baseUrl: string): Runner {
  const clients = new Map<string, ReturnType<typeof createFleetClient>>();
  return async (q) => {
    let client = clients.get(q.apiKey);
    if (!client) {
      client = createFleetClient({ baseUrl, apiKey: q.apiKey });
      clients.set(q.apiKey, client);
    }
    return (await client.clusters.list.query(toProcedureInput(q.filter))).data.length;
  };
}

/**
 * undici's request(), the HTTP/1.1 client under Node's fetch without its WHATWG streams, whose cost
 * would be the load generator's, not the API's (packages/bench/README.md). The body is still read
 * and parsed, as any client would.
 */
export function restRunner(baseUrl: string): Runner {
  return async (q) => {
    const res = await request(`${baseUrl}/v1/clusters?${q.query}`, {
      headers: { authorization: `Bearer ${q.apiKey}` },
    });
    const body = (await res.body.json()) as unknown[];
    if (res.statusCode !== 200) throw new Error(`REST ${q.name}: ${res.statusCode} ${JSON.stringify(body)}`);
    if (!res.headers["x-total-count"]) throw new Error(`REST ${q.name}: no X-Total-Count`);
    return body.length;
  };
}
