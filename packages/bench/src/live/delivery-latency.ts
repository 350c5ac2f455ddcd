// Delivery latency from the stream clients' ledger: for every (probe, stream) arrival, the time
// from the probe's write to the event's parse, and per probe its first and last stream's.
import { type Percentiles, percentiles } from "../stats.ts";
import type { EventLedger } from "./event-ledger.ts";

export interface Delivery extends Percentiles {
  max: number;
  /** Arrivals noted before their write returned (a clock problem if ever above 0). */
  negative: number;
  /** Per probe write, the latency of the first stream to receive it, and of the last. */
  firstStream: Percentiles;
  lastStream: Percentiles;
}

/** `writtenAt(n)`: performance.now() when probe `n`'s write returned, undefined when it was not written. */
export function deliveryOf(
  ledger: EventLedger,
  writtenAt: (n: number) => number | undefined,
): { delivery: Delivery; arrivals: number } {
  const latencies: number[] = [];
  const spans = new Map<number, { first: number; last: number }>();
  const arrivals = ledger.probeArrivals.values();
  for (let i = 0; i < arrivals.length; i += 2) {
    const probe = arrivals[i] as number;
    const written = writtenAt(probe);
    if (written === undefined) continue;
    const latency = (arrivals[i + 1] as number) - written;
    latencies.push(latency);
    const span = spans.get(probe);
    if (!span) spans.set(probe, { first: latency, last: latency });
    else {
      span.first = Math.min(span.first, latency);
      span.last = Math.max(span.last, latency);
    }
  }
  const max = latencies.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  return {
    arrivals: latencies.length,
    delivery: {
      ...percentiles(latencies),
      max: Math.round(max * 100) / 100,
      negative: latencies.filter((l) => l < 0).length,
      firstStream: percentiles([...spans.values()].map((s) => s.first)),
      lastStream: percentiles([...spans.values()].map((s) => s.last)),
    },
  };
}
