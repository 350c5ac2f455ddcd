// One account of the bench database chosen by its size, for a live phase that needs an account of
// its own.
import pg from "pg";

export interface SizedAccount {
  id: string;
  clusters: number;
}

/** The first row of `sql` (rows of `id`, `clusters`), or an error saying what the database lacks. */
export async function accountBySize(
  databaseUrl: string,
  sql: string,
  params: unknown[],
  lacking: string,
): Promise<SizedAccount> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [account] = (await client.query<SizedAccount>(sql, params)).rows;
    if (!account) throw new Error(lacking);
    return account;
  } finally {
    await client.end();
  }
}
