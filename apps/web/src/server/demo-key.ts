import "server-only";
import { readFile } from "node:fs/promises";
import { demoKeyFile } from "@fleet/db/seed";
import { getDb } from "./db";
import { isEmbeddedMode } from "./env";

/** The demo account's key, written by `ensureDemoData` on first start; null outside embedded mode. */
export async function readDemoKey(): Promise<string | null> {
  if (!isEmbeddedMode()) return null;
  try {
    await getDb(); // first start seeds the demo data and writes the key file

    const key = (await readFile(demoKeyFile(), "utf8")).trim();
    return key || null;
  } catch {
    // No database yet or no key file: the shortcut is simply not offered.
    return null;
  }
}
