"use client";

import type { Cluster, ClusterFilter, ListColumn, SortKey, SortOrder } from "@fleet/schema";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatUsd } from "@/lib/format";
import { cn } from "@/lib/utils";
import { RelativeTime } from "./relative-time";
import { SortHeader } from "./sort-header";
import { SORT_LABELS } from "./sort-labels";
import { StatusBadge } from "./status-badge";
import { UtilizationBar } from "./utilization-bar";

type Props = {
  clusters: Cluster[];
  filter: ClusterFilter;
  projectNames: Map<string, string>;
  onSort: (sortBy: SortKey, sortOrder: SortOrder) => void;
  onOpen: (cluster: Cluster) => void;
  stale: boolean;
  selectedId: string | undefined;
  /** Columns this browser hides (use-columns.ts). */
  hidden: Set<ListColumn>;
};

export function ClustersTable({
  clusters,
  filter,
  projectNames,
  onSort,
  onOpen,
  stale,
  selectedId,
  hidden,
}: Props) {
  const sort = { sortBy: filter.sort_by, sortOrder: filter.sort_order, onSort };
  const shows = (column: ListColumn) => !hidden.has(column);
  const now = Date.now();
  return (
    <Table aria-busy={stale} className={cn("transition-opacity", stale && "opacity-60")}>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <SortHeader label={SORT_LABELS.name} sortKey="name" {...sort} />
          <SortHeader label={SORT_LABELS.status} sortKey="status" {...sort} />
          {shows("gpus") && <SortHeader label={SORT_LABELS.gpu_count} sortKey="gpu_count" {...sort} />}
          {shows("region") && <TableHead>Region</TableHead>}
          {shows("project") && <TableHead className="hidden lg:table-cell">Project</TableHead>}
          {shows("cost") && (
            <SortHeader label={SORT_LABELS.cost} sortKey="cost" {...sort} className="text-right" />
          )}
          {shows("utilization") && <TableHead className="hidden md:table-cell">GPU util.</TableHead>}
          {shows("created") && <SortHeader label={SORT_LABELS.created_at} sortKey="created_at" {...sort} />}
          {shows("expires") && <TableHead className="hidden xl:table-cell">Expires</TableHead>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {clusters.map((cluster) => (
          <TableRow
            key={cluster.id}
            data-testid="cluster-row"
            data-cluster-id={cluster.id}
            data-state={cluster.id === selectedId ? "selected" : undefined}
            className="cursor-pointer"
            onClick={() => onOpen(cluster)}
          >
            <TableCell className="max-w-64">
              <button
                type="button"
                className="block max-w-full truncate text-left font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring rounded-sm"
                onClick={(event) => {
                  event.stopPropagation();
                  onOpen(cluster);
                }}
              >
                {cluster.name}
              </button>
              <div className="truncate font-mono text-xs text-muted-foreground">{cluster.id}</div>
            </TableCell>
            <TableCell>
              <StatusBadge status={cluster.status} />
            </TableCell>
            {shows("gpus") && (
              <TableCell className="whitespace-nowrap tabular-nums" data-testid="cell-gpu">
                {cluster.gpu_type} × {cluster.gpu_count}
              </TableCell>
            )}
            {shows("region") && (
              <TableCell className="whitespace-nowrap" data-testid="cell-region">
                {cluster.region}
              </TableCell>
            )}
            {shows("project") && (
              <TableCell className="hidden max-w-40 truncate lg:table-cell">
                {projectNames.get(cluster.project_id) ?? (
                  <span className="font-mono text-xs">{cluster.project_id}</span>
                )}
              </TableCell>
            )}
            {shows("cost") && (
              <TableCell className="text-right tabular-nums" data-testid="cell-cost">
                {formatUsd(cluster.cost.hourly_rate)}
              </TableCell>
            )}
            {shows("utilization") && (
              <TableCell className="hidden md:table-cell">
                <UtilizationBar
                  value={cluster.metrics?.gpu_utilization}
                  label={`GPU utilization of ${cluster.name}`}
                />
              </TableCell>
            )}
            {shows("created") && (
              <TableCell>
                <RelativeTime iso={cluster.created_at} now={now} />
              </TableCell>
            )}
            {shows("expires") && (
              <TableCell className="hidden xl:table-cell">
                <RelativeTime iso={cluster.expires_at} now={now} empty="never" />
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
