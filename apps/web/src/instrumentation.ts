/**
 * Runs once when the server starts: publishes the API handler for server.mjs, and connects the
 * database (in embedded mode: starts PostgreSQL and creates the demo tenant) in the background, so
 * the first visitor does not wait for it.
 */
export async function register() {
  // Read literally (not through env.ts) so Next.js drops the Node-only imports from the edge build.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    (await import("./server/api-front")).publishApiHandler();
    await import("./server/warm-up");
  }
}
