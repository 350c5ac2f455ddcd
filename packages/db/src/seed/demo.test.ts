import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseApiKey, verifyApiKeySecret } from "../api-keys.ts";
import { createPrismaClient } from "../client.ts";
import { createTestDatabase, type TestDatabase } from "../testing.ts";
import { DEMO_ACCOUNT_ID, DEMO_CLUSTER_COUNT, ensureDemoData } from "./demo.ts";

describe("ensureDemoData", () => {
  let test: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    test = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), "fleet-demo-"));
  });
  afterAll(async () => {
    await test?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("creates Demo Co with projects, templates, ~250 clusters and a clusters:read key on first start", async () => {
    const keyFile = join(dir, "nested", "demo-api-key.txt");
    const secret = await ensureDemoData(test.db, { keyFile });
    expect(secret).not.toBeNull();
    const account = await test.db.account.findUniqueOrThrow({ where: { id: DEMO_ACCOUNT_ID } });
    expect(account.name).toBe("Demo Co");
    expect(await test.db.cluster.count({ where: { accountId: DEMO_ACCOUNT_ID } })).toBe(DEMO_CLUSTER_COUNT);
    expect(await test.db.project.count({ where: { accountId: DEMO_ACCOUNT_ID } })).toBeGreaterThanOrEqual(3);
    expect(await test.db.template.count({ where: { accountId: DEMO_ACCOUNT_ID } })).toBeGreaterThanOrEqual(3);
    const statuses = await test.db.cluster.groupBy({ by: ["status"], where: { accountId: DEMO_ACCOUNT_ID } });
    expect(statuses.length).toBeGreaterThanOrEqual(4);

    const keys = await test.db.apiKey.findMany({ where: { accountId: DEMO_ACCOUNT_ID } });
    expect(keys).toHaveLength(1);
    const [key] = keys;
    expect(key?.scopes).toEqual(["clusters:read"]);
    expect(key?.projectIds).toEqual([]);
    expect(key?.revokedAt).toBeNull();
    expect(key?.expiresAt).toBeNull();
    expect(parseApiKey(secret ?? "")).toEqual({ prefix: key?.prefix });
    expect(verifyApiKeySecret(secret ?? "", key?.secretHash ?? "")).toBe(true);
    expect(key?.secretHash).not.toContain(secret ?? "-");

    expect(await readFile(keyFile, "utf8")).toBe(`${secret}\n`);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  });

  it("is idempotent: later starts create nothing and return null", async () => {
    const before = await test.db.cluster.count();
    const keyFile = join(dir, "second.txt");
    expect(await ensureDemoData(test.db, { keyFile })).toBeNull();
    expect(await test.db.cluster.count()).toBe(before);
    expect(await test.db.apiKey.count()).toBe(1);
    expect(await test.db.account.count()).toBe(1);
    await expect(stat(keyFile)).rejects.toThrow(/ENOENT/);
  });

  it("creates the demo exactly once when two processes start at the same time", async () => {
    const fresh = await createTestDatabase();
    const other = createPrismaClient(fresh.url, { max: 2 });
    try {
      const results = await Promise.all([
        ensureDemoData(fresh.db, { keyFile: null }),
        ensureDemoData(other, { keyFile: null }),
      ]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(await fresh.db.cluster.count()).toBe(DEMO_CLUSTER_COUNT);
      expect(await fresh.db.apiKey.count()).toBe(1);
    } finally {
      await other.$disconnect();
      await fresh.drop();
    }
  });
});
