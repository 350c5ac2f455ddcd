import { isEmbeddedDatabase, migrate } from "@fleet/db";
import {
  DEMO_ACCOUNT_ID,
  demoKeyFile,
  ensureDemoData,
  SeedConflictError,
  type SeedSummary,
  seed,
} from "@fleet/db/seed";
import type { Command } from "commander";
import { withDb } from "../database.ts";
import { UsageError } from "../errors.ts";
import { createOutput, redactUrl } from "../output.ts";
import { parseInteger } from "../parse.ts";

interface SeedCommandOptions {
  accounts: number;
  clusters: number;
  seed: string;
  reset: boolean;
}

function seedSummaryJson(summary: SeedSummary) {
  return {
    seed: summary.seed,
    reset: summary.reset,
    accounts: summary.accounts,
    projects: summary.projects,
    templates: summary.templates,
    clusters: summary.clusters,
    largest_account: summary.largestAccount && {
      id: summary.largestAccount.id,
      name: summary.largestAccount.name,
      clusters: summary.largestAccount.clusters,
      share: summary.largestAccount.share,
    },
    by_status: summary.byStatus,
    by_gpu_type: summary.byGpuType,
    duration_ms: summary.durationMs,
  };
}

export function registerDbCommands(program: Command): void {
  const db = program.command("db").description("Database schema and seed data");

  db.command("migrate")
    .description("Apply the committed migrations (idempotent)")
    .action(async (_options, command: Command) => {
      const out = createOutput(command.optsWithGlobals().json === true);
      await withDb(async (client, url) => {
        // resolveDatabaseUrl() has usually migrated already; this makes the command's promise explicit.
        await migrate(url);
        const rows = await client.$queryRaw<{ migration_name: string; finished_at: Date }[]>`
          SELECT migration_name, finished_at FROM _prisma_migrations
           WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`;
        const migrations = rows.map((row) => ({
          name: row.migration_name,
          finished_at: row.finished_at.toISOString(),
        }));
        out.result({ database: redactUrl(url), migrations }, () => [
          `Database ${redactUrl(url)} is up to date: ${migrations.length} migration(s) applied.`,
          ...migrations.map((m) => `  ${m.name}  (${m.finished_at})`),
        ]);
      });
    });

  db.command("seed")
    .description("Load a deterministic, realistic fleet (bulk COPY; 1,000,000 clusters take about a minute)")
    .option("--accounts <n>", "number of accounts", parseInteger(1, 100_000), 50)
    .option(
      "--clusters <n>",
      "number of clusters, spread with one account holding ~20%",
      parseInteger(0, 50_000_000),
      10_000,
    )
    .option("--seed <s>", "seed of the generator: the same seed makes the same rows", "1")
    .option(
      "--reset",
      "delete all existing accounts (with their keys and clusters) first; on the embedded database the demo account is recreated",
      false,
    )
    .action(async (options: SeedCommandOptions, command: Command) => {
      const out = createOutput(command.optsWithGlobals().json === true);
      await withDb(async (client, url) => {
        // seed() prints progress and its summary as it goes; --json prints only the summary document.
        const summary = await seed(url, { ...options, log: out.info }).catch((error: unknown) => {
          throw error instanceof SeedConflictError ? new UsageError(error.message) : error;
        });
        // --reset deleted the demo tenant too. On the embedded (demo) database bring it back at once,
        // so .data/demo-api-key.txt (which the sign-in page offers) holds a working key again.
        const demoKey = options.reset && isEmbeddedDatabase() ? await ensureDemoData(client) : null;
        out.result({ ...seedSummaryJson(summary), demo_key_file: demoKey ? demoKeyFile() : null }, () =>
          demoKey
            ? [`Recreated the demo account ${DEMO_ACCOUNT_ID}; its new API key is in ${demoKeyFile()}.`]
            : [],
        );
      });
    });
}
