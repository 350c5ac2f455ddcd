// Latency percentiles (nearest-rank) and a timing loop.

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  const round = (v: number) => Math.round(v * 100) / 100;
  return { n: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)) };
}

/**
 * Runs `fn` `warmup` times untimed, then `iterations` times timed (milliseconds each); `between`
 * runs untimed after each timed call.
 */
export async function timeIt(
  fn: () => Promise<unknown>,
  warmup: number,
  iterations: number,
  between: () => Promise<unknown> = async () => {},
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
    await between();
  }
  return samples;
}

/**
 * Like timeIt for several functions at once, in turns (a, b, c, a, b, c, …): a noisy moment on the
 * machine lands on every path alike instead of on whichever one happened to be running.
 */
export async function timeInTurns<K extends string>(
  fns: Record<K, () => Promise<unknown>>,
  warmup: number,
  iterations: number,
): Promise<Record<K, number[]>> {
  const names = Object.keys(fns) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < warmup + iterations; i++) {
    for (const name of names) {
      const started = performance.now();
      await fns[name]();
      if (i >= warmup) samples[name].push(performance.now() - started);
    }
  }
  return samples;
}
