// The setup of the hostile-input and tenancy suites: the real handler over its own fresh test
// database (dropped on close) holding a two-tenant hostile fleet, with the rate limit and the limit on
// failed authentications out of the way.
import { startApp, type TestApp } from "@fleet/api/testing";
import { createHostileFleet, type HostileFleet } from "./fleet-data.ts";

export async function startHostileApp(perTenant?: number): Promise<{ app: TestApp; fleet: HostileFleet }> {
  const app = await startApp({ rateLimitPerMinute: 1_000_000, authFailuresPerMinute: 1_000_000 });
  return { app, fleet: await createHostileFleet(app.db, perTenant) };
}
