// The account the 1,000 streams follow while the simulator writes it at the live rates: the seeded
// account closest to WATCHED_CLUSTERS (the quick database's big account; in the full one, an account
// of about that size). Those rates refresh every running cluster's metrics once a minute, so an
// account's change rate grows with its size: on the full database's big account the unfiltered and
// running streams get more events than the one client process on these cores can read, and the
// phase would measure that client and the server's per-stream backlog bound instead of delivery.
import { accountBySize, type SizedAccount } from "./account-by-size.ts";
import { GROWTH_ACCOUNT_PREFIX } from "./growth-accounts.ts";

export const WATCHED_CLUSTERS = 20_000;

export const watchersAccount = (databaseUrl: string): Promise<SizedAccount> =>
  accountBySize(
    databaseUrl,
    `SELECT account_id AS id, count(*)::int AS clusters FROM clusters
      WHERE NOT starts_with(account_id, $1) GROUP BY 1 ORDER BY abs(count(*) - $2), 1 LIMIT 1`,
    [GROWTH_ACCOUNT_PREFIX, WATCHED_CLUSTERS],
    "the database has no account with clusters",
  );
