"use client";

import type { Cluster } from "@fleet/schema";
import { formatUsd } from "@/lib/format";
import { cn } from "@/lib/utils";
import { RelativeTime } from "./relative-time";
import { StatusBadge } from "./status-badge";

type Props = {
  clusters: Cluster[];
  onOpen: (cluster: Cluster) => void;
  stale: boolean;
  className?: string;
};

/** The list on a narrow screen: one card per cluster, everything the table's first columns say. */
export function ClustersCards({ clusters, onOpen, stale, className }: Props) {
  const now = Date.now();
  return (
    <ul
      aria-label="Clusters"
      aria-busy={stale}
      className={cn("divide-y transition-opacity", stale && "opacity-60", className)}
    >
      {clusters.map((cluster) => (
        <li
          key={cluster.id}
          data-testid="cluster-card"
          data-cluster-id={cluster.id}
          className="grid gap-1 p-3"
        >
          <div className="flex items-start justify-between gap-2">
            <button
              type="button"
              className="min-w-0 truncate text-left font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring rounded-sm"
              onClick={() => onOpen(cluster)}
            >
              {cluster.name}
            </button>
            <StatusBadge status={cluster.status} />
          </div>
          <div className="flex items-baseline justify-between gap-2 text-sm">
            <span className="tabular-nums">
              {cluster.gpu_type} × {cluster.gpu_count} · {cluster.region}
            </span>
            <span className="tabular-nums">{formatUsd(cluster.cost.hourly_rate)} / hr</span>
          </div>
          <div className="flex items-baseline justify-between gap-2 text-xs text-muted-foreground">
            <span className="truncate font-mono">{cluster.id}</span>
            <RelativeTime iso={cluster.created_at} now={now} />
          </div>
        </li>
      ))}
    </ul>
  );
}
