// The two accounts the bench measures (the largest, and the one closest to 1,000 clusters) and an
// API key for each, created fresh per run (old bench keys are removed first).
import type { GeneratedApiKey } from "@fleet/db";
import pg from "pg";
import { replaceBenchKeys } from "./bench-keys.ts";

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
    const chosen = [
      { label: "big", account: big },
      { label: "typical", account: typical },
    ] as const;
    const keys = await replaceBenchKeys(
      client,
      KEY_NAME,
      chosen.map((c) => c.account.id),
    );
    const accounts = chosen.map(({ label, account }, i): BenchAccount => {
      const key = keys[i] as GeneratedApiKey;
      return { label, id: account.id, clusters: account.n, apiKey: key.secret, apiKeyId: key.id };
    });
    return accounts;
  } finally {
    await client.end();
  }
}
