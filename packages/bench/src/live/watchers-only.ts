// The watchers bench alone, for development: `tsx src/live/watchers-only.ts [--quick] [--watchers N]
// [--duration-s S]`. Starts apps/api (the bundle, heartbeats every second so the end check is quick),
// measures the default listing's REST p95 on the idle server as the figure to compare delivery
// with, runs measureWatchers at the live rates, and prints the section, the verdicts and the JSON.
import { parseArgs } from "node:util";
import { startApiServer } from "@fleet/api-server/testing";
import { request } from "undici";
import { benchAccounts } from "../accounts.ts";
import { openBenchDatabase } from "../database.ts";
import { serverEnv } from "../servers.ts";
import { sizeFor } from "../sizes.ts";
import { percentiles, timeIt } from "../stats.ts";
import { LIVE_RATES } from "./live-load.ts";
import { measureWatchers } from "./watchers.ts";
import { watchersAccount } from "./watchers-account.ts";
import { watchersMarkdown, watchersVerdicts } from "./watchers-report.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    watchers: { type: "string", default: "1000" },
    "duration-s": { type: "string", default: "30" },
  },
});
const watchers = Number(values.watchers);
const durationS = Number(values["duration-s"]);
if (!Number.isInteger(watchers) || watchers < 1)
  throw new RangeError(`--watchers must be a positive integer, got ${values.watchers}`);
if (!(durationS > 0)) throw new RangeError(`--duration-s must be positive, got ${values["duration-s"]}`);
const HEARTBEAT_MS = 1_000;

const log = (line: string) => console.log(`[watchers] ${line}`);
const database = await openBenchDatabase(sizeFor(values.quick), log);
const big = (await benchAccounts(database.url)).find((a) => a.label === "big");
if (!big) throw new Error("no big account");
const server = await startApiServer({
  bundle: true,
  env: { ...serverEnv(database.url), FLEET_WATCH_HEARTBEAT_MS: String(HEARTBEAT_MS) },
});
try {
  const listing = async () => {
    const res = await request(`${server.baseUrl}/v1/clusters`, {
      headers: { authorization: `Bearer ${big.apiKey}` },
    });
    await res.body.dump();
  };
  const listingP95Ms = percentiles(await timeIt(listing, 20, 200)).p95;
  log(`default listing REST p95 on the idle server: ${listingP95Ms} ms`);
  const result = await measureWatchers({
    apiUrl: server.baseUrl,
    apiPid: server.pid,
    databaseUrl: database.url,
    account: await watchersAccount(database.url),
    watchers,
    durationMs: durationS * 1000,
    simulation: LIVE_RATES,
    heartbeatMs: HEARTBEAT_MS,
    log,
  });
  console.log(watchersMarkdown(result, listingP95Ms).join("\n"));
  for (const v of watchersVerdicts(result, listingP95Ms)) {
    console.log(`${v.ok === null ? "–" : v.ok ? "PASS" : "FAIL"} ${v.target}: ${v.reached}`);
  }
  console.log(JSON.stringify(result));
} finally {
  await server.stop();
  await database.release();
}
