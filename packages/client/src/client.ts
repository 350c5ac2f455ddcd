import type { AppRouter } from "@fleet/api/types";
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, type TRPCClient } from "@trpc/client";
import { EventSource } from "eventsource";
import { fleetErrorLink } from "./error-link.ts";
import { statusPreservingFetch } from "./fetch.ts";
import { type ListAllFilter, listAll } from "./list-all.ts";
import type { RetryOptions } from "./retry.ts";
import type { Cluster } from "./types.ts";
import { type WatchEvent, type WatchOptions, type WatchSelector, watch } from "./watch.ts";

export type FleetClientOptions = {
  /** Where Fleet is served, e.g. "https://fleet.example.com"; the client calls `${baseUrl}/api/trpc`. */
  baseUrl: string | URL;
  /** An API key (`fleet_…`), sent as `Authorization: Bearer`. */
  apiKey: string;
  /** A fetch implementation (tests, proxies, instrumentation); default the global fetch. */
  fetch?: typeof fetch;
};

export type FleetClient = TRPCClient<AppRouter> & {
  /** Every cluster matching `filter`, across pages, with rate-limit waits and transient-error retries. */
  listAll(filter?: ListAllFilter, options?: RetryOptions): AsyncGenerator<Cluster, void, undefined>;
  /** The changes of the clusters matching `selector`, from `options.since`, resuming by itself. */
  watch(selector?: WatchSelector, options?: WatchOptions): AsyncGenerator<WatchEvent, void, undefined>;
};

export function createFleetClient(options: FleetClientOptions): FleetClient {
  const url = `${String(options.baseUrl).replace(/\/+$/, "")}/api/trpc`;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const authorization = `Bearer ${options.apiKey}`;
  const client = createTRPCClient<AppRouter>({
    links: [
      fleetErrorLink,
      splitLink({
        condition: (op) => op.type === "subscription",
        // Server-sent events; the `eventsource` package, because an EventSource cannot send headers.
        true: httpSubscriptionLink({
          url,
          EventSource,
          eventSourceOptions: {
            fetch: (input, init) =>
              fetchImpl(input, { ...init, headers: { ...init?.headers, authorization } }),
          },
        }),
        // httpLink, not httpBatchLink: one HTTP response per call keeps its status, Retry-After and
        // request id attached to that call's error.
        false: httpLink({
          url,
          fetch: statusPreservingFetch(fetchImpl),
          headers: { authorization },
        }),
      }),
    ],
  });
  const extras = {
    listAll: (filter?: ListAllFilter, retry?: RetryOptions) => listAll(client, filter, retry),
    watch: (selector?: WatchSelector, watchOptions?: WatchOptions) => watch(client, selector, watchOptions),
  };
  // tRPC's client is a proxy that turns every property into a procedure path; answer ours first.
  return new Proxy(client, {
    get: (target, key, receiver) =>
      Object.hasOwn(extras, key) ? extras[key as keyof typeof extras] : Reflect.get(target, key, receiver),
  }) as FleetClient;
}
