// The two accounts the bench measures (the largest, and the one closest to 1,000 clusters) and an
// API key for each, created fresh per run (old bench keys are removed first).
import { generateApiKey } from "@fleet/db";
import pg from "pg";

export interface BenchAccount {
  label: "big" | "typical";
  id: string;
  clusters: number;
  apiKey: string;
  apiKeyId: string;
}

const KEY_NAME = "fleet-bench";

export async function benchAccounts(url: string): Promise<BenchAccount[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ account_id: string; n: string }>(
      "SELECT account_id, count(*) AS n FROM clusters GROUP BY 1",
    );
    const sizes = rows.map((r) => ({ id: r.account_id, n: Number(r.n) }));
    const big = sizes.reduce((a, b) => (b.n > a.n || (b.n === a.n && b.id < a.id) ? b : a));
    const typical = sizes
      .filter((s) => s.id !== big.id)
      .reduce((a, b) => {
        const da = Math.abs(a.n - 1000);
        const db = Math.abs(b.n - 1000);
        return db < da || (db === da && b.id < a.id) ? b : a;
      });
    await client.query("DELETE FROM api_keys WHERE name = $1", [KEY_NAME]);
    const accounts: BenchAccount[] = [];
    for (const [label, account] of [
      ["big", big],
      ["typical", typical],
    ] as const) {
      const key = generateApiKey();
      await client.query(
        `INSERT INTO api_keys (id, account_id, name, prefix, secret_hash, scopes, project_ids)
         VALUES ($1, $2, $3, $4, $5, $6, '{}')`,
        [key.id, account.id, KEY_NAME, key.prefix, key.secretHash, ["clusters:read"]],
      );
      accounts.push({ label, id: account.id, clusters: account.n, apiKey: key.secret, apiKeyId: key.id });
    }
    return accounts;
  } finally {
    await client.end();
  }
}
