/**
 * Runs once when `next start` starts: connects the database (and in embedded mode starts PostgreSQL
 * and creates the demo tenant) in the background, so the first visitor does not wait for it.
 */
export async function register() {
  const { webEnv } = await import("./server/env");
  const { NEXT_RUNTIME, NEXT_PHASE } = webEnv();
  if (NEXT_RUNTIME !== "nodejs" || NEXT_PHASE === "phase-production-build") return;
  const { getDb } = await import("./server/db");
  getDb().catch((error: unknown) => {
    // Requests retry the connection; /readyz reports the database as down meanwhile.
    console.error("fleet: database not ready at start-up:", error instanceof Error ? error.message : error);
  });
}
