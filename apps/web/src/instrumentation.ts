/**
 * Runs once when `next start` starts: connects the database (and in embedded mode starts PostgreSQL
 * and creates the demo tenant) in the background, so the first visitor does not wait for it.
 */
export async function register() {
  // Read literally (not through env.ts) so Next.js drops the Node-only import from the edge build.
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./server/warm-up");
}
