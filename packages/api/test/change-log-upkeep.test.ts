// With no stream open anywhere, every server still keeps the change log moving: committed changes
// get their positions (list revisions stay current) and changes past the retention are pruned.
process.env.FLEET_CHANGE_RETENTION = "2s";

import { expect, test } from "vitest";
import { createAccount, createCluster, startApp } from "../src/testing/index.ts";

test("an idle server sequences the log and prunes it past the retention", async () => {
  const app = await startApp();
  try {
    const account = await createAccount(app.db, { projects: 1 });
    const id = await createCluster(app.db, account.id, { projectId: account.projects[0] as string });
    const positionOf = async () =>
      (
        await app.db.$queryRaw<{ position: bigint | null }[]>`
        SELECT position FROM cluster_changes WHERE cluster_id = ${id}`
      )[0]?.position;
    await expect.poll(positionOf, { timeout: 15_000, interval: 250 }).not.toBeNull();
    // Past the retention, the change is pruned and the log says so.
    await expect.poll(positionOf, { timeout: 20_000, interval: 500 }).toBeUndefined();
    const [log] = await app.db.$queryRaw<
      { pruned_through: bigint }[]
    >`SELECT pruned_through FROM cluster_change_log`;
    expect(log?.pruned_through).toBeGreaterThan(0n);
  } finally {
    await app.close();
  }
}, 60_000);
