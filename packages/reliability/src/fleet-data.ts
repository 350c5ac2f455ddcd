// A small deterministic fleet for two tenants whose names are built to trip up search and sorting:
// LIKE metacharacters, quotes, SQL fragments, backslashes, Unicode in several scripts, emoji.
// Tenant B reuses tenant A's names, so any cross-tenant leak shows up as a foreign id.
import {
  type ClusterOptions,
  createAccount,
  createClusters,
  createKey,
  type ReferenceRow,
  type TestAccount,
} from "@fleet/api/testing";
import type { Db } from "@fleet/db";
import { GPU_TYPES, REGIONS, STATUSES } from "./oracle.ts";

export const NASTY_NAMES = [
  "alpha-100%",
  "under_score",
  "back\\slash",
  'it\'s "quoted"',
  "Ünïcödé ÉCOLE",
  "жук Жук",
  "Ωmega ω",
  "rocket 🚀 launch",
  "漢字クラスタ",
  "x' OR '1'='1",
  "DROP TABLE clusters;--",
  "percent%%_mix\\%",
  "a_b_c",
  "Training-Run",
  "training-run-2",
  "ZZ top",
  "[brackets] {braces}",
  "__proto__",
  "constructor",
  "tab\tsep",
];

/** A cluster as stored (read back after the insert, so name_lower is the database's own). */
export type Row = ReferenceRow;

export interface Tenant {
  account: TestAccount;
  rows: Row[];
}

export interface HostileFleet {
  a: Tenant;
  b: Tenant;
  /** Account A, every project. */
  keyA: string;
  /** Account A, restricted to its first project. */
  keyA0: string;
  keyB: string;
}

function clustersFor(account: TestAccount, tenant: string, count: number): ClusterOptions[] {
  const base = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const name = NASTY_NAMES[i % NASTY_NAMES.length] as string;
    return {
      id: `cl_${tenant}_${String(i).padStart(3, "0")}`,
      name: i < NASTY_NAMES.length ? name : `${name} ${i}`,
      description: i % 4 === 0 ? null : `desc ${NASTY_NAMES[(i * 7) % NASTY_NAMES.length]} #${i}`,
      status: STATUSES[i % STATUSES.length] as string,
      gpuType: GPU_TYPES[(i * 3) % GPU_TYPES.length] as string,
      gpuCount: [0, 1, 2, 4, 8, 8, 16][i % 7] as number,
      region: REGIONS[(i * 5) % REGIONS.length] as string,
      projectId: account.projects[i % account.projects.length] as string,
      templateId: i % 3 === 0 ? null : (account.templates[0] as string),
      // Duplicated costs and timestamps exercise the id tie-break.
      hourlyRateCents: [99, 129, 129, 250, 1000][i % 5] as number,
      createdAt: new Date(base + Math.floor(i / 2) * 3_600_000),
    };
  });
}

async function insertTenant(db: Db, tenant: string, count: number): Promise<Tenant> {
  const account = await createAccount(db, { projects: 2, templates: 1 });
  await createClusters(db, account.id, clustersFor(account, tenant, count));
  const rows = await db.cluster.findMany({ where: { accountId: account.id }, orderBy: { id: "asc" } });
  return { account, rows };
}

export async function createHostileFleet(db: Db, perTenant = 60): Promise<HostileFleet> {
  const a = await insertTenant(db, "a", perTenant);
  const b = await insertTenant(db, "b", Math.floor(perTenant / 2));
  const [accountA, accountB] = [a.account, b.account];
  return {
    a,
    b,
    keyA: (await createKey(db, accountA.id)).secret,
    keyA0: (await createKey(db, accountA.id, { projectIds: [accountA.projects[0] as string] })).secret,
    keyB: (await createKey(db, accountB.id)).secret,
  };
}
