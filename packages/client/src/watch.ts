// `fleet.watch(selector, { since })`: the change stream as an async iterator that keeps going. The
// subscription link resumes a dropped connection from the last event id by itself; this loop also
// reopens a stream the server ended (a restart, a slow client), waits out a 429, and on
// REVISION_EXPIRED lists the clusters again, yields them as one `resync`, and follows on from there.
import type { AppRouter } from "@fleet/api/types";
import type { TRPCClient } from "@trpc/client";
import { FleetApiError } from "./errors.ts";
import { backoffDelay, sleep } from "./retry.ts";
import type { Cluster, ClusterListInput } from "./types.ts";

/** Which clusters to follow: any filter of `clusters.list` but paging and sorting. */
export type WatchSelector = Omit<ClusterListInput, "page" | "limit" | "cursor" | "sort_by" | "sort_order">;

export type WatchEvent =
  | { event: "upsert"; id: string; data: Cluster }
  | { event: "remove"; id: string; data: { id: string; reason: "deleted" | "left_filter" } }
  | { event: "heartbeat"; id: string; data: Record<string, never> }
  /** Every matching cluster, listed again after the revision expired: replace what you hold. */
  | { event: "resync"; id: string; data: Cluster[] };

export interface WatchOptions {
  /** A list answer's revision or the last event id received; omitted: from now. */
  since?: string;
  signal?: AbortSignal;
}

type Item = { value: WatchEvent } | { error: unknown } | { done: true };

/** Every matching cluster, and the revision to follow them from (the first page's). */
async function listEverything(client: TRPCClient<AppRouter>, selector: WatchSelector, signal?: AbortSignal) {
  const clusters: Cluster[] = [];
  let cursor: string | null = "first";
  let revision: string | null = null;
  while (cursor !== null) {
    const page = await client.clusters.list.query({ ...selector, limit: 100, cursor }, { signal });
    revision ??= page.pagination.revision;
    clusters.push(...page.data);
    cursor = page.data.length === 0 ? null : page.pagination.next_cursor;
  }
  return { clusters, revision: revision ?? "" };
}

export async function* watch(
  client: TRPCClient<AppRouter>,
  selector: WatchSelector = {},
  options: WatchOptions = {},
): AsyncGenerator<WatchEvent, void, undefined> {
  const { signal } = options;
  let since = options.since;
  let failures = 0;
  while (!signal?.aborted) {
    const items: Item[] = [];
    let wake: (() => void) | null = null;
    const push = (item: Item) => {
      items.push(item);
      wake?.();
    };
    const subscription = client.clusters.watch.subscribe(
      { ...selector, since },
      {
        onData: ({ data }) => push({ value: data }),
        onError: (error) => push({ error }),
        onComplete: () => push({ done: true }),
      },
    );
    const onAbort = () => push({ done: true });
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      // An abort ends the iterator at once, whatever was still buffered.
      while (!signal?.aborted) {
        const item = items.shift();
        if (!item) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = null;
          continue;
        }
        if ("value" in item) {
          failures = 0;
          since = item.value.id;
          yield item.value;
          continue;
        }
        if ("done" in item) break;
        const error = FleetApiError.fromUnknown(item.error);
        if (error.code === "REVISION_EXPIRED") {
          const { clusters, revision } = await listEverything(client, selector, signal);
          since = revision;
          yield { event: "resync", id: revision, data: clusters };
          break;
        }
        const transient =
          error.code === "NETWORK_ERROR" ||
          error.code === "SERVICE_UNAVAILABLE" ||
          error.code === "RATE_LIMIT_EXCEEDED";
        if (!transient) throw error;
        await sleep(error.retryAfterMs ?? backoffDelay(failures++, 250, 10_000), signal).catch(() => {});
        break;
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      subscription.unsubscribe();
    }
  }
}
