// `pnpm --filter @fleet/bench profile [--quick] [--connections N] [--seconds S]`: CPU-profiles apps/api
// (the built bundle) serving the REST default listing of the typical account under autocannon, and
// prints where its time goes. The evidence behind the throughput figures in the bench results.
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startApiServer } from "@fleet/api-server/testing";
import autocannon from "autocannon";
import { benchAccounts } from "./accounts.ts";
import { summarise } from "./cpu-profile.ts";
import { openBenchDatabase } from "./database.ts";
import { serverEnv } from "./servers.ts";
import { sizeFor } from "./sizes.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    connections: { type: "string", default: "16" },
    seconds: { type: "string", default: "8" },
  },
});
const database = await openBenchDatabase(sizeFor(values.quick), (line) => console.log(line));
const typical = (await benchAccounts(database.url)).find((a) => a.label === "typical");
if (!typical) throw new Error("no typical account");
const dir = mkdtempSync(join(tmpdir(), "fleet-profile-"));
const server = await startApiServer({
  bundle: true,
  nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`],
  env: serverEnv(database.url),
});
const url = server.baseUrl;
const headers = { authorization: `Bearer ${typical.apiKey}` };
await autocannon({ url: `${url}/v1/clusters`, connections: 4, duration: 2, headers });
const result = await autocannon({
  url: `${url}/v1/clusters`,
  connections: Number(values.connections),
  duration: Number(values.seconds),
  headers,
});
await server.stop();
await database.release();
const profiles = readdirSync(dir).map((f) => join(dir, f));
// The main thread's profile is the largest (tsx-free bundle: loader threads do not exist here).
const main = profiles.sort((a, b) => statSync(b).size - statSync(a).size)[0];
if (!main) throw new Error("no CPU profile written");
console.log(`\n${Math.round(result.requests.average)} req/s at c=${values.connections}; profile ${main}\n`);
console.log(summarise(main));
