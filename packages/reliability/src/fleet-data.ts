// A small deterministic fleet for two tenants whose names are built to trip up search and sorting:
// LIKE metacharacters, quotes, SQL fragments, backslashes, Unicode in several scripts, emoji.
// Tenant B reuses tenant A's names, so any cross-tenant leak shows up as a foreign id.
import { createAccount, createClusters, createKey, type TestAccount } from "@fleet/api/testing";
import type { Db } from "@fleet/db";
import { GPU_TYPES, type OracleRow, REGIONS, STATUSES } from "./oracle.ts";

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

export type Row = OracleRow;

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

function rowsFor(account: TestAccount, tenant: string, count: number): Row[] {
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
      createdAt: new Date(base + Math.floor(i / 2) * 3_600_000 + (i % 2) * 0),
    };
  });
}

export async function createHostileFleet(db: Db, perTenant = 60): Promise<HostileFleet> {
  const accountA = await createAccount(db, { projects: 2, templates: 1 });
  const accountB = await createAccount(db, { projects: 2, templates: 1 });
  const a = { account: accountA, rows: rowsFor(accountA, "a", perTenant) };
  const b = { account: accountB, rows: rowsFor(accountB, "b", Math.floor(perTenant / 2)) };
  await createClusters(db, accountA.id, a.rows);
  await createClusters(db, accountB.id, b.rows);
  return {
    a,
    b,
    keyA: (await createKey(db, accountA.id)).secret,
    keyA0: (await createKey(db, accountA.id, { projectIds: [accountA.projects[0] as string] })).secret,
    keyB: (await createKey(db, accountB.id)).secret,
  };
}
