// A whole tenant in one call: an account with projects, one key, and clusters placed by project
// index and age, for tests that only need "a customer with these clusters".
import type { Db } from "@fleet/db";
import { type ClusterOptions, createClusters } from "./clusters.ts";
import { createAccount, createKey } from "./rows.ts";

export type TenantCluster = Omit<ClusterOptions, "id" | "projectId" | "createdAt"> & {
  /** Index into the tenant's projects. */
  project: number;
  /** Minutes before "now": fixes the default created_at desc order. */
  ageMinutes: number;
};

export interface Tenant {
  accountId: string;
  projects: string[];
  /** The key's secret (scopes from `opts.scopes`, default clusters:read). */
  key: string;
  /** In the order of `clusters`; ids sort in that order too (zero-padded index). */
  clusterIds: string[];
}

export async function createTenant(
  db: Db,
  clusters: TenantCluster[],
  opts: { projects?: number; scopes?: string[] } = {},
): Promise<Tenant> {
  const account = await createAccount(db, { projects: opts.projects ?? 2, templates: 0 });
  const { secret } = await createKey(db, account.id, { scopes: opts.scopes });
  const now = Date.now();
  const clusterIds = await createClusters(
    db,
    account.id,
    clusters.map(({ project, ageMinutes, ...spec }, i) => ({
      ...spec,
      id: `${account.id}_cl_${String(i).padStart(4, "0")}`,
      projectId: account.projects[project] ?? "",
      createdAt: new Date(now - ageMinutes * 60_000),
    })),
  );
  return { accountId: account.id, projects: account.projects, key: secret, clusterIds };
}
