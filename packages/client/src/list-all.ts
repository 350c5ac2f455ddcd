import type { AppRouter } from "@fleet/api/types";
import type { TRPCClient } from "@trpc/client";
import { type RetryOptions, withRetry } from "./retry.ts";
import type { Cluster, ClusterListInput } from "./types.ts";

/** Any filter of `clusters.list`; `limit` is the page size used under the hood (default 100, the maximum). */
export type ListAllFilter = Omit<ClusterListInput, "page" | "cursor">;

const PAGE_SIZE = 100;
/** The API's `cursor` value that starts a keyset walk (`CURSOR_START` in @fleet/schema). */
const FIRST_PAGE = "first";

/**
 * Every cluster matching `filter`, across all pages, in the filter's sort order. It walks keyset
 * cursors, so each cluster comes exactly once even while clusters are created or deleted, and deep
 * pages stay as fast as the first. Each page request is retried per `options` (429 Retry-After,
 * transient 5xx and network errors with backoff).
 */
export async function* listAll(
  client: TRPCClient<AppRouter>,
  filter: ListAllFilter = {},
  options: RetryOptions = {},
): AsyncGenerator<Cluster, void, undefined> {
  const input = { ...filter, limit: filter.limit ?? PAGE_SIZE };
  let cursor: string | null = FIRST_PAGE;
  while (cursor !== null) {
    const page: string = cursor;
    const result = await withRetry(
      () => client.clusters.list.query({ ...input, cursor: page }, { signal: options.signal }),
      options,
    );
    yield* result.data;
    cursor = result.data.length === 0 ? null : result.pagination.next_cursor;
  }
}
