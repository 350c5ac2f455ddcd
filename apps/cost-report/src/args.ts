import { parseArgs } from "node:util";

export type CliArgs = { threshold: number; json: boolean; help: boolean };

export const USAGE = `Usage: cost-report [--threshold <percent>] [--json]

Reports running clusters whose GPU utilization is below the threshold (default 20%),
grouped by project with the hourly cost they burn.

Environment: FLEET_URL (e.g. http://127.0.0.1:3000), FLEET_API_KEY (a key with clusters:read).`;

export class UsageError extends Error {}

export function parseCliArgs(argv: string[]): CliArgs {
  let values: { threshold?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        threshold: { type: "string", short: "t" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const raw = values.threshold ?? "20";
  const threshold = Number(raw.replace(/%$/, ""));
  if (raw.trim() === "" || !Number.isFinite(threshold) || threshold < 0 || threshold > 100) {
    throw new UsageError(`--threshold must be a percentage from 0 to 100, got ${JSON.stringify(raw)}`);
  }
  return { threshold, json: values.json ?? false, help: values.help ?? false };
}
