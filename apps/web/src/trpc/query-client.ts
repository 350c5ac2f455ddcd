import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import { httpStatusOf } from "@/lib/errors";

/** One factory for the server (per request) and the browser (once): same defaults on both sides. */
export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data the server just prefetched is fresh: the browser does not fetch it again on hydration.
        staleTime: 30_000,
        // Client errors (bad filter, signed out, rate limited) do not get better by retrying.
        retry: (failures, error) => (httpStatusOf(error) ?? 500) >= 500 && failures < 2,
      },
      dehydrate: {
        shouldDehydrateQuery: (query) =>
          defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
    },
  });
}
