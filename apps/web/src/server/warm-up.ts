import "server-only";
import { getDb } from "./db";
import { webEnv } from "./env";

// `next build` loads the server code too; only a running server should start the database.
if (webEnv().NEXT_PHASE !== "phase-production-build") {
  getDb().catch((error: unknown) => {
    // Requests retry the connection; /readyz reports the database as down meanwhile.
    console.error("fleet: database not ready at start-up:", error instanceof Error ? error.message : error);
  });
}
