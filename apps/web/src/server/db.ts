import "server-only";
import { createPrismaClient, type Db, resolveDatabaseUrl } from "@fleet/db";
import { demoKeyFile, ensureDemoData } from "@fleet/db/seed";
import { isEmbeddedMode } from "./env";

// One client per process. Kept on globalThis because Next.js may load this module once per route bundle.
const holder = globalThis as typeof globalThis & { __fleetDb?: Promise<Db> };

async function connect(): Promise<Db> {
  const db = createPrismaClient(await resolveDatabaseUrl());
  // In embedded mode the first start creates the demo tenant and writes its key to .data/demo-api-key.txt.
  if (isEmbeddedMode()) {
    const createdKey = await ensureDemoData(db);
    // The operator's first look at the demo: say where to sign in and with which key.
    if (createdKey)
      console.log(`fleet: demo account created; its API key (also in ${demoKeyFile()}):\n  ${createdKey}`);
    else console.log(`fleet: demo API key in ${demoKeyFile()}`);
  }
  return db;
}

/** The database, connected (and migrated) on first use. A failed attempt is retried on the next call. */
export function getDb(): Promise<Db> {
  if (!holder.__fleetDb) {
    holder.__fleetDb = connect();
    holder.__fleetDb.catch(() => {
      holder.__fleetDb = undefined;
    });
  }
  return holder.__fleetDb;
}
