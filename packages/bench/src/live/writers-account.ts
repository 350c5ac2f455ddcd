// The account the writers bench drives: one that the other phases neither read nor write, since
// its off runs turn the change log off and its counts and streams start over afterwards. Not the
// largest (the live load's), not the "typical" one (closest to 1,000 clusters, the matrix's): the
// next closest to 1,000, so it is sized like most accounts (and far from the watchers' 20,000).
import { accountBySize, type SizedAccount } from "./account-by-size.ts";

export const writersAccount = (databaseUrl: string): Promise<SizedAccount> =>
  accountBySize(
    databaseUrl,
    `WITH sized AS (SELECT account_id AS id, count(*)::int AS clusters FROM clusters GROUP BY 1),
          largest AS (SELECT id FROM sized ORDER BY clusters DESC, id LIMIT 1)
     SELECT id, clusters FROM sized WHERE id NOT IN (SELECT id FROM largest)
      ORDER BY abs(clusters - 1000), id OFFSET 1 LIMIT 1`,
    [],
    "the database needs at least three accounts with clusters",
  );
