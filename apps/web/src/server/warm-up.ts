import "server-only";
import { cursorSecret } from "@fleet/api";
import { getDb } from "./db";
import { webEnv } from "./env";

// `next build` loads the server code too; only a running server should start the database.
if (webEnv().NEXT_PHASE !== "phase-production-build") {
  // No cursor secret (an external database without CURSOR_SECRET) is a configuration error: refuse to start.
  try {
    cursorSecret();
  } catch (error) {
    console.error(`fleet: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
  getDb().catch((error: unknown) => {
    // Requests retry the connection; /readyz reports the database as down meanwhile.
    console.error("fleet: database not ready at start-up:", error instanceof Error ? error.message : error);
  });
}
