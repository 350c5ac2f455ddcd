// cost-report end to end: the real program (tsx src/main.ts, configured by FLEET_URL and
// FLEET_API_KEY) against the real API handler on node:http over an embedded PostgreSQL, with
// clusters inserted here so every number in the report can be checked.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { createTenant, startApp, type Tenant, type TenantCluster, type TestApp } from "@fleet/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CostReport } from "../src/report.ts";

const execFileAsync = promisify(execFile);
const appDir = join(import.meta.dirname, "..");
const tsx = join(appDir, "node_modules", ".bin", "tsx");

// Projects: 0 = two idle clusters and a busy one, 1 = one idle, 2 = busy ones (one exactly at 20%).
const SPECS: TenantCluster[] = [
  {
    name: "idle-a",
    project: 0,
    gpuType: "H100",
    gpuCount: 8,
    hourlyRateCents: 4800,
    gpuUtilization: 5,
    ageMinutes: 1,
  },
  {
    name: "idle-b",
    project: 0,
    gpuType: "A100",
    gpuCount: 4,
    hourlyRateCents: 1234,
    gpuUtilization: 19.9,
    ageMinutes: 2,
  },
  {
    name: "busy",
    project: 0,
    gpuType: "H100",
    gpuCount: 8,
    hourlyRateCents: 3000,
    gpuUtilization: 80,
    ageMinutes: 3,
  },
  {
    name: "idle-c",
    project: 1,
    gpuType: "T4",
    gpuCount: 1,
    hourlyRateCents: 35,
    gpuUtilization: 0,
    ageMinutes: 4,
  },
  {
    name: "stopped",
    project: 1,
    status: "stopped",
    hourlyRateCents: 500,
    gpuUtilization: null,
    ageMinutes: 5,
  },
  {
    name: "pending",
    project: 1,
    status: "pending",
    hourlyRateCents: 700,
    gpuUtilization: null,
    ageMinutes: 6,
  },
  {
    name: "at-threshold",
    project: 2,
    gpuType: "V100",
    gpuCount: 2,
    hourlyRateCents: 999,
    gpuUtilization: 20,
    ageMinutes: 7,
  },
  // Enough busy clusters that listAll needs a second page of 100.
  ...Array.from({ length: 101 }, (_, i) => ({
    name: `busy-${i}`,
    project: 2,
    gpuUtilization: 90,
    ageMinutes: 10 + i,
  })),
];
const RUNNING = SPECS.filter((s) => (s.status ?? "running") === "running").length;

let app: TestApp;
let tenant: Tenant;

function costReport(args: string[], env: Record<string, string>) {
  return execFileAsync(tsx, [join(appDir, "src", "main.ts"), ...args], {
    cwd: appDir,
    env: { PATH: process.env.PATH ?? "", ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

const asTenant = () => ({ FLEET_URL: app.url, FLEET_API_KEY: tenant.key });

beforeAll(async () => {
  app = await startApp();
  tenant = await createTenant(app.db, SPECS, { projects: 3 });
  // Another account's idle cluster must never appear in this tenant's report.
  await createTenant(app.db, [
    { name: "foreign-idle", project: 0, hourlyRateCents: 99_900, gpuUtilization: 1, ageMinutes: 1 },
  ]);
}, 60_000);
afterAll(() => app?.close());

describe("cost-report", () => {
  it("--json: idle running clusters by project, with exact hourly costs", async () => {
    const { code, stdout, stderr } = await costReport(["--json"], asTenant());
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report: CostReport = JSON.parse(stdout);
    const [p0, p1] = tenant.projects;
    expect(report).toEqual({
      threshold: 20,
      running_clusters: RUNNING,
      projects: [
        {
          project_id: p0,
          cluster_count: 2,
          gpu_count: 12,
          hourly_cost: 60.34,
          clusters: [
            {
              id: tenant.clusterIds[0],
              name: "idle-a",
              gpu_type: "H100",
              gpu_count: 8,
              gpu_utilization: 5,
              hourly_rate: 48,
            },
            {
              id: tenant.clusterIds[1],
              name: "idle-b",
              gpu_type: "A100",
              gpu_count: 4,
              gpu_utilization: expect.closeTo(19.9, 4),
              hourly_rate: 12.34,
            },
          ],
        },
        {
          project_id: p1,
          cluster_count: 1,
          gpu_count: 1,
          hourly_cost: 0.35,
          clusters: [
            {
              id: tenant.clusterIds[3],
              name: "idle-c",
              gpu_type: "T4",
              gpu_count: 1,
              gpu_utilization: 0,
              hourly_rate: 0.35,
            },
          ],
        },
      ],
      total: { cluster_count: 3, gpu_count: 13, hourly_cost: 60.69, currency: "USD" },
    });
  }, 30_000);

  it("--threshold moves the cut-off (a cluster at exactly the threshold is not below it)", async () => {
    const { code, stdout } = await costReport(["--threshold", "20.5", "--json"], asTenant());
    expect(code).toBe(0);
    const report: CostReport = JSON.parse(stdout);
    expect(report.projects.map((p) => [p.project_id, p.hourly_cost])).toEqual([
      [tenant.projects[0], 60.34],
      [tenant.projects[2], 9.99],
      [tenant.projects[1], 0.35],
    ]);
    expect(report.total).toEqual({ cluster_count: 4, gpu_count: 15, hourly_cost: 70.68, currency: "USD" });
  }, 30_000);

  it("prints a text table by default", async () => {
    const { code, stdout } = await costReport([], asTenant());
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toBe(`Running clusters with GPU utilization below 20%: 3 of ${RUNNING}`);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${tenant.projects[0]}\\s+12\\s+60\\.34$`)),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}idle-a \(\S+\)\s+8x H100\s+5\.0%\s+48\.00$/));
    expect(lines).toContainEqual(expect.stringMatching(/^TOTAL \(2 projects, 3 clusters\)\s+13\s+60\.69$/));
    expect(stdout).not.toMatch(/foreign-idle|busy|at-threshold|stopped/);
  }, 30_000);

  it("fails with the API's code and request id on a bad key (exit 1)", async () => {
    const { code, stdout, stderr } = await costReport([], {
      FLEET_URL: app.url,
      FLEET_API_KEY: "fleet_nope_0000000000000000000000000000000000000000",
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/UNAUTHORIZED \[401\].*\(request [\w-]+\)/);
  }, 30_000);

  it("rejects a missing configuration (exit 1) and bad arguments (exit 2)", async () => {
    const missing = await costReport([], { FLEET_API_KEY: tenant.key });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/FLEET_URL/);
    const bad = await costReport(["--threshold", "150"], asTenant());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--threshold must be a percentage from 0 to 100/);
  }, 30_000);
});
