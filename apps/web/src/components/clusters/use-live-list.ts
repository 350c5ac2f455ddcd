"use client";

// Follows the shown list live over the `clusters.watch` subscription (server-sent events). Rows on
// the page change in place and leave when they stop matching; a change to a cluster not on the page
// does not move the page, it is counted so the page can say the list has changed. Counts and summary
// cards are refreshed (at most every few seconds) while changes come. The browser's EventSource
// resumes a dropped connection by itself (with the last event id); a stream that fails for good is
// reopened here, with backoff, from the latest point the page shows. While the stream is down the
// status says "offline", and the caller polls.
import type { ClusterFilter } from "@fleet/schema";
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { httpStatusOf } from "@/lib/errors";
import { toListInput, toScopeInput } from "@/lib/list-state";
import { useTRPC } from "@/trpc/client";
import { useOfflineAfter } from "./use-offline-after";

/** How often counts and summary cards are re-read while changes come. */
const STATS_REFRESH_MS = 3_000;
/** A failed stream is reopened after this, doubled after each failure in a row, up to the maximum. */
const REOPEN_FIRST_MS = 1_000;
const REOPEN_MAX_MS = 30_000;
/** REVISION_EXPIRED: the change log no longer reaches the resume point, so the list is read again. */
const EXPIRED_STATUS = 410;

export type LiveStatus = "connecting" | "live" | "offline";

/** A point of one selector's history: a list answer's revision or the id of an event applied. */
type Point = { key: string; since: string };

/** `revision`: the shown list's, or undefined while the list shown is not this filter's own. */
export function useLiveList(filter: ClusterFilter, revision: string | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const selector = useMemo(() => toScopeInput(filter), [filter]);
  const listKey = useMemo(() => trpc.clusters.list.queryKey(toListInput(filter)), [trpc, filter]);
  const selectorKey = JSON.stringify(selector);
  // Where this selector's stream starts: the first list shown for it (a new selector starts afresh,
  // adjusted while rendering as React prescribes for state derived from props); after a failure,
  // where it is reopened.
  const [start, setStart] = useState<Point | null>(null);
  if (revision && start?.key !== selectorKey) setStart({ key: selectorKey, since: revision });
  const since = start?.key === selectorKey ? start.since : undefined;
  // The latest point the page shows: the last event applied, or a list read after it.
  const shown = useRef<Point | null>(null);
  useEffect(() => {
    if (revision) shown.current = { key: selectorKey, since: revision };
  }, [revision, selectorKey]);
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
    trpc.clusters.watch.subscriptionOptions(since ? { ...selector, since } : { ...selector }, {
      enabled: since !== undefined,
      onData: ({ id, data: change }) => {
        shown.current = { key: selectorKey, since: id };
        if (change.event === "heartbeat") return;
        refreshStats();
        const list = queryClient.getQueryData(listKey);
        if (!list) return;
        const at = list.data.findIndex((c) => c.id === change.data.id);
        if (at === -1) {
          if (change.event === "upsert") {
            setOutside((seen) => ({
              key: selectorKey,
              ids: new Set(seen.key === selectorKey ? seen.ids : []).add(change.data.id),
            }));
          }
          return;
        }
        const data =
          change.event === "upsert"
            ? list.data.map((c, i) => (i === at ? change.data : c))
            : list.data.filter((_, i) => i !== at);
        const total = change.event === "remove" ? list.pagination.total - 1 : list.pagination.total;
        queryClient.setQueryData(listKey, { ...list, data, pagination: { ...list.pagination, total } });
      },
    }),
  );

  const streaming = subscription.status === "pending";
  const failed = subscription.status === "error";
  const failures = useRef(0);
  useEffect(() => {
    if (streaming) failures.current = 0;
  }, [streaming]);
  // The link gives up on an error it does not retry (or a connection the EventSource closed for
  // good): reopen from what the page shows, after a wait that grows while it keeps failing.
  const { error, reset } = subscription;
  useEffect(() => {
    if (!failed || since === undefined) return;
    const expired = httpStatusOf(error) === EXPIRED_STATUS;
    const wait = Math.min(REOPEN_FIRST_MS * 2 ** failures.current, REOPEN_MAX_MS);
    let cancelled = false;
    const timer = setTimeout(async () => {
      failures.current++;
      if (expired) {
        await queryClient.refetchQueries({ queryKey: listKey, exact: true });
        void queryClient.invalidateQueries({ queryKey: trpc.clusters.stats.pathKey() });
      }
      const listed = queryClient.getQueryData(listKey)?.pagination.revision;
      const from = expired ? listed : shown.current?.key === selectorKey ? shown.current.since : since;
      if (cancelled || !from) return;
      if (from === since) reset();
      else setStart({ key: selectorKey, since: from });
    }, wait);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [failed, error, since, selectorKey, listKey, queryClient, reset, trpc]);

  const offline = useOfflineAfter(since !== undefined && !streaming);
  const status: LiveStatus = streaming ? "live" : offline ? "offline" : "connecting";
  return {
    status,
    /** Clusters outside this page that changed or came to match since it was shown. */
    changesElsewhere: outside.key === selectorKey ? outside.ids.size : 0,
    /** Shows the list as it is now (the caller refetches). */
    clearChangesElsewhere: () => setOutside({ key: selectorKey, ids: new Set() }),
  };
}
