// The root README's curl lines, run verbatim through a shell against the real app: the first of the
// three documented ways to call the API (curl, @fleet/client, a generated OpenAPI client).
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { createTenant, startApp, type TenantCluster, type TestApp } from "@fleet/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);

/** The README's curl lines are for machines that have curl; a Node-only machine has none to run. */
const hasCurl = (() => {
  try {
    execFileSync("curl", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    console.warn("curl.test: no curl on this machine; the README's curl lines are not run");
    return false;
  }
})();

const SPECS: TenantCluster[] = [
  { name: "h100-cheap", project: 0, gpuType: "H100", hourlyRateCents: 1000, ageMinutes: 1 },
  { name: "h100-dear", project: 0, gpuType: "H100", hourlyRateCents: 4000, ageMinutes: 2 },
  { name: "h100-mid", project: 1, gpuType: "H100", hourlyRateCents: 2500, ageMinutes: 3 },
  { name: "a100", project: 1, gpuType: "A100", ageMinutes: 4 },
];

let app: TestApp;
let env: Record<string, string>;

/** Runs a README command line in sh with FLEET_URL and FLEET_API_KEY set; returns status, headers, body. */
async function sh(command: string) {
  const { stdout } = await exec("sh", ["-c", command], { env: { PATH: process.env.PATH ?? "", ...env } });
  const [head = "", body = ""] = stdout.split(/\r?\n\r?\n/, 2);
  const [statusLine = "", ...headerLines] = head.split(/\r?\n/);
  const headers = new Headers(
    headerLines.map(
      (line) =>
        [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()] as [string, string],
    ),
  );
  return { status: Number(statusLine.split(" ")[1]), headers, body };
}

beforeAll(async () => {
  if (!hasCurl) return;
  app = await startApp();
  const tenant = await createTenant(app.db, SPECS);
  env = { FLEET_URL: app.url, FLEET_API_KEY: tenant.key };
});
afterAll(() => app?.close());

describe.runIf(hasCurl)("curl, as in the README", () => {
  it("lists with filters and a sort, and pages by following Link", async () => {
    const first = await sh(
      `curl -si -H "Authorization: Bearer $FLEET_API_KEY" "$FLEET_URL/v1/clusters?status=running&gpu_type=H100&sort_by=cost&limit=2"`,
    );
    expect(first.status).toBe(200);
    expect(first.headers.get("x-total-count")).toBe("3");
    expect(JSON.parse(first.body).map((c: { name: string }) => c.name)).toEqual(["h100-dear", "h100-mid"]);

    const next = /<([^>]+)>;\s*rel="next"/.exec(first.headers.get("link") ?? "")?.[1];
    expect(next).toBeDefined();
    const second = await sh(`curl -si -H "Authorization: Bearer $FLEET_API_KEY" "${next}"`);
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body).map((c: { name: string }) => c.name)).toEqual(["h100-cheap"]);
    expect(second.headers.get("link")).not.toMatch(/rel="next"/);
  });

  it("shows errors as problem+json naming each bad parameter", async () => {
    const invalid = await sh(
      `curl -si -H "Authorization: Bearer $FLEET_API_KEY" "$FLEET_URL/v1/clusters?limit=500"`,
    );
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(JSON.parse(invalid.body)).toMatchObject({
      code: "VALIDATION_ERROR",
      errors: [{ param: "limit" }],
    });

    const anonymous = await sh(`curl -si "$FLEET_URL/v1/clusters"`);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({ code: "UNAUTHORIZED" });
  });
});
