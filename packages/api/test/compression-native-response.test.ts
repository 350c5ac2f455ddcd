// The portal's server mounts the handler without @hono/node-server's lightweight Response
// (overrideGlobalObjects: false), so coded bodies go through the platform's Response there: they
// must arrive whole, with the right Content-Length, as on apps/api.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { getRequestListener } from "@hono/node-server";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createFleetHandler } from "../src/http/handler.ts";
import { createLogger } from "../src/logger.ts";
import { createAccount, createClusters, createKey } from "../src/testing/index.ts";
import { rawGet } from "./helpers/raw-get.ts";

let tdb: TestDatabase;
let server: Server;
let url: string;
let key: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  const acc = await createAccount(tdb.db);
  key = (await createKey(tdb.db, acc.id)).secret;
  const projectId = acc.projects[0] as string;
  await createClusters(
    tdb.db,
    acc.id,
    Array.from({ length: 50 }, () => ({ projectId })),
  );
  const handler = createFleetHandler({ db: tdb.db, logger: createLogger({ level: "silent" }) });
  server = createServer(getRequestListener((req) => handler(req), { overrideGlobalObjects: false }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await tdb?.drop();
});

test("with the platform's Response, coded REST and tRPC bodies arrive whole with their Content-Length", async () => {
  expect(Response.name).toBe("Response");
  const auth = { authorization: `Bearer ${key}` };
  const input = encodeURIComponent(JSON.stringify({ limit: 50 }));
  for (const path of [
    "/v1/clusters?limit=50",
    `/api/trpc/clusters.list?input=${input}`,
    "/v1/openapi.json",
  ]) {
    const plain = await rawGet(`${url}${path}`, auth);
    for (const [coding, decode] of [
      ["br", brotliDecompressSync],
      ["gzip", gunzipSync],
    ] as const) {
      const coded = await rawGet(`${url}${path}`, { ...auth, "accept-encoding": coding });
      expect(coded.status, path).toBe(200);
      expect(coded.headers["content-encoding"], path).toBe(coding);
      expect(Number(coded.headers["content-length"]), path).toBe(coded.body.byteLength);
      // Each answer names the snapshot it read, which moves on with any write to the database.
      const withoutRevision = (json: string) => json.replace(/"revision":"[^"]*"/, '"revision":""');
      expect(withoutRevision(decode(coded.body).toString("utf8")), path).toBe(
        withoutRevision(plain.body.toString("utf8")),
      );
    }
  }
});
