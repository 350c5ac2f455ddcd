// A seeded fleet (the real generator) plus one usable key for its largest account.
import type { Cluster } from "@fleet/db";
import { seed } from "@fleet/db/seed";
import type { TestDatabase } from "@fleet/db/testing";
import { createKey } from "../../src/testing/index.ts";

export interface SeededFleet {
  accountId: string;
  secret: string;
  /** Every cluster of that account, straight from the database. */
  rows: Cluster[];
  otherAccountIds: string[];
}

export async function seedFleet(tdb: TestDatabase, clusters = 900): Promise<SeededFleet> {
  const summary = await seed(tdb.url, { accounts: 3, clusters, seed: "api-tests", log: () => {} });
  const accountId = summary.largestAccount?.id;
  if (!accountId) throw new Error("seed made no account");
  const { secret } = await createKey(tdb.db, accountId);
  const rows = await tdb.db.cluster.findMany({ where: { accountId } });
  const others = await tdb.db.account.findMany({ where: { id: { not: accountId } }, select: { id: true } });
  return { accountId, secret, rows, otherAccountIds: others.map((a) => a.id) };
}
