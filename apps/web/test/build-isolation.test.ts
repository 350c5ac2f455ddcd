// `pnpm test` while `pnpm quickstart` serves the same checkout: the test build must leave the build
// that `pnpm start` serves, and so the running portal, untouched.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { SERVED_DIST_DIR, TEST_DIST_DIR } from "../dist-dir";
import { buildIdPath, ensureTestBuild, nextBuild, webRoot } from "./e2e/build";
import { type RunningServer, startNextServer } from "./e2e/server";

let database: TestDatabase;
let portal: RunningServer;

beforeAll(async () => {
  // The build a user's `pnpm build` left; made here (as `pnpm build` would) only where there is none.
  if (!existsSync(buildIdPath(SERVED_DIST_DIR))) await nextBuild(SERVED_DIST_DIR);
  database = await createTestDatabase();
  portal = await startNextServer({ DATABASE_URL: database.url, FLEET_WEB_DIST_DIR: SERVED_DIST_DIR });
});
afterAll(async () => {
  await portal?.stop();
  await database?.drop();
});

/** The sign-in page's script and style URLs, each fetched: status by URL. */
async function signInAssets(): Promise<Record<string, number>> {
  const html = await (await fetch(`${portal.baseUrl}/sign-in`)).text();
  const urls = [...new Set([...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+)"/g)].map((m) => m[1]))];
  const statuses: Record<string, number> = {};
  for (const url of urls) {
    const response = await fetch(`${portal.baseUrl}${url}`);
    await response.arrayBuffer();
    statuses[url as string] = response.status;
  }
  return statuses;
}

/** Every file of a build directory with its size and modification time (its cache aside). */
function filesOf(distDir: string): Record<string, string> {
  const root = join(webRoot, distDir);
  const files: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || path.startsWith(join(root, "cache"))) continue;
    const stat = statSync(path);
    files[path.slice(root.length + 1)] = `${stat.size}@${stat.mtimeMs}`;
  }
  return files;
}

/** The checked-in files `next build` may rewrite (it "fixes" tsconfig.json to include its types). */
const configFiles = () =>
  ["tsconfig.json", "package.json"].map((f) => readFileSync(join(webRoot, f), "utf8"));

test("the test suite's build never rewrites the build that pnpm start serves", async () => {
  expect(TEST_DIST_DIR).not.toBe(SERVED_DIST_DIR);
  const assetsBefore = await signInAssets();
  expect(Object.keys(assetsBefore).some((url) => url.endsWith(".css"))).toBe(true);
  expect(Object.keys(assetsBefore).some((url) => url.endsWith(".js"))).toBe(true);
  expect(Object.values(assetsBefore).every((status) => status === 200)).toBe(true);
  const servedBefore = filesOf(SERVED_DIST_DIR);
  const buildIdBefore = readFileSync(buildIdPath(SERVED_DIST_DIR), "utf8");
  const configBefore = configFiles();

  await ensureTestBuild({ force: true });

  expect(readFileSync(buildIdPath(SERVED_DIST_DIR), "utf8")).toBe(buildIdBefore);
  expect(filesOf(SERVED_DIST_DIR)).toEqual(servedBefore);
  expect(configFiles()).toEqual(configBefore);
  // The running portal still serves its pages with every script and style sheet they name.
  expect(await signInAssets()).toEqual(assetsBefore);
});
