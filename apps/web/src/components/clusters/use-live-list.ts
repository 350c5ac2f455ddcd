"use client";

// Follows the shown list live over the `clusters.watch` subscription (server-sent events, resumed
// by the link with the last event id after a drop or a server restart). Rows on the page change in
// place and leave when they stop matching; a change to a cluster not on the page does not move the
// page, it is counted so the page can say the list has changed. Counts and summary cards are
// refreshed (at most every few seconds) while changes come. If the stream fails, the caller polls.
import type { ClusterFilter } from "@fleet/schema";
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { toListInput, toScopeInput } from "@/lib/list-state";
import { useTRPC } from "@/trpc/client";

/** How often counts and summary cards are re-read while changes come. */
const STATS_REFRESH_MS = 3_000;

export type LiveStatus = "connecting" | "live" | "offline";

export function useLiveList(filter: ClusterFilter, revision: string | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const selector = useMemo(() => toScopeInput(filter), [filter]);
  const listKey = trpc.clusters.list.queryKey(toListInput(filter));
  const selectorKey = JSON.stringify(selector);
  // The stream starts from the first list shown for this selector; it then resumes by itself.
  const since = useRef<{ key: string; revision: string } | null>(null);
  if (revision && since.current?.key !== selectorKey) since.current = { key: selectorKey, revision };
  // Changes outside the page, for the selector they were seen under (a new filter starts afresh).
  const [outside, setOutside] = useState<{ key: string; ids: Set<string> }>({ key: "", ids: new Set() });
  const statsDue = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (statsDue.current) clearTimeout(statsDue.current);
      statsDue.current = null;
    },
    [],
  );

  const refreshStats = () => {
    statsDue.current ??= setTimeout(() => {
      statsDue.current = null;
      void queryClient.invalidateQueries({ queryKey: trpc.clusters.stats.pathKey() });
    }, STATS_REFRESH_MS);
  };

  const subscription = useSubscription(
    trpc.clusters.watch.subscriptionOptions(
      since.current?.key === selectorKey ? { ...selector, since: since.current.revision } : { ...selector },
      {
        enabled: since.current?.key === selectorKey,
        onData: ({ data: change }) => {
          if (change.event === "heartbeat") return;
          refreshStats();
          queryClient.setQueryData(listKey, (list) => {
            if (!list) return list;
            const at = list.data.findIndex((c) => c.id === change.data.id);
            if (at === -1) {
              if (change.event === "upsert") {
                setOutside((seen) => ({
                  key: selectorKey,
                  ids: new Set(seen.key === selectorKey ? seen.ids : []).add(change.data.id),
                }));
              }
              return list;
            }
            const data =
              change.event === "upsert"
                ? list.data.map((c, i) => (i === at ? change.data : c))
                : list.data.filter((_, i) => i !== at);
            const total = change.event === "remove" ? list.pagination.total - 1 : list.pagination.total;
            return { ...list, data, pagination: { ...list.pagination, total } };
          });
        },
      },
    ),
  );

  const status: LiveStatus =
    subscription.status === "pending" ? "live" : subscription.status === "error" ? "offline" : "connecting";
  return {
    status,
    /** Clusters outside this page that changed or came to match since it was shown. */
    changesElsewhere: outside.key === selectorKey ? outside.ids.size : 0,
    /** Shows the list as it is now (the caller refetches). */
    clearChangesElsewhere: () => setOutside({ key: selectorKey, ids: new Set() }),
  };
}
