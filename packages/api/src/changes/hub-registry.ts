// The change hub of a database client: one per process and database, made on first use, so every
// stream a server serves shares one reader of the change log.
import type { Db } from "@fleet/db";
import { WATCH_STREAMS_PER_KEY } from "@fleet/schema";
import { apiEnv } from "../env.ts";
import { ChangeHub } from "./change-hub.ts";

const hubs = new WeakMap<Db, ChangeHub>();

export function changeHubFor(db: Db): ChangeHub {
  let hub = hubs.get(db);
  if (!hub) {
    const env = apiEnv();
    hub = new ChangeHub(db, {
      pollMs: env.FLEET_CHANGE_POLL_MS,
      heartbeatMs: env.FLEET_WATCH_HEARTBEAT_MS,
      maxStreamsPerKey: WATCH_STREAMS_PER_KEY,
      keyCheckMs: env.FLEET_WATCH_KEY_CHECK_MS,
      retentionMs: env.FLEET_CHANGE_RETENTION,
    });
    hubs.set(db, hub);
  }
  return hub;
}

/** Ends every change stream served over `db` (a server stopping): their clients resume elsewhere. */
export function stopChangeStreams(db: Db): void {
  hubs.get(db)?.stop();
}
