// A client-side bound on how long a connection may stay checked out of the pool. statement_timeout
// is enforced by PostgreSQL itself, so a server that stopped answering (frozen, or behind a network
// that drops packets) never cancels anything: a connection held longer than the bound is ended here
// (its query fails, the pool discards it and connects afresh).
// One timer for the whole pool instead of pg's per-query `query_timeout`: each of those timers keeps
// its finished query's rows reachable, so every page would outlive a young-generation GC and be
// promoted (packages/bench/README.md has the measurements).
import type pg from "pg";

/** Starts watching `pool`; the returned function stops it. */
export function watchCheckouts(pool: pg.Pool, limitMs: number): () => void {
  const checkedOutAt = new Map<pg.PoolClient, number>();
  pool.on("acquire", (client) => checkedOutAt.set(client, Date.now()));
  pool.on("release", (_error: Error | undefined, client: pg.PoolClient) => checkedOutAt.delete(client));
  pool.on("remove", (client) => checkedOutAt.delete(client as pg.PoolClient));
  const timer = setInterval(
    () => {
      const now = Date.now();
      for (const [client, since] of checkedOutAt) {
        if (now - since <= limitMs) continue;
        checkedOutAt.delete(client);
        // With a query in flight, end() destroys the socket rather than waiting for the server.
        client.end().catch(() => {});
      }
    },
    Math.min(1_000, limitMs),
  );
  timer.unref();
  return () => clearInterval(timer);
}
