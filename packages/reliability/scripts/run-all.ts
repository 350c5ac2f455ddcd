// `pnpm test:reliability`: the whole reliability suite, long form. Runs the vitest suites (the CI
// part) with FLEET_FC_RUNS_SCALE property runs (default 5× CI), then the load/soak script, then writes
// REPORT.md from the figures they recorded. Exits non-zero if any part failed (the report is
// written either way, saying which).
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RESULTS_DIR, recordFigures } from "../src/results.ts";
import { currentCommit, writeReport } from "./report.ts";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const scale = process.env.FLEET_FC_RUNS_SCALE || "5";

function step(name: string, command: string, args: string[]): { name: string; ok: boolean; seconds: number } {
  console.log(`\n== ${name}: ${command} ${args.join(" ")}`);
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd: packageDir,
    stdio: "inherit",
    env: { ...process.env, FLEET_FC_RUNS_SCALE: scale },
  });
  return { name, ok: result.status === 0, seconds: Math.round((performance.now() - started) / 1000) };
}

rmSync(RESULTS_DIR, { recursive: true, force: true });
const bin = (name: string) => join(packageDir, "node_modules", ".bin", name);
const steps = [
  step("suites", bin("vitest"), [
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${join(RESULTS_DIR, "vitest.json")}`,
  ]),
  step("load", bin("tsx"), ["scripts/load.ts"]),
];
const summary = { steps, scale: Number(scale), commit: currentCommit() };
recordFigures("run", summary);
const report = writeReport(summary);
console.log(`\nreport: ${report}`);
for (const s of steps) console.log(`${s.ok ? "ok  " : "FAIL"} ${s.name} (${s.seconds} s)`);
if (steps.some((s) => !s.ok)) process.exitCode = 1;
