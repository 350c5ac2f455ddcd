// The account-growth figure alone, for development: `tsx src/live/growth-only.ts [--quick]
// [--iterations N]`. Makes the growth accounts if this database has none yet, starts apps/api as
// the bench does, and prints the section, the verdict and the JSON.
import { parseArgs } from "node:util";
import { benchAccounts } from "../accounts.ts";
import { openBenchDatabase } from "../database.ts";
import { restRunner } from "../paths.ts";
import { startBenchApi } from "../servers.ts";
import { sizeFor } from "../sizes.ts";
import { GROWTH_ITERATIONS, measureAccountGrowth } from "./account-growth.ts";
import { growthSizes } from "./growth-accounts.ts";
import { growthMarkdown, growthVerdicts } from "./growth-report.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    iterations: { type: "string", default: String(GROWTH_ITERATIONS) },
  },
});
const iterations = Number(values.iterations);
if (!Number.isInteger(iterations) || iterations < 1)
  throw new RangeError(`--iterations must be a positive integer, got ${values.iterations}`);

const log = (line: string) => console.log(`[growth] ${line}`);
const database = await openBenchDatabase(sizeFor(values.quick), log);
try {
  const accounts = await benchAccounts(database.url);
  const api = await startBenchApi(database.url);
  try {
    const result = await measureAccountGrowth({
      databaseUrl: database.url,
      rest: restRunner(api.url),
      accounts,
      growthSizes: growthSizes(values.quick),
      iterations,
      log,
    });
    console.log(growthMarkdown(result).join("\n"));
    for (const v of growthVerdicts(result)) {
      console.log(`${v.ok === null ? "–" : v.ok ? "PASS" : "FAIL"} ${v.target}: ${v.reached}`);
    }
    console.log(JSON.stringify(result));
  } finally {
    await api.stop();
  }
} finally {
  await database.release();
}
