// The built client (dist/) is what other teams ship: prove it holds no server code and runs in plain
// Node 20 outside the monorepo (no tsx, no workspace links), with only its runtime dependencies (tRPC's client, eventsource) installed.
import { execFile } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createTenant, startApp, type TestApp } from "@fleet/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const pkgDir = join(import.meta.dirname, "..");
const bundlePath = join(pkgDir, "dist", "index.js");

/** turbo builds before testing; a direct `vitest run` after editing src rebuilds here. */
async function ensureFreshBuild() {
  const built = statSync(bundlePath, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = await readdir(join(pkgDir, "src"), { recursive: true });
  const newest = Math.max(...sources.map((f) => statSync(join(pkgDir, "src", f)).mtimeMs));
  if (built < newest) await run(join(pkgDir, "node_modules", ".bin", "tsup"), [], { cwd: pkgDir });
}

let bundle: string;
beforeAll(async () => {
  await ensureFreshBuild();
  bundle = readFileSync(bundlePath, "utf8");
}, 120_000);

describe("the built bundle", () => {
  it("imports nothing but tRPC's client runtime and the EventSource of its subscriptions", () => {
    const specifiers = [
      ...bundle.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']/g),
    ].map((m) => m[1] ?? m[2]);
    expect(new Set(specifiers)).toEqual(new Set(["@trpc/client", "@trpc/server/observable", "eventsource"]));
    expect(bundle).not.toMatch(/\brequire\s*\(/);
  });

  it("contains no server code: no Prisma, no pg, no router, no @fleet packages", () => {
    for (const marker of [
      /prisma/i,
      /\bpg\b/,
      /initTRPC/,
      /appRouter|createCaller|createFleetHandler|listClusters/,
      /@fleet\//,
      /\bzod\b/,
      /process\.env/,
    ]) {
      expect(bundle).not.toMatch(marker);
    }
  });

  it("ships type declarations", () => {
    const dts = readFileSync(join(pkgDir, "dist", "index.d.ts"), "utf8");
    expect(dts).toMatch(/declare function createFleetClient/);
    expect(dts).toMatch(/declare class FleetApiError/);
  });
});

describe("the built bundle in plain Node 20, outside the monorepo", () => {
  let app: TestApp;
  let dir: string;

  beforeAll(async () => {
    app = await startApp();
    dir = mkdtempSync(join(tmpdir(), "fleet-client-"));
    const modules = join(dir, "node_modules");
    // Real copies, not links: nothing may resolve back into the workspace.
    const copy = (name: string, from: string) =>
      cpSync(realpathSync(join(from, name)), join(modules, name), {
        recursive: true,
        filter: (src) => !src.includes(`${name}/node_modules`),
      });
    for (const name of ["@trpc/client", "@trpc/server", "eventsource"])
      copy(name, join(pkgDir, "node_modules"));
    // eventsource's own dependency sits beside it in pnpm's store.
    copy("eventsource-parser", join(realpathSync(join(pkgDir, "node_modules", "eventsource")), ".."));
    const own = join(modules, "@fleet", "client");
    mkdirSync(own, { recursive: true });
    cpSync(join(pkgDir, "dist"), own, { recursive: true });
    writeFileSync(
      join(own, "package.json"),
      JSON.stringify({ name: "@fleet/client", type: "module", exports: { ".": "./index.js" } }),
    );
  });
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("lists every cluster with listAll and reports a validation error as FleetApiError", async () => {
    const tenant = await createTenant(app.db, [
      { name: "one", project: 0, ageMinutes: 1 },
      { name: "two", project: 1, ageMinutes: 2 },
      { name: "three", project: 0, ageMinutes: 3 },
    ]);
    writeFileSync(
      join(dir, "main.mjs"),
      `import { createFleetClient, FleetApiError } from "@fleet/client";
const fleet = createFleetClient({ baseUrl: process.argv[2], apiKey: process.argv[3] });
const names = [];
for await (const cluster of fleet.listAll({ limit: 2 })) names.push(cluster.name);
const error = await fleet.clusters.list.query({ limit: 101 }).catch((e) => e);
let server = "not loadable";
try { await import("@fleet/api"); server = "loadable"; } catch {}
console.log(JSON.stringify({
  node: process.versions.node,
  names,
  error: { isFleetApiError: error instanceof FleetApiError, code: error.code, status: error.status, params: error.errors.map((e) => e.param) },
  server,
}));
`,
    );
    // A clean environment: no NODE_OPTIONS loaders, no tsx, nothing from vitest.
    const { stdout } = await run(process.execPath, ["main.mjs", app.url, tenant.key], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
    });
    const result = JSON.parse(stdout);
    expect(Number(result.node.split(".")[0])).toBeGreaterThanOrEqual(20);
    expect(result.names).toEqual(["one", "two", "three"]);
    expect(result.error).toEqual({
      isFleetApiError: true,
      code: "VALIDATION_ERROR",
      status: 400,
      params: ["limit"],
    });
    expect(result.server).toBe("not loadable");
  });
});
