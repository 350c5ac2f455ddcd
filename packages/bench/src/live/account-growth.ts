// How a listing's cost grows with the account: the default listing and a deep cursor page (the
// matrix's own entries) through REST for the typical account, the growth accounts and the big
// account, all in one database, in turns across the accounts so a slow moment hits all alike.
import type { GeneratedApiKey } from "@fleet/db";
import pg from "pg";
import type { BenchAccount } from "../accounts.ts";
import { replaceBenchKeys } from "../bench-keys.ts";
import { accountFacts, buildMatrix, type MatrixQuery } from "../matrix.ts";
import type { PreparedQuery, Runner } from "../paths.ts";
import { prepareQueries, type QueryAccount } from "../prepare.ts";
import { type Percentiles, percentiles, timeInTurns } from "../stats.ts";
import { ensureGrowthAccounts, type GrowthAccount } from "./growth-accounts.ts";

export interface GrowthRow {
  /** "typical", "big", or the growth account's id. */
  account: string;
  clusters: number;
  defaultListing: Percentiles;
  /** The cursor entry's name, with the depth it reached in this account. */
  deepCursorQuery: string;
  deepCursor: Percentiles;
}

export interface GrowthResult {
  /** Smallest account first. */
  rows: GrowthRow[];
  iterations: number;
}

const KEY_NAME = "fleet-bench-growth";
/** Samples per query: a p95 over the 15 slowest of them, for a phase of seconds at any database size. */
export const GROWTH_ITERATIONS = 300;
/** Untimed rounds first: an account's first listing counts its clusters afresh. */
const WARMUP = 5;

/** The matrix's default listing and its cursor page at depth with the default page size. */
function listingEntries(matrix: MatrixQuery[]): [MatrixQuery, MatrixQuery] {
  const plain = matrix.filter((m) => m.query === "");
  const listing = plain.find((m) => m.cursorDepth === undefined);
  const cursor = plain.find((m) => m.cursorDepth !== undefined);
  if (!listing || !cursor) throw new Error("the matrix has no default listing or no deep cursor page");
  return [listing, cursor];
}

/** A read-only key for each growth account, in the shape prepareQueries takes. */
async function withKeys(client: pg.Client, growth: GrowthAccount[]): Promise<QueryAccount[]> {
  const keys = await replaceBenchKeys(
    client,
    KEY_NAME,
    growth.map((g) => g.id),
  );
  return growth.map(({ id, clusters }, i) => {
    const key = keys[i] as GeneratedApiKey;
    return { id, clusters, apiKey: key.secret, apiKeyId: key.id };
  });
}

interface Measured {
  name: string;
  clusters: number;
  listing: PreparedQuery;
  cursor: PreparedQuery;
}

async function prepare(client: pg.Client, name: string, account: QueryAccount): Promise<Measured> {
  const entries = listingEntries(buildMatrix(await accountFacts(client, account.id)));
  const [listing, cursor] = await prepareQueries(client, account, entries);
  if (!listing || !cursor) throw new Error(`no queries prepared for ${name}`);
  return { name, clusters: account.clusters, listing, cursor };
}

export async function measureAccountGrowth(opts: {
  databaseUrl: string;
  rest: Runner;
  /** The bench's big and typical accounts (accounts.ts). */
  accounts: BenchAccount[];
  growthSizes: number[];
  iterations: number;
  log: (line: string) => void;
}): Promise<GrowthResult> {
  const big = opts.accounts.find((a) => a.label === "big");
  const typical = opts.accounts.find((a) => a.label === "typical");
  if (!big || !typical) throw new Error("the growth figure needs the big and the typical account");
  const growth = await ensureGrowthAccounts(opts.databaseUrl, {
    sourceAccountId: big.id,
    sizes: opts.growthSizes,
    log: opts.log,
  });
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  const measured: Measured[] = [];
  try {
    const grown = await withKeys(client, growth);
    measured.push(await prepare(client, "typical", typical));
    for (const account of grown) measured.push(await prepare(client, account.id, account));
    measured.push(await prepare(client, "big", big));
  } finally {
    await client.end();
  }
  const fns: Record<string, () => Promise<unknown>> = {};
  for (const m of measured) {
    fns[`${m.name} listing`] = () => opts.rest(m.listing);
    fns[`${m.name} cursor`] = () => opts.rest(m.cursor);
  }
  opts.log(`account growth: ${measured.length} accounts, ${opts.iterations} samples per query in turns`);
  const samples = await timeInTurns(fns, WARMUP, opts.iterations);
  const rows = measured.map(
    (m): GrowthRow => ({
      account: m.name,
      clusters: m.clusters,
      defaultListing: percentiles(samples[`${m.name} listing`] ?? []),
      deepCursorQuery: m.cursor.name,
      deepCursor: percentiles(samples[`${m.name} cursor`] ?? []),
    }),
  );
  for (const r of rows) {
    opts.log(
      `growth ${r.account} (${r.clusters} clusters): default listing p95 ${r.defaultListing.p95} ms, ${r.deepCursorQuery} p95 ${r.deepCursor.p95} ms`,
    );
  }
  return { rows: rows.sort((a, b) => a.clusters - b.clusters), iterations: opts.iterations };
}
