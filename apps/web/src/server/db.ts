import "server-only";
import { createPrismaClient, type Db, resolveDatabaseUrl } from "@fleet/db";
import { demoKeyFile, ensureDemoData } from "@fleet/db/seed";
import { startDemoSimulation } from "./demo-simulation";
import { isEmbeddedMode, webEnv } from "./env";
import { processSingleton } from "./process-singleton";

async function connect(): Promise<Db> {
  const url = await resolveDatabaseUrl();
  const db = createPrismaClient(url);
  // In embedded mode the first start creates the demo tenant and writes its key to .data/demo-api-key.txt.
  if (isEmbeddedMode()) {
    const createdKey = await ensureDemoData(db);
    // The operator's first look at the demo: say where to sign in and with which key.
    if (createdKey)
      console.log(`fleet: demo account created; its API key (also in ${demoKeyFile()}):\n  ${createdKey}`);
    else console.log(`fleet: demo API key in ${demoKeyFile()}`);
    if (webEnv().FLEET_DEMO_SIMULATE === "1") await startDemoSimulation(url);
  }
  return db;
}

/** The process's database, connected (and migrated) on first use. A failed attempt is retried on the next call. */
export const getDb = (): Promise<Db> => processSingleton("db", connect);
