// The account the 1,000 streams follow while the simulator writes it at the live rates: the seeded
// account closest to WATCHED_CLUSTERS (the quick database's big account; in the full one, an account
// of about that size). At those rates an account changes about one cluster in 130 a second (every
// running one's metrics once a minute): the full database's big account, about 1,500 changes a
// second, would send each unfiltered or running stream some 600 events a second, 600,000 a second
// in all, more than the one client process on these cores can read, and the phase would measure
// that client and the server's per-stream backlog bound instead of delivery.
import pg from "pg";
import { GROWTH_ACCOUNT_PREFIX } from "./growth-accounts.ts";

export const WATCHED_CLUSTERS = 20_000;

export async function watchersAccount(databaseUrl: string): Promise<{ id: string; clusters: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; clusters: number }>(
      `SELECT account_id AS id, count(*)::int AS clusters FROM clusters
        WHERE NOT starts_with(account_id, $1) GROUP BY 1 ORDER BY abs(count(*) - $2), 1 LIMIT 1`,
      [GROWTH_ACCOUNT_PREFIX, WATCHED_CLUSTERS],
    );
    const [account] = rows;
    if (!account) throw new Error("the database has no account with clusters");
    return account;
  } finally {
    await client.end();
  }
}
