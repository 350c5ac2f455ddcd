// Figures the suites measure (counts, latencies, byte sizes), written as JSON to test-results/ so
// the report script can quote them. Each suite file writes its own file; a rerun overwrites it.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "test-results");

export function recordFigures(suite: string, figures: Record<string, unknown>): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${suite}.json`);
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    // first figure of this suite
  }
  writeFileSync(
    file,
    `${JSON.stringify({ ...current, ...figures, recorded_at: new Date().toISOString() }, null, 2)}\n`,
  );
}
