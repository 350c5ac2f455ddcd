// Accounts of sizes the seed does not make (between the typical account and the big one), for the
// account-growth figure. Each is a copy of the big account's first N clusters by id, a random
// sample of them, so it has the same mix of statuses, GPUs, names and ages; with projects and
// templates copied alongside. Made once per bench database and found again by its id afterwards.
import pg from "pg";

export interface GrowthAccount {
  id: string;
  /** The size it was made for. */
  size: number;
  clusters: number;
  /** False when an earlier run had made it already. */
  created: boolean;
}

/** The in-between sizes: with the typical (~1,000) and the big account, four points per database. */
export const growthSizes = (quick: boolean): number[] => (quick ? [5_000, 10_000] : [10_000, 50_000]);

/** What every growth account's id starts with. */
export const GROWTH_ACCOUNT_PREFIX = "acc_growth_";

export const growthAccountId = (size: number) => `${GROWTH_ACCOUNT_PREFIX}${size}`;

/**
 * The id a copied row gets: fixed by the growth account and the source row's id, so a cluster's
 * project and template ids map the same way as the projects' and templates' own. NULL stays NULL
 * (md5 of NULL is NULL), which keeps clusters without a template without one.
 */
const copiedId = (prefix: string, sourceId: string) => `'${prefix}_' || left(md5($1 || ${sourceId}), 14)`;

// $1 the growth account, $2 the source account; each copies the source's rows with their ids
// replaced, every other column as it is.
const COPY_PROJECTS = `INSERT INTO projects
  SELECT (jsonb_populate_record(NULL::projects, to_jsonb(p)
          || jsonb_build_object('id', ${copiedId("prj", "p.id")}, 'account_id', $1::text))).*
    FROM projects p WHERE p.account_id = $2`;
const COPY_TEMPLATES = `INSERT INTO templates
  SELECT (jsonb_populate_record(NULL::templates, to_jsonb(t)
          || jsonb_build_object('id', ${copiedId("tpl", "t.id")}, 'account_id', $1::text))).*
    FROM templates t WHERE t.account_id = $2`;
// $3 the number of clusters. Hosts in URLs are named after the cluster id, so they follow it.
const COPY_CLUSTERS = `WITH source AS (
    SELECT c.*, lower(substr(c.id, 4)) AS old_host, lower(substr(${copiedId("cl", "c.id")}, 4)) AS new_host
      FROM clusters c WHERE c.account_id = $2 ORDER BY c.id LIMIT $3
  )
  INSERT INTO clusters
  SELECT (jsonb_populate_record(NULL::clusters, to_jsonb(s) || jsonb_build_object(
            'id', ${copiedId("cl", "s.id")},
            'account_id', $1::text,
            'project_id', ${copiedId("prj", "s.project_id")},
            'template_id', ${copiedId("tpl", "s.template_id")},
            'proxy_url', replace(s.proxy_url, s.old_host, s.new_host),
            'port_mappings', replace(s.port_mappings::text, s.old_host, s.new_host)::jsonb))).*
    FROM source s`;

async function createGrowthAccount(
  client: pg.Client,
  id: string,
  size: number,
  sourceAccountId: string,
): Promise<boolean> {
  await client.query("BEGIN");
  try {
    // The gate: a concurrent run blocks here until this one commits, then finds the account made.
    const account = await client.query(
      `INSERT INTO accounts
       SELECT (jsonb_populate_record(NULL::accounts, to_jsonb(a) || jsonb_build_object('id', $1::text, 'name', $3::text))).*
         FROM accounts a WHERE a.id = $2
       ON CONFLICT (id) DO NOTHING`,
      [id, sourceAccountId, `Growth ${size.toLocaleString("en-US")}`],
    );
    if (account.rowCount === 0) {
      await client.query("ROLLBACK");
      return false;
    }
    await client.query(COPY_PROJECTS, [id, sourceAccountId]);
    await client.query(COPY_TEMPLATES, [id, sourceAccountId]);
    // As the seed loads accounts: a new account's clusters are its starting state, not changes
    // anything follows, so the change log and the derived columns' trigger (the rows come with
    // name_lower) are off for the copy. The ALTER holds writers of clusters off until COMMIT.
    await client.query(
      "ALTER TABLE clusters DISABLE TRIGGER cluster_changes_insert, DISABLE TRIGGER clusters_derive",
    );
    const copied = await client.query(COPY_CLUSTERS, [id, sourceAccountId, size]);
    await client.query(
      "ALTER TABLE clusters ENABLE TRIGGER cluster_changes_insert, ENABLE TRIGGER clusters_derive",
    );
    if (copied.rowCount !== size) {
      throw new Error(`account ${sourceAccountId} has ${copied.rowCount} clusters, fewer than ${size}`);
    }
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/** Makes the growth accounts that do not exist yet, copied from `sourceAccountId` (the big account). */
export async function ensureGrowthAccounts(
  databaseUrl: string,
  opts: { sourceAccountId: string; sizes: number[]; log: (line: string) => void },
): Promise<GrowthAccount[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const made: { id: string; size: number; created: boolean }[] = [];
    for (const size of opts.sizes) {
      const id = growthAccountId(size);
      const created = await createGrowthAccount(client, id, size, opts.sourceAccountId);
      opts.log(created ? `made ${id} (${size} clusters)` : `reusing ${id}`);
      made.push({ id, size, created });
    }
    // New rows are not yet all-visible (no index-only scans) nor in the planner's statistics,
    // unlike the seed's frozen, analyzed load; the accounts are measured as such a load is.
    if (made.some((m) => m.created))
      await client.query("VACUUM ANALYZE accounts, projects, templates, clusters");
    const { rows } = await client.query<{ id: string; clusters: number }>(
      "SELECT account_id AS id, count(*)::int AS clusters FROM clusters WHERE account_id = ANY($1) GROUP BY 1",
      [made.map((m) => m.id)],
    );
    return made.map((m) => ({ ...m, clusters: rows.find((r) => r.id === m.id)?.clusters ?? 0 }));
  } finally {
    await client.end();
  }
}
