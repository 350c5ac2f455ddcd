// `seed(url, options)`: load a deterministic fleet with COPY, in one transaction, and say what it made.
import pg from "pg";
import { copyRows, dropDeferrable, restoreDeferred } from "./copy.ts";
import { generateClusters, planAccounts } from "./generate.ts";
import {
  ACCOUNT_COLUMNS,
  CLUSTER_COLUMNS,
  type ClusterRow,
  PROJECT_COLUMNS,
  TEMPLATE_COLUMNS,
} from "./rows.ts";

export interface SeedOptions {
  accounts: number;
  clusters: number;
  /** Any string; the same seed (and `now`) reproduces the same rows. */
  seed: string | number;
  /** Empty every fleet table first (accounts, and with them keys, sessions, projects, clusters). */
  reset?: boolean;
  /** The instant "now" for generated timestamps; defaults to the start of the current UTC day. */
  now?: Date;
  /** Progress lines; defaults to console.log. */
  log?: (line: string) => void;
  /** Drop and rebuild the clusters indexes around the load; defaults to true from 50,000 clusters. */
  deferIndexes?: boolean;
}

export interface SeedSummary {
  seed: string;
  reset: boolean;
  accounts: number;
  projects: number;
  templates: number;
  clusters: number;
  largestAccount: { id: string; name: string; clusters: number; share: number } | null;
  byStatus: Record<string, number>;
  byGpuType: Record<string, number>;
  durationMs: number;
}

/** Below this many new clusters, dropping and rebuilding the indexes costs more than it saves. */
const DEFER_INDEXES_FROM = 50_000;

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function validate(options: SeedOptions): void {
  if (!Number.isSafeInteger(options.accounts) || options.accounts < 1) {
    throw new RangeError(`accounts must be a positive integer, got ${options.accounts}`);
  }
  if (!Number.isSafeInteger(options.clusters) || options.clusters < 0) {
    throw new RangeError(`clusters must be a non-negative integer, got ${options.clusters}`);
  }
}

export class SeedConflictError extends Error {}

export async function seed(url: string, options: SeedOptions): Promise<SeedSummary> {
  validate(options);
  const started = performance.now();
  const log = options.log ?? console.log;
  const seedText = String(options.seed);
  const now = options.now ?? startOfUtcDay(new Date());
  const reset = options.reset ?? false;
  const plans = planAccounts({ accounts: options.accounts, clusters: options.clusters, seed: seedText, now });

  const byStatus: Record<string, number> = {};
  const byGpuType: Record<string, number> = {};
  function* allClusters(): Generator<ClusterRow> {
    for (const plan of plans) {
      for (const row of generateClusters(plan, now.getTime())) {
        byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
        byGpuType[row.gpu_type] = (byGpuType[row.gpu_type] ?? 0) + 1;
        yield row;
      }
    }
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    // Index builds are the bulk of a large load; give them room (this transaction only).
    await client.query("SET LOCAL maintenance_work_mem = '512MB'");
    await client.query("SET LOCAL synchronous_commit = off");
    if (reset) {
      await client.query("TRUNCATE accounts, projects, templates, clusters, api_keys, sessions CASCADE");
    } else {
      const clash = await client.query("SELECT id FROM accounts WHERE id = ANY($1::text[]) LIMIT 1", [
        plans.map((p) => p.account.id),
      ]);
      if (clash.rowCount) {
        throw new SeedConflictError(
          `seed "${seedText}" is already loaded (account ${clash.rows[0].id} exists): use --reset or another --seed`,
        );
      }
    }
    log(
      `Seeding ${plans.length.toLocaleString("en-US")} accounts and ${options.clusters.toLocaleString("en-US")} clusters (seed "${seedText}")…`,
    );

    await copyRows(
      client,
      "accounts",
      ACCOUNT_COLUMNS,
      plans.map((p) => p.account),
    );
    await copyRows(
      client,
      "projects",
      PROJECT_COLUMNS,
      plans.flatMap((p) => p.projects),
    );
    await copyRows(
      client,
      "templates",
      TEMPLATE_COLUMNS,
      plans.flatMap((p) => p.templates),
    );

    const defer = options.deferIndexes ?? options.clusters >= DEFER_INDEXES_FROM;
    const deferred = defer ? await dropDeferrable(client, "clusters") : null;
    const copyStarted = performance.now();
    // FREEZE writes the rows already frozen and all-visible (no vacuum pass needed afterwards);
    // PostgreSQL allows it only on a table truncated in this same transaction.
    // A bulk load of new accounts is their starting state, not a change anything follows (a reset
    // load's TRUNCATE is recorded): the change log and the derived columns' trigger are off for it,
    // as the rows come with their derived columns.
    await client.query(
      "ALTER TABLE clusters DISABLE TRIGGER cluster_changes_insert, DISABLE TRIGGER clusters_derive",
    );
    await copyRows(client, "clusters", CLUSTER_COLUMNS, allClusters(), { freeze: reset });
    await client.query(
      "ALTER TABLE clusters ENABLE TRIGGER cluster_changes_insert, ENABLE TRIGGER clusters_derive",
    );
    log(`  copied clusters in ${seconds(performance.now() - copyStarted)}`);
    if (deferred) {
      const indexStarted = performance.now();
      await restoreDeferred(client, "clusters", deferred);
      log(
        `  rebuilt ${deferred.indexes.length} indexes and ${deferred.foreignKeys.length} foreign keys in ${seconds(performance.now() - indexStarted)}`,
      );
    }
    await client.query("COMMIT");
    // After COMMIT, so the planner sees the new row counts right away.
    await client.query("ANALYZE accounts, projects, templates, clusters");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }

  const largest = [...plans].sort((a, b) => b.clusterCount - a.clusterCount)[0];
  const summary: SeedSummary = {
    seed: seedText,
    reset,
    accounts: plans.length,
    projects: plans.reduce((n, p) => n + p.projects.length, 0),
    templates: plans.reduce((n, p) => n + p.templates.length, 0),
    clusters: options.clusters,
    largestAccount:
      largest && options.clusters > 0
        ? {
            id: largest.account.id,
            name: largest.account.name,
            clusters: largest.clusterCount,
            share: largest.clusterCount / options.clusters,
          }
        : null,
    byStatus,
    byGpuType,
    durationMs: Math.round(performance.now() - started),
  };
  for (const line of formatSeedSummary(summary)) log(line);
  return summary;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function breakdown(counts: Record<string, number>, total: number): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ${((100 * n) / total).toFixed(1)}%`)
    .join(", ");
}

export function formatSeedSummary(summary: SeedSummary): string[] {
  const n = (value: number) => value.toLocaleString("en-US");
  const lines = [
    `Seeded ${n(summary.accounts)} accounts, ${n(summary.projects)} projects, ${n(summary.templates)} templates and ${n(summary.clusters)} clusters in ${seconds(summary.durationMs)}.`,
  ];
  if (summary.largestAccount) {
    const { id, name, clusters, share } = summary.largestAccount;
    lines.push(
      `  largest account: ${name} (${id}) with ${n(clusters)} clusters (${(share * 100).toFixed(1)}%)`,
    );
  }
  if (summary.clusters > 0) {
    lines.push(`  status: ${breakdown(summary.byStatus, summary.clusters)}`);
    lines.push(`  gpu:    ${breakdown(summary.byGpuType, summary.clusters)}`);
  }
  return lines;
}
