// A real app for HTTP tests: a fresh embedded-PostgreSQL database and the real fetch handler on node:http.
import { Writable } from "node:stream";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { createFleetHandler, createLogger, type FleetHandlerOptions } from "../../src/index.ts";
import { startServer, type TestServer } from "./server.ts";

export interface TestApp {
  tdb: TestDatabase;
  server: TestServer;
  url: string;
  /** Every log line the handler wrote, parsed. */
  logs: Record<string, unknown>[];
  get(
    pathAndQuery: string,
    opts?: { key?: string; headers?: Record<string, string>; method?: string },
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function startApp(
  opts: Partial<FleetHandlerOptions> = {},
  tdb?: TestDatabase,
): Promise<TestApp> {
  const database = tdb ?? (await createTestDatabase());
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger({ level: "info", destination });
  const server = await startServer(createFleetHandler({ db: database.db, logger, ...opts }));
  return {
    tdb: database,
    server,
    url: server.url,
    logs,
    get: (pathAndQuery, o = {}) =>
      fetch(`${server.url}${pathAndQuery}`, {
        method: o.method ?? "GET",
        headers: { ...(o.key ? { authorization: `Bearer ${o.key}` } : {}), ...o.headers },
      }),
    close: async () => {
      await server.close();
      if (!tdb) await database.drop();
    },
  };
}
