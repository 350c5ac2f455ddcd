// A small closed-loop load generator for fault tests: `workers` concurrent loops of fetch() against
// one URL, recording every outcome with its start time and latency. A request that takes longer
// than `hungAfterMs` is aborted and recorded as hung: the tests require there are none.
export interface Outcome {
  startedAt: number;
  ms: number;
  status: number | "hung" | "network-error";
  contentType: string | null;
}

export interface LoadLoop {
  outcomes: Outcome[];
  stop(): Promise<void>;
}

export function startLoadLoop(opts: {
  url: string;
  headers?: Record<string, string>;
  workers: number;
  pauseMs?: number;
  hungAfterMs: number;
}): LoadLoop {
  const outcomes: Outcome[] = [];
  let running = true;
  const worker = async () => {
    while (running) {
      const startedAt = performance.now();
      try {
        const res = await fetch(opts.url, {
          headers: opts.headers,
          signal: AbortSignal.timeout(opts.hungAfterMs),
        });
        await res.arrayBuffer();
        outcomes.push({
          startedAt,
          ms: performance.now() - startedAt,
          status: res.status,
          contentType: res.headers.get("content-type"),
        });
      } catch (error) {
        const hung = (error as Error).name === "TimeoutError";
        outcomes.push({
          startedAt,
          ms: performance.now() - startedAt,
          status: hung ? "hung" : "network-error",
          contentType: null,
        });
      }
      if (opts.pauseMs) await new Promise((resolve) => setTimeout(resolve, opts.pauseMs));
    }
  };
  const loops = Array.from({ length: opts.workers }, worker);
  return {
    outcomes,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
