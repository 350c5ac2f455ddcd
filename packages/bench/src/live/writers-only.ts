// The writers bench alone, for development: `tsx src/live/writers-only.ts [--quick] [--turns N]
// [--duration-s S] [--seed NAME]`. Nothing else may write clusters in its database meanwhile (the
// off runs turn the change log off for the whole table): while other benches use the bench
// database, `--seed` gives this one a database of its own (same size, another seed). Prints the
// section, the verdict and the JSON.
import { parseArgs } from "node:util";
import { openBenchDatabase } from "../database.ts";
import { sizeFor } from "../sizes.ts";
import { measureCountMaintenance } from "./writers.ts";
import { writersAccount } from "./writers-account.ts";
import { writersMarkdown, writersVerdicts } from "./writers-report.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    turns: { type: "string", default: "3" },
    "duration-s": { type: "string", default: "5" },
    seed: { type: "string" },
  },
});
const turns = Number(values.turns);
const durationS = Number(values["duration-s"]);
if (!Number.isInteger(turns) || turns < 1)
  throw new RangeError(`--turns must be a positive integer, got ${values.turns}`);
if (!(durationS > 0)) throw new RangeError(`--duration-s must be positive, got ${values["duration-s"]}`);

const t0 = performance.now();
const log = (line: string) =>
  console.log(`[writers ${((performance.now() - t0) / 1000).toFixed(1)} s] ${line}`);
const size = sizeFor(values.quick);
const database = await openBenchDatabase({ ...size, seed: values.seed ?? size.seed }, log);
try {
  const account = await writersAccount(database.url);
  log(`account ${account.id}: ${account.clusters} clusters`);
  const result = await measureCountMaintenance(database.url, {
    accountId: account.id,
    turns,
    durationMs: durationS * 1000,
    log,
  });
  console.log(writersMarkdown(result).join("\n"));
  for (const v of writersVerdicts(result)) {
    console.log(`${v.ok === null ? "–" : v.ok ? "PASS" : "FAIL"} ${v.target}: ${v.reached}`);
  }
  console.log(JSON.stringify(result));
} finally {
  await database.release();
}
