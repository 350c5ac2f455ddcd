// The real fetch handler on a real node:http server (127.0.0.1, OS-assigned port) over a fresh
// embedded-PostgreSQL test database, with every log line captured, for HTTP tests in any package.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import type { Db } from "@fleet/db";
import { createTestDatabase } from "@fleet/db/testing";
import { getRequestListener } from "@hono/node-server";
import { stopChangeStreams } from "../changes/hub-registry.ts";
import { createFleetHandler, type FleetHandlerOptions } from "../http/handler.ts";
import { createLogger } from "../logger.ts";

/** Handler options; without `db` the app makes a fresh test database and drops it on close. */
export type TestAppOptions = Partial<FleetHandlerOptions>;

export interface TestApp {
  url: string;
  /** The database the handler reads. */
  db: Db;
  /** Every log line the handler wrote, exactly as written (to search for leaked secrets). */
  rawLogs: string[];
  /** The same lines, parsed (empty when the caller passed its own `logger`). */
  logs: Record<string, unknown>[];
  get(
    pathAndQuery: string,
    opts?: { key?: string; headers?: Record<string, string>; method?: string },
  ): Promise<Response>;
  /** Stops the server; drops the database only if the app made it. */
  close(): Promise<void>;
}

/** The caller's database (kept on close), else a fresh one (dropped on close). */
async function databaseFor(db: Db | undefined): Promise<{ db: Db; drop(): Promise<void> }> {
  return db ? { db, drop: async () => {} } : createTestDatabase();
}

export async function startApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const database = await databaseFor(opts.db);
  const db = database.db;
  const rawLogs: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) {
        if (!line.trim()) continue;
        rawLogs.push(line);
        logs.push(JSON.parse(line));
      }
      done();
    },
  });
  const logger = opts.logger ?? createLogger({ level: "info", destination });
  const handler = createFleetHandler({ ...opts, db, logger });
  const server = createServer(
    getRequestListener((req, env) => handler(req, { remoteAddress: env.incoming.socket.remoteAddress })),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    db,
    rawLogs,
    logs,
    get: (pathAndQuery, o = {}) =>
      fetch(`${url}${pathAndQuery}`, {
        method: o.method ?? "GET",
        headers: { ...(o.key ? { authorization: `Bearer ${o.key}` } : {}), ...o.headers },
      }),
    close: async () => {
      stopChangeStreams(db);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      await database.drop();
    },
  };
}
