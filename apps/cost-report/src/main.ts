#!/usr/bin/env -S npx tsx
import { type Cluster, createFleetClient, FleetApiError } from "@fleet/client";
import { parseCliArgs, USAGE, UsageError } from "./args.ts";
import { loadEnv } from "./env.ts";
import { formatReport } from "./format.ts";
import { buildReport } from "./report.ts";

async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const env = loadEnv();
  const fleet = createFleetClient({ baseUrl: env.FLEET_URL, apiKey: env.FLEET_API_KEY });

  // Only running clusters burn money; the server filters, we only judge utilization.
  const clusters: Cluster[] = [];
  for await (const cluster of fleet.listAll({ status: ["running"] })) clusters.push(cluster);

  const report = buildReport(clusters, args.threshold);
  process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return 0;
}

function describe(error: unknown): { message: string; exitCode: number } {
  if (error instanceof UsageError) return { message: `${error.message}\n\n${USAGE}`, exitCode: 2 };
  if (error instanceof FleetApiError) {
    const details = error.errors.map((e) => `\n  ${e.param}: ${e.message}`).join("");
    const request = error.requestId ? ` (request ${error.requestId})` : "";
    return {
      message: `Fleet API error ${error.code} [${error.status ?? "no response"}]: ${error.message}${request}${details}`,
      exitCode: 1,
    };
  }
  return { message: (error as Error).message ?? String(error), exitCode: 1 };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const { message, exitCode } = describe(error);
    process.stderr.write(`cost-report: ${message}\n`);
    process.exitCode = exitCode;
  },
);
