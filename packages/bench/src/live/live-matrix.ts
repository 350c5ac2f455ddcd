// The query matrix through REST while the fleet is written: the same prepared queries as the static
// run, so each query's live p95 has its static p95 to be compared with.
import type { PreparedQuery, Runner } from "../paths.ts";
import { type Percentiles, percentiles, timeIt } from "../stats.ts";

export interface LiveLatencyRow {
  account: string;
  query: string;
  rest: Percentiles;
}

/** `between` runs untimed after each timed request (the count-exactness probe's steps). */
export async function measureLiveMatrix(opts: {
  rest: Runner;
  queries: { account: string; query: PreparedQuery }[];
  iterations: number;
  between: () => Promise<unknown>;
  log: (line: string) => void;
}): Promise<LiveLatencyRow[]> {
  const out: LiveLatencyRow[] = [];
  for (const { account, query } of opts.queries) {
    const rest = percentiles(await timeIt(() => opts.rest(query), 2, opts.iterations, opts.between));
    out.push({ account, query: query.name, rest });
    opts.log(`live ${account} ${query.name}: REST p95 ${rest.p95} ms`);
  }
  return out;
}
