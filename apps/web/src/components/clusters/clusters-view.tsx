"use client";

import type { Cluster, ClusterFilter } from "@fleet/schema";
import { DownloadIcon, LoaderCircleIcon, RefreshCwIcon, ZapIcon } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { toQueryString } from "@/lib/list-state";
import { CSV_EXPORT_PATH } from "@/lib/paths";
import { useHiddenColumns } from "@/lib/use-columns";
import { useHydrated } from "@/lib/use-hydrated";
import { ClusterDetail } from "./cluster-detail";
import { ClustersCards } from "./clusters-cards";
import { ClustersTable } from "./clusters-table";
import { ColumnChooser } from "./column-chooser";
import { CopyButton } from "./copy-button";
import { FilterBar, hasFilters } from "./filter-bar";
import { BadUrlState, EmptyState, ErrorState } from "./list-states";
import { NarrowSort } from "./narrow-sort";
import { PaginationBar } from "./pagination-bar";
import { SummaryCards } from "./summary-cards";
import { TableSkeleton } from "./table-skeleton";
import { REFRESH_MS, useFleetQueries } from "./use-fleet-queries";
import { useListState } from "./use-list-state";
import { type LiveStatus, useLiveList } from "./use-live-list";
import { ViewsMenu } from "./views-menu";

const LIVE_TEXT: Record<LiveStatus, string> = {
  live: "Live",
  connecting: "Connecting…",
  offline: "Offline",
};

/** The /clusters page body: URL state in, table and summary out. */
export function ClustersView() {
  const { state, key, change, reset } = useListState();
  // The view marks (data-state-key) which URL it shows, once hydrated: before that its controls do
  // not respond yet, so "shown" would be premature for anyone about to use them.
  const liveKey = useHydrated() ? key : undefined;
  if (!state.ok) {
    return (
      <div className="grid grid-cols-1 gap-4">
        <h1 className="text-xl font-semibold">Clusters</h1>
        <BadUrlState errors={state.errors} onReset={reset} stateKey={liveKey} />
      </div>
    );
  }
  return <ClustersList filter={state.filter} stateKey={liveKey} change={change} reset={reset} />;
}

type ListProps = {
  filter: ClusterFilter;
  /** The URL query the filter was parsed from (undefined until hydrated). */
  stateKey: string | undefined;
  change: (patch: Partial<ClusterFilter>) => void;
  reset: () => void;
};

function ClustersList({ filter, stateKey, change, reset }: ListProps) {
  const [openId, setOpenId] = useState<string>();
  // The panel opens from a row, not a Radix trigger: remember the row's button to give focus back to.
  const opener = useRef<HTMLElement | null>(null);
  // Periodic refresh only while the live stream is down; the stream follows from this filter's own
  // list (not the previous filter's rows shown while it loads).
  const [polling, setPolling] = useState(false);
  const { list, stats, summary, facetCounts, projects, templates, projectNames, templateNames } =
    useFleetQueries(filter, polling);
  const live = useLiveList(filter, list.isPlaceholderData ? undefined : list.data?.pagination.revision);
  const offline = live.status === "offline";
  useEffect(() => setPolling(offline), [offline]);

  const clusters = list.data?.data ?? [];
  const open: Cluster | undefined = clusters.find((cluster) => cluster.id === openId);
  const onSort = useCallback(
    (sort_by: ClusterFilter["sort_by"], sort_order: ClusterFilter["sort_order"]) =>
      change({ sort_by, sort_order }),
    [change],
  );
  const columns = useHiddenColumns();
  const openCluster = (cluster: Cluster) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpenId(cluster.id);
  };
  const exportHref = `${CSV_EXPORT_PATH}${toQueryString({ ...filter, page: undefined, limit: undefined, cursor: undefined })}`;

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <h1 className="text-xl font-semibold">Clusters</h1>
          {list.isFetching && (
            <LoaderCircleIcon aria-label="Updating" className="size-4 animate-spin text-muted-foreground" />
          )}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button
            variant="secondary"
            size="sm"
            onClick={() => change({ status: ["running"], sort_by: "cost", sort_order: "desc" })}
          >
            <ZapIcon /> Running, by cost
          </Button>
          <output
            className="flex items-center gap-2 rounded-md border px-3 py-1.5 text-sm"
            data-testid="live-status"
            data-status={live.status}
            aria-live="polite"
          >
            <span
              aria-hidden
              className={`size-2 rounded-full ${live.status === "live" ? "bg-emerald-500" : live.status === "offline" ? "bg-destructive" : "bg-muted-foreground"}`}
            />
            {LIVE_TEXT[live.status]}
            {polling && (
              <span className="text-xs text-muted-foreground">refreshing every {REFRESH_MS / 1000} s</span>
            )}
          </output>
          {live.changesElsewhere > 0 && (
            <Button
              variant="outline"
              size="sm"
              data-testid="changes-elsewhere"
              onClick={() => {
                live.clearChangesElsewhere();
                void list.refetch();
              }}
            >
              <RefreshCwIcon />
              {live.changesElsewhere === 1
                ? "1 change outside this page: show latest"
                : `${live.changesElsewhere} changes outside this page: show latest`}
            </Button>
          )}
          <CopyButton text={() => window.location.href} caption="Copy link" what="to this view" />
          <ViewsMenu query={toQueryString(filter)} hidden={columns.hidden} onColumns={columns.setHidden} />
          <div className="hidden sm:block">
            <ColumnChooser hidden={columns.hidden} onChange={columns.setShown} />
          </div>
          <Button variant="outline" size="sm" asChild>
            <a href={exportHref} download data-testid="export-csv">
              <DownloadIcon /> Export CSV
            </a>
          </Button>
        </div>
      </div>

      <SummaryCards stats={summary} unavailable={stats.isError && !stats.data} />

      <FilterBar
        filter={filter}
        onChange={change}
        onReset={reset}
        facetCounts={facetCounts}
        projects={projects}
        templates={templates}
      />

      {/* Absent while the previous query's rows stand in: "shown" means these rows, not the last ones. */}
      <div
        className="rounded-lg border bg-card"
        data-testid="cluster-list"
        data-state-key={list.data && !list.isPlaceholderData ? stateKey : undefined}
      >
        {list.error && !list.data ? (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          </div>
        ) : !list.data ? (
          <TableSkeleton />
        ) : (
          <>
            {list.error && (
              <div className="p-3">
                <ErrorState error={list.error} onRetry={() => list.refetch()} />
              </div>
            )}
            {clusters.length === 0 ? (
              <EmptyState filtered={hasFilters(filter)} onReset={reset} />
            ) : (
              <>
                {/* A table from the width of a small tablet; cards, with the sorts in one select, below. */}
                <div className="hidden sm:block">
                  <ClustersTable
                    clusters={clusters}
                    filter={filter}
                    projectNames={projectNames}
                    onSort={onSort}
                    onOpen={openCluster}
                    selectedId={openId}
                    stale={list.isPlaceholderData}
                    hidden={columns.hidden}
                  />
                </div>
                <div className="sm:hidden">
                  <NarrowSort
                    filter={filter}
                    onSort={onSort}
                    className="flex items-center justify-end gap-2 border-b p-3"
                  />
                  <ClustersCards clusters={clusters} onOpen={openCluster} stale={list.isPlaceholderData} />
                </div>
              </>
            )}
            <div className="border-t px-3">
              <PaginationBar
                page={filter.page}
                limit={filter.limit}
                total={list.data.pagination.total}
                totalPages={list.data.pagination.total_pages}
                onPage={(page) => change({ page })}
                onLimit={(limit) => change({ limit })}
              />
            </div>
          </>
        )}
      </div>

      <ClusterDetail
        cluster={open}
        projectName={open ? projectNames.get(open.project_id) : undefined}
        templateName={open?.template_id ? templateNames.get(open.template_id) : undefined}
        onClose={() => setOpenId(undefined)}
        returnFocus={() => opener.current?.focus()}
      />
    </div>
  );
}
