// What a simulation starts from: the accounts to drive, and each one's clusters, projects and
// templates as they are in the database now.
import type pg from "pg";
import { GPU_SPECS, type GpuType } from "../seed/catalog.ts";
import type { AccountRow, ProjectRow, TemplateRow } from "../seed/rows.ts";
import type { SimCluster } from "./fleet-model.ts";
import { type AccountContext, ClusterNames } from "./new-cluster.ts";
import { isStatus } from "./state-machine.ts";

export class UnknownAccountError extends Error {}

const iso = (date: Date) => date.toISOString();

/** The given accounts, or the one with the most clusters. */
export async function resolveAccounts(pool: pg.Pool, ids?: readonly string[]): Promise<AccountRow[]> {
  if (ids) {
    const { rows } = await pool.query<{ id: string; name: string; created_at: Date }>(
      "SELECT id, name, created_at FROM accounts WHERE id = ANY($1::text[])",
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, { ...row, created_at: iso(row.created_at) }]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) throw new UnknownAccountError(`unknown account(s): ${missing.join(", ")}`);
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
  const { rows } = await pool.query<{ id: string; name: string; created_at: Date }>(
    `SELECT a.id, a.name, a.created_at FROM accounts a
       CROSS JOIN LATERAL (SELECT count(*) AS clusters FROM clusters c WHERE c.account_id = a.id) n
      ORDER BY n.clusters DESC, a.id LIMIT 1`,
  );
  const [largest] = rows;
  if (!largest) throw new Error("there are no accounts to simulate");
  return [{ ...largest, created_at: iso(largest.created_at) }];
}

export interface LoadedAccount extends AccountContext {
  /** The clusters a simulation can drive (known status and GPU type), in id order. */
  clusters: SimCluster[];
}

export async function loadAccount(pool: pg.Pool, account: AccountRow, nowMs: number): Promise<LoadedAccount> {
  const [projects, templates, clusters] = await Promise.all([
    pool.query<ProjectRow & { created_at: Date }>(
      "SELECT id, account_id, name, created_at FROM projects WHERE account_id = $1 ORDER BY id",
      [account.id],
    ),
    pool.query<TemplateRow & { created_at: Date }>(
      "SELECT id, account_id, name, description, created_at FROM templates WHERE account_id = $1 ORDER BY id",
      [account.id],
    ),
    pool.query<{ id: string; status: string; gpu_type: string; hourly_rate_cents: number; name: string }>(
      "SELECT id, status, gpu_type, hourly_rate_cents, name FROM clusters WHERE account_id = $1 ORDER BY id",
      [account.id],
    ),
  ]);
  // Every cluster belongs to a project of its account: without one, none could be created.
  if (projects.rows.length === 0)
    throw new Error(`account ${account.id} has no projects to create clusters in`);
  const names = new ClusterNames();
  const driven: SimCluster[] = [];
  for (const row of clusters.rows) {
    names.see(row.name);
    if (!isStatus(row.status) || !(row.gpu_type in GPU_SPECS)) continue;
    driven.push({
      id: row.id,
      status: row.status,
      gpuType: row.gpu_type as GpuType,
      hourlyRateCents: row.hourly_rate_cents,
      // Running time before the simulation started was billed by whoever ran the cluster then.
      billedUntilMs: nowMs,
      centsRemainder: 0,
    });
  }
  return {
    plan: {
      account,
      projects: projects.rows.map((row) => ({ ...row, created_at: iso(row.created_at) })),
      templates: templates.rows.map((row) => ({ ...row, created_at: iso(row.created_at) })),
    },
    names,
    clusters: driven,
  };
}
