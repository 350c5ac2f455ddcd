// One production server for the browser suite: the test build (`next build` into its own directory)
// when stale, a fresh test database with the deterministic demo fleet and a known API key, then the
// portal server (`pnpm start`) on that build with DATABASE_URL pointing at the database.

import { ensureDemoData } from "@fleet/db/seed";
import { createTestDatabase } from "@fleet/db/testing";
import type { TestProject } from "vitest/node";
import { ensureTestBuild } from "./build";
import { startNextServer } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    apiKey: string;
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  await ensureTestBuild();
  const database = await createTestDatabase();
  const apiKey = await ensureDemoData(database.db, { keyFile: null });
  if (!apiKey) throw new Error("the fresh test database already had demo data");
  const server = await startNextServer({
    DATABASE_URL: database.url,
    // The suite cross-checks the page against the REST API; it must not trip the per-key limit.
    RATE_LIMIT_PER_MINUTE: "100000",
  });
  project.provide("baseUrl", server.baseUrl);
  project.provide("apiKey", apiKey);
  project.provide("databaseUrl", database.url);
  return async () => {
    await server.stop();
    await database.drop();
  };
}
