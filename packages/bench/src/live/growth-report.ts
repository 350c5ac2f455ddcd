// The account-growth figure in the results: a markdown table and the verdict of its target (the
// default listing's and a deep cursor page's REST p95 grow at most 1.5× from the smallest account
// measured, ~1,000 clusters, to the largest).
import type { Verdict } from "../report.ts";
import type { GrowthResult, GrowthRow } from "./account-growth.ts";

/** The largest account's p95 over the smallest's may be at most this, for both queries. */
const LARGEST_OVER_SMALLEST = 1.5;

const x = (ratio: number) => `${ratio.toFixed(2)}×`;
const clusters = (n: number) => n.toLocaleString("en-US");

const ends = (r: GrowthResult): [GrowthRow, GrowthRow] | null => {
  const smallest = r.rows[0];
  const largest = r.rows[r.rows.length - 1];
  return smallest && largest && r.rows.length > 1 ? [smallest, largest] : null;
};

export function growthMarkdown(r: GrowthResult): string[] {
  const smallest = r.rows[0];
  const lines = [
    "## Account growth: one listing across account sizes",
    "",
    `The default listing (no parameters) and the matrix's deep cursor page at the default page size (as deep as the matrix goes, or as the account does) through REST, for the typical account, accounts copied from the big one's clusters at in-between sizes, and the big account, all in this database: ${r.iterations} samples of each, every query of every account in turn. p50 / p95 in ms; ratios are p95 over the smallest account's.`,
    "",
    "| account | clusters | default listing p50 / p95 | ÷ smallest | deep cursor page | p50 / p95 | ÷ smallest |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const row of r.rows) {
    const listing = smallest ? x(row.defaultListing.p95 / smallest.defaultListing.p95) : "–";
    const cursor = smallest ? x(row.deepCursor.p95 / smallest.deepCursor.p95) : "–";
    lines.push(
      `| ${row.account} | ${clusters(row.clusters)} | ${row.defaultListing.p50} / ${row.defaultListing.p95} | ${listing} | ${row.deepCursorQuery} | ${row.deepCursor.p50} / ${row.deepCursor.p95} | ${cursor} |`,
    );
  }
  return lines;
}

export function growthVerdicts(r: GrowthResult): Verdict[] {
  const target = `default listing and deep cursor page REST p95 grow ≤ ${x(LARGEST_OVER_SMALLEST)} from the ~1,000-cluster account to the largest`;
  const pair = ends(r);
  if (!pair) return [{ target, reached: "fewer than two accounts measured", ok: null }];
  const [smallest, largest] = pair;
  const listing = largest.defaultListing.p95 / smallest.defaultListing.p95;
  const cursor = largest.deepCursor.p95 / smallest.deepCursor.p95;
  const span = `${clusters(smallest.clusters)} → ${clusters(largest.clusters)} clusters`;
  return [
    {
      target,
      reached: `${span}: default listing ${smallest.defaultListing.p95} → ${largest.defaultListing.p95} ms (${x(listing)}), deep cursor ${smallest.deepCursor.p95} → ${largest.deepCursor.p95} ms (${x(cursor)})`,
      ok: listing <= LARGEST_OVER_SMALLEST && cursor <= LARGEST_OVER_SMALLEST,
    },
  ];
}
