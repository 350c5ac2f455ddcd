// apps/api: the lean standalone API server. It mounts the same `@fleet/api` fetch handler as the
// Next.js portal (tRPC, /v1/clusters, /v1/openapi.json, /healthz, /readyz), for machine traffic
// that should not go through the portal.
import { createFleetHandler, createLogger, cursorSecret, stopChangeStreams } from "@fleet/api";
import { createPrismaClient, isEmbeddedDatabase } from "@fleet/db";
import { serverEnv } from "./env.ts";
import { migratedDatabaseUrl } from "./migrated-url.ts";
import { listen } from "./server.ts";

const env = serverEnv();
const logger = createLogger();
// No cursor secret (an external database without CURSOR_SECRET) is a configuration error: refuse to start.
try {
  cursorSecret();
} catch (error) {
  console.error(`fleet api server: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
const db = createPrismaClient(await migratedDatabaseUrl(!isEmbeddedDatabase()));
const server = await listen(createFleetHandler({ db, logger }), { port: env.PORT, host: env.HOST });
logger.info({ url: server.url }, "fleet api server listening");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "draining");
  // Open change streams never finish by themselves: end them, so draining waits only for requests.
  stopChangeStreams(db);
  await server.close(env.SHUTDOWN_TIMEOUT_MS);
  // A query stuck on the database (lock, hung server) would keep the pool from ending: bound it.
  await Promise.race([db.$disconnect(), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  logger.info("stopped");
  // Exit explicitly: the embedded PostgreSQL lease hooks run on exit, and nothing else should linger.
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
