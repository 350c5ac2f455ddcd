import type { BenchSize } from "./database.ts";

/**
 * Full: 1,000,000 clusters over 1,000 accounts; the seed generator gives the largest account 20%
 * (200,000) and the rest about 800 each. Quick: a tenth of that, for a run under three minutes.
 */
export function sizeFor(quick: boolean): BenchSize {
  return quick
    ? { seed: "bench", clusters: 100_000, accounts: 100 }
    : { seed: "bench", clusters: 1_000_000, accounts: 1_000 };
}
