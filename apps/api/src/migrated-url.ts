// The database URL, migrated. With an external DATABASE_URL the migrations run in a worker thread:
// the schema engine (WebAssembly) is only needed once, and a finished worker returns its memory
// (about 40 MB) instead of keeping it for the server's lifetime. The embedded PostgreSQL is resolved
// in this thread, since this process holds the lease that keeps that server running.
import { Worker } from "node:worker_threads";
import { resolveDatabaseUrl } from "@fleet/db";

export async function migratedDatabaseUrl(external: boolean): Promise<string> {
  // From source (tsx) workers get no TypeScript loader; memory matters only for the built server.
  const fromSource = import.meta.url.endsWith(".ts");
  if (!external || fromSource) return resolveDatabaseUrl();
  // In the bundle, dist/migrate-worker.js sits beside dist/main.js.
  const worker = new Worker(new URL("./migrate-worker.js", import.meta.url));
  try {
    return await new Promise<string>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`migration worker exited with ${code}`)));
    });
  } finally {
    await worker.terminate();
  }
}
