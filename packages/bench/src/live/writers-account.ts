// The account the writers bench drives: one that the other phases neither read nor write, since
// its off runs turn the change log off and its counts and streams start over afterwards. Not the
// largest (the live load's and the watchers'), not the "typical" one (closest to 1,000 clusters,
// the matrix's): the next closest to 1,000, so it is sized like most accounts.
import pg from "pg";

export async function writersAccount(databaseUrl: string): Promise<{ id: string; clusters: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; clusters: number }>(
      `WITH sized AS (SELECT account_id AS id, count(*)::int AS clusters FROM clusters GROUP BY 1),
            largest AS (SELECT id FROM sized ORDER BY clusters DESC, id LIMIT 1)
       SELECT id, clusters FROM sized WHERE id NOT IN (SELECT id FROM largest)
        ORDER BY abs(clusters - 1000), id OFFSET 1 LIMIT 1`,
    );
    const [account] = rows;
    if (!account) throw new Error("the database needs at least three accounts with clusters");
    return account;
  } finally {
    await client.end();
  }
}
