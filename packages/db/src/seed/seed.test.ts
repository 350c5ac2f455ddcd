import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing.ts";
import { GPU_SPECS } from "./catalog.ts";
import { copyRows } from "./copy.ts";
import { TEMPLATE_COLUMNS } from "./rows.ts";
import { SeedConflictError, type SeedSummary, seed } from "./seed.ts";

const NOW = new Date("2026-06-15T00:00:00Z");
const quiet = () => {};

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A digest of every seeded row, so two databases can be compared for exact equality. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const tables = ["accounts", "projects", "templates", "clusters"];
  const out: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await query<{ digest: string; n: string }>(
      url,
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS digest, count(*) AS n FROM ${table} t`,
    );
    out[table] = `${row?.n}:${row?.digest}`;
  }
  return out;
}

describe("seed: determinism", () => {
  const dbs: TestDatabase[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 3; i++) dbs.push(await createTestDatabase());
  });
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it("the same seed produces identical rows; another seed produces different ones", async () => {
    const [a, b, c] = dbs as [TestDatabase, TestDatabase, TestDatabase];
    await seed(a.url, { accounts: 8, clusters: 600, seed: "alpha", now: NOW, log: quiet });
    await seed(b.url, { accounts: 8, clusters: 600, seed: "alpha", now: NOW, log: quiet });
    await seed(c.url, { accounts: 8, clusters: 600, seed: "beta", now: NOW, log: quiet });
    const [fa, fb, fc] = await Promise.all([fingerprint(a.url), fingerprint(b.url), fingerprint(c.url)]);
    expect(fa.clusters?.startsWith("600:")).toBe(true);
    expect(fb).toEqual(fa);
    for (const table of ["accounts", "projects", "templates", "clusters"])
      expect(fc[table]).not.toBe(fa[table]);
    const idsA = await query<{ id: string }>(a.url, "SELECT id FROM clusters");
    const overlap = await query<{ n: string }>(
      c.url,
      "SELECT count(*) AS n FROM clusters WHERE id = ANY($1)",
      [idsA.map((r) => r.id)],
    );
    expect(Number(overlap[0]?.n)).toBe(0);
  });
});

describe("seed: volume and distribution (2,000 clusters)", () => {
  let test: TestDatabase;
  let summary: SeedSummary;
  const lines: string[] = [];

  beforeAll(async () => {
    test = await createTestDatabase();
    summary = await seed(test.url, {
      accounts: 25,
      clusters: 2000,
      seed: 7,
      now: NOW,
      log: (l) => lines.push(l),
    });
  });
  afterAll(async () => {
    await test?.drop();
  });

  it("loads exactly the requested accounts and clusters, and reports them", async () => {
    const [counts] = await query<{ accounts: string; clusters: string; projects: string; templates: string }>(
      test.url,
      `SELECT (SELECT count(*) FROM accounts) AS accounts, (SELECT count(*) FROM clusters) AS clusters,
              (SELECT count(*) FROM projects) AS projects, (SELECT count(*) FROM templates) AS templates`,
    );
    expect(Number(counts?.accounts)).toBe(25);
    expect(Number(counts?.clusters)).toBe(2000);
    expect(summary).toMatchObject({ accounts: 25, clusters: 2000, seed: "7" });
    expect(summary.projects).toBe(Number(counts?.projects));
    expect(summary.templates).toBe(Number(counts?.templates));
    expect(lines.join("\n")).toContain("2,000 clusters");
  });

  it("gives one account about 20% of the clusters and the rest a long tail", async () => {
    const rows = await query<{ account_id: string; n: string }>(
      test.url,
      "SELECT account_id, count(*) AS n FROM clusters GROUP BY account_id ORDER BY n DESC",
    );
    const sizes = rows.map((r) => Number(r.n));
    expect(sizes[0]).toBeGreaterThanOrEqual(360);
    expect(sizes[0]).toBeLessThanOrEqual(440);
    expect(sizes[1]).toBeLessThanOrEqual((sizes[0] ?? 0) * 0.6);
    expect(rows[0]?.account_id).toBe(summary.largestAccount?.id);
    expect(sizes.at(-1)).toBeLessThan((sizes[1] ?? 0) / 2);
  });

  it("has a plausible status mix: mostly running or stopped, every state present", async () => {
    const rows = await query<{ status: string; n: string }>(
      test.url,
      "SELECT status, count(*) AS n FROM clusters GROUP BY status",
    );
    const share = Object.fromEntries(rows.map((r) => [r.status, Number(r.n) / 2000]));
    expect(Object.keys(share).sort()).toEqual([
      "error",
      "pending",
      "running",
      "starting",
      "stopped",
      "stopping",
    ]);
    expect((share.running ?? 0) + (share.stopped ?? 0)).toBeGreaterThan(0.7);
    expect(share.running).toBeGreaterThan(share.stopped ?? 1);
    for (const rare of ["error", "pending", "starting", "stopping"]) expect(share[rare]).toBeLessThan(0.12);
  });

  it("prices each GPU type per GPU-hour like real clouds, in integer cents", async () => {
    const rows = await query<{ gpu_type: string; gpu_count: number; hourly_rate_cents: number }>(
      test.url,
      "SELECT gpu_type, gpu_count, hourly_rate_cents FROM clusters",
    );
    const dollars: Record<string, [number, number]> = {
      H100: [2, 4],
      A100: [1.1, 2],
      RTX4090: [0.35, 0.8],
      V100: [0.4, 0.9],
      T4: [0.2, 0.5],
    };
    expect(new Set(rows.map((r) => r.gpu_type))).toEqual(new Set(Object.keys(dollars)));
    for (const row of rows) {
      expect([1, 2, 4, 8]).toContain(row.gpu_count);
      expect(Number.isInteger(row.hourly_rate_cents)).toBe(true);
      expect(row.hourly_rate_cents % row.gpu_count).toBe(0);
      const perGpu = row.hourly_rate_cents / row.gpu_count / 100;
      const [min, max] = dollars[row.gpu_type] ?? [0, 0];
      expect(perGpu).toBeGreaterThanOrEqual(min);
      expect(perGpu).toBeLessThanOrEqual(max);
    }
    expect(GPU_SPECS.H100.centsPerGpuHour).toEqual([200, 400]);
  });

  it("names clusters like llm-finetune-h100-07 and keeps name_lower = lower(name)", async () => {
    const rows = await query<{ name: string; gpu_type: string; bad: string }>(
      test.url,
      "SELECT name, gpu_type, (SELECT count(*) FROM clusters WHERE name_lower <> lower(name)) AS bad FROM clusters",
    );
    expect(Number(rows[0]?.bad)).toBe(0);
    for (const row of rows) {
      expect(row.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*-(h100|a100|rtx4090|v100|t4)-\d{2,}$/);
      expect(row.name).toContain(`-${row.gpu_type.toLowerCase()}-`);
    }
    const [dupes] = await query<{ n: string }>(
      test.url,
      "SELECT count(*) AS n FROM (SELECT account_id, name FROM clusters GROUP BY 1, 2 HAVING count(*) > 1) d",
    );
    expect(Number(dupes?.n)).toBe(0);
  });

  it("has metrics only for running clusters, 0–100, with a realistic share of idle ones", async () => {
    const rows = await query<{
      status: string;
      gpu_utilization: number | null;
      gpu_memory_utilization: number | null;
      cpu_utilization: number | null;
      memory_utilization: number | null;
      metrics_updated_at: Date | null;
    }>(
      test.url,
      "SELECT status, gpu_utilization, gpu_memory_utilization, cpu_utilization, memory_utilization, metrics_updated_at FROM clusters",
    );
    const running = rows.filter((r) => r.status === "running");
    for (const row of rows) {
      const values = [
        row.gpu_utilization,
        row.gpu_memory_utilization,
        row.cpu_utilization,
        row.memory_utilization,
      ];
      if (row.status === "running") {
        expect(row.metrics_updated_at).not.toBeNull();
        for (const v of values) {
          expect(v).not.toBeNull();
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(100);
        }
      } else {
        expect([...values, row.metrics_updated_at]).toEqual([null, null, null, null, null]);
      }
    }
    const idle = running.filter((r) => (r.gpu_utilization ?? 100) < 10).length / running.length;
    const busy = running.filter((r) => (r.gpu_utilization ?? 0) > 70).length / running.length;
    expect(idle).toBeGreaterThan(0.1);
    expect(idle).toBeLessThan(0.45);
    expect(busy).toBeGreaterThan(0.25);
  });

  it("fills SSH details exactly when SSH is enabled, and URLs exactly for http(s) port mappings", async () => {
    const rows = await query<{
      ssh_enabled: boolean;
      ssh_host: string | null;
      ssh_port: number | null;
      ssh_username: string | null;
      port_mappings: { internal_port: number; external_port: number; protocol: string; url: string | null }[];
      proxy_url: string | null;
    }>(
      test.url,
      "SELECT ssh_enabled, ssh_host, ssh_port, ssh_username, port_mappings, proxy_url FROM clusters",
    );
    const enabled = rows.filter((r) => r.ssh_enabled).length / rows.length;
    expect(enabled).toBeGreaterThan(0.5);
    expect(enabled).toBeLessThan(0.9);
    const protocols = new Set<string>();
    for (const row of rows) {
      if (row.ssh_enabled) {
        expect(row.ssh_host).toMatch(/^[a-z0-9.-]+$/);
        expect(row.ssh_port).toBeGreaterThan(0);
        expect(row.ssh_username).toMatch(/^[a-z]+$/);
      } else {
        expect([row.ssh_host, row.ssh_port, row.ssh_username]).toEqual([null, null, null]);
      }
      for (const m of row.port_mappings) {
        protocols.add(m.protocol);
        if (m.protocol === "http" || m.protocol === "https")
          expect(m.url).toMatch(new RegExp(`^${m.protocol}://`));
        else expect(m.url).toBeNull();
        expect(m.external_port).toBeGreaterThan(0);
      }
      if (row.proxy_url !== null) expect(row.proxy_url).toMatch(/^https:\/\//);
    }
    expect([...protocols].sort()).toEqual(["http", "https", "tcp", "udp"]);
    expect(rows.some((r) => r.proxy_url !== null)).toBe(true);
    expect(rows.some((r) => r.proxy_url === null)).toBe(true);
    expect(rows.some((r) => r.port_mappings.length === 0)).toBe(true);
  });

  it("spreads created_at over two years, sometimes sets expires_at and description, and never breaks tenancy", async () => {
    const [stats] = await query<{
      oldest: Date;
      newest: Date;
      with_expiry: string;
      with_description: string;
      cross_project: string;
      cross_template: string;
      before_created: string;
      negative_cost: string;
    }>(
      test.url,
      `SELECT min(c.created_at) AS oldest, max(c.created_at) AS newest,
              count(*) FILTER (WHERE c.expires_at IS NOT NULL) AS with_expiry,
              count(*) FILTER (WHERE c.description IS NOT NULL) AS with_description,
              count(*) FILTER (WHERE p.account_id <> c.account_id) AS cross_project,
              count(*) FILTER (WHERE t.account_id <> c.account_id) AS cross_template,
              count(*) FILTER (WHERE c.updated_at < c.created_at) AS before_created,
              count(*) FILTER (WHERE c.total_cost_cents < 0) AS negative_cost
         FROM clusters c JOIN projects p ON p.id = c.project_id LEFT JOIN templates t ON t.id = c.template_id`,
    );
    const day = 86_400_000;
    expect(NOW.getTime() - (stats?.oldest.getTime() ?? 0)).toBeGreaterThan(600 * day);
    expect(NOW.getTime() - (stats?.oldest.getTime() ?? 0)).toBeLessThanOrEqual(731 * day);
    expect(stats?.newest.getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(NOW.getTime() - (stats?.newest.getTime() ?? 0)).toBeLessThan(day);
    expect(Number(stats?.with_expiry) / 2000).toBeGreaterThan(0.1);
    expect(Number(stats?.with_expiry) / 2000).toBeLessThan(0.35);
    expect(Number(stats?.with_description) / 2000).toBeGreaterThan(0.5);
    expect(Number(stats?.with_description) / 2000).toBeLessThan(0.9);
    expect(Number(stats?.cross_project)).toBe(0);
    expect(Number(stats?.cross_template)).toBe(0);
    expect(Number(stats?.before_created)).toBe(0);
    expect(Number(stats?.negative_cost)).toBe(0);
    const ids = await query<{ id: string }>(
      test.url,
      "SELECT id FROM accounts UNION ALL SELECT id FROM projects UNION ALL SELECT id FROM templates UNION ALL (SELECT id FROM clusters LIMIT 50)",
    );
    for (const { id } of ids) expect(id).toMatch(/^(acc|prj|tpl|cl)_[0-9A-Za-z]+$/);
  });
});

describe("seed: reset, conflicts and the bulk path", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(async () => {
    await test?.drop();
  });

  const indexShape = (url: string) =>
    query<{ def: string }>(
      url,
      `SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'clusters'::regclass
       UNION ALL
       SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'clusters'::regclass
       ORDER BY 1`,
    );

  /** A bulk load is the new accounts' starting state: the change log gets no record per cluster. */
  async function expectLoadUnlogged(): Promise<void> {
    const [row] = await query<{ logged: string }>(
      test.url,
      "SELECT count(*) AS logged FROM cluster_changes WHERE cluster_id <> ''",
    );
    expect(Number(row?.logged)).toBe(0);
  }

  it("rebuilds exactly the migrated indexes and foreign keys after a deferred-index load", async () => {
    const before = await indexShape(test.url);
    expect(before.length).toBeGreaterThan(10);
    await seed(test.url, {
      accounts: 5,
      clusters: 500,
      seed: "bulk",
      reset: true,
      deferIndexes: true,
      now: NOW,
      log: quiet,
    });
    expect(await indexShape(test.url)).toEqual(before);
    await expectLoadUnlogged();
    const [{ n } = { n: "0" }] = await query<{ n: string }>(test.url, "SELECT count(*) AS n FROM clusters");
    expect(Number(n)).toBe(500);
  });

  it("refuses to load the same seed twice without --reset, and changes nothing", async () => {
    const before = await fingerprint(test.url);
    await expect(
      seed(test.url, { accounts: 5, clusters: 500, seed: "bulk", now: NOW, log: quiet }),
    ).rejects.toThrow(SeedConflictError);
    expect(await fingerprint(test.url)).toEqual(before);
  });

  it("adds another seed's fleet next to the existing one without --reset", async () => {
    await seed(test.url, { accounts: 3, clusters: 100, seed: "more", now: NOW, log: quiet });
    const [{ n } = { n: "0" }] = await query<{ n: string }>(test.url, "SELECT count(*) AS n FROM clusters");
    expect(Number(n)).toBe(600);
    await expectLoadUnlogged();
  });

  it("with --reset replaces everything, including API keys", async () => {
    await test.db.apiKey.create({
      data: {
        id: "key_test",
        accountId: (await test.db.account.findFirstOrThrow()).id,
        name: "k",
        prefix: "fleet_testtest",
        secretHash: "00",
        scopes: ["clusters:read"],
        projectIds: [],
      },
    });
    const summary = await seed(test.url, {
      accounts: 2,
      clusters: 50,
      seed: "bulk",
      reset: true,
      now: NOW,
      log: quiet,
    });
    expect(summary.reset).toBe(true);
    expect(await test.db.cluster.count()).toBe(50);
    expect(await test.db.account.count()).toBe(2);
    expect(await test.db.apiKey.count()).toBe(0);
    await expectLoadUnlogged();
  });

  it("copies text with tabs, newlines, backslashes, quotes and Unicode byte for byte", async () => {
    const accountId = (await test.db.account.findFirstOrThrow()).id;
    const description = 'tab\there\nnew line \\N not null, back\\slash, "quotes", 100% _under_ 🚀 Zürich\r';
    const client = new pg.Client({ connectionString: test.url });
    await client.connect();
    try {
      await copyRows(client, "templates", TEMPLATE_COLUMNS, [
        { id: "tpl_escape", account_id: accountId, name: "\\N", description, created_at: NOW.toISOString() },
        {
          id: "tpl_null",
          account_id: accountId,
          name: "null",
          description: null,
          created_at: NOW.toISOString(),
        },
      ]);
    } finally {
      await client.end();
    }
    const rows = await test.db.template.findMany({
      where: { id: { in: ["tpl_escape", "tpl_null"] } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((r) => [r.name, r.description])).toEqual([
      ["\\N", description],
      ["null", null],
    ]);
  });

  it("loads accounts with no clusters at all", async () => {
    const summary = await seed(test.url, {
      accounts: 3,
      clusters: 0,
      seed: "empty",
      reset: true,
      now: NOW,
      log: quiet,
    });
    expect(summary.largestAccount).toBeNull();
    expect(await test.db.account.count()).toBe(3);
    expect(await test.db.cluster.count()).toBe(0);
    await seed(test.url, { accounts: 2, clusters: 50, seed: "bulk", reset: true, now: NOW, log: quiet });
  });

  it("rejects invalid sizes before touching the database", async () => {
    await expect(seed(test.url, { accounts: 0, clusters: 10, seed: 1, log: quiet })).rejects.toThrow(
      /accounts/,
    );
    await expect(seed(test.url, { accounts: 1, clusters: 1.5, seed: 1, log: quiet })).rejects.toThrow(
      /clusters/,
    );
    expect(await test.db.cluster.count()).toBe(50);
  });
});
