// The end check of the watchers bench: a stream client's view (the list it started from, with its
// events applied in order) against a fresh list of the same filter, field for field. Only clusters
// the events touched or whose state differs between the two lists can differ, so each client costs
// its own events, however large the account.
import type { EventLedger } from "./event-ledger.ts";

export interface ViewDifference {
  /** In the fresh list, not in the client's view. */
  missing: number;
  /** In both, with different fields. */
  stale: number;
  /** In the client's view, not in the fresh list. */
  extra: number;
}

/** The clusters whose membership or fields differ between two lists of one filter. */
export function changedBetween(start: Map<string, string>, end: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [id, hash] of start) if (end.get(id) !== hash) changed.push(id);
  for (const id of end.keys()) if (!start.has(id)) changed.push(id);
  return changed;
}

export function compareView(opts: {
  start: Map<string, string>;
  fresh: Map<string, string>;
  /** changedBetween(start, fresh), computed once per filter. */
  changed: string[];
  /** The client's events in arrival order: +id an upsert, −id a remove. */
  events: Float64Array;
  ledger: EventLedger;
}): ViewDifference {
  const { start, fresh, ledger } = opts;
  // Each cluster's last event: the later one wins.
  const last = new Map<string, number>();
  for (const signed of opts.events) {
    const clusterId = ledger.clusterOf(Math.abs(signed));
    if (clusterId === undefined) throw new Error(`event ${Math.abs(signed)} was never recorded`);
    last.set(clusterId, signed);
  }
  const difference: ViewDifference = { missing: 0, stale: 0, extra: 0 };
  const check = (id: string) => {
    const signed = last.get(id);
    const held = signed === undefined ? start.get(id) : signed > 0 ? ledger.hashOf(signed) : undefined;
    const expected = fresh.get(id);
    if (held === expected) return;
    if (expected === undefined) difference.extra++;
    else if (held === undefined || held === null) difference.missing++;
    else difference.stale++;
  };
  for (const id of opts.changed) if (!last.has(id)) check(id);
  for (const id of last.keys()) check(id);
  return difference;
}
