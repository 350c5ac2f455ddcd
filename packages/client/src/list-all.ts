import type { AppRouter } from "@fleet/api/types";
import type { TRPCClient } from "@trpc/client";
import { type RetryOptions, withRetry } from "./retry.ts";
import type { Cluster, ClusterListInput } from "./types.ts";

/** Any filter of `clusters.list`; `limit` is the page size used under the hood (default 100, the maximum). */
export type ListAllFilter = Omit<ClusterListInput, "page">;

const PAGE_SIZE = 100;

/**
 * Every cluster matching `filter`, across all pages, in the filter's sort order. Each page request
 * is retried per `options` (429 Retry-After, transient 5xx and network errors with backoff).
 */
export async function* listAll(
  client: TRPCClient<AppRouter>,
  filter: ListAllFilter = {},
  options: RetryOptions = {},
): AsyncGenerator<Cluster, void, undefined> {
  const input = { ...filter, limit: filter.limit ?? PAGE_SIZE };
  for (let page = 1; ; page++) {
    const result = await withRetry(
      () => client.clusters.list.query({ ...input, page }, { signal: options.signal }),
      options,
    );
    yield* result.data;
    if (result.data.length === 0 || page >= result.pagination.total_pages) return;
  }
}
