"use client";

import { CLUSTER_STATUSES, GPU_TYPES, REGIONS } from "@fleet/schema";
import { ActivityIcon, DollarSignIcon, GlobeIcon, type LucideIcon, ServerIcon } from "lucide-react";
import { type ReactNode, useId, useState } from "react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { formatCount, formatUsd } from "@/lib/format";
import type { FleetStats } from "@/lib/stats";
import { cn } from "@/lib/utils";

function Breakdown<T extends string>({
  keys,
  counts,
}: {
  keys: readonly T[];
  counts: Partial<Record<T, number>>;
}) {
  const shown = keys.filter((key) => (counts[key] ?? 0) > 0);
  if (shown.length === 0) return <p className="text-xs text-muted-foreground">none</p>;
  return (
    <ul className="flex flex-wrap gap-x-2.5 gap-y-0.5 text-xs text-muted-foreground">
      {shown.map((key) => (
        <li key={key} className="whitespace-nowrap">
          {key} <span className="tabular-nums text-foreground">{formatCount(counts[key] ?? 0)}</span>
        </li>
      ))}
    </ul>
  );
}

function SummaryCard({
  title,
  icon: Icon,
  iconClassName = "text-muted-foreground",
  children,
}: {
  title: string;
  icon: LucideIcon;
  iconClassName?: string;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle>{title}</CardTitle>
        <Icon aria-hidden className={cn("size-4", iconClassName)} />
      </CardHeader>
      <CardContent className="grid gap-1">{children}</CardContent>
    </Card>
  );
}

/** The fleet at a glance, for the current filter. */
export function SummaryCards({
  stats,
  unavailable,
}: {
  stats: FleetStats | undefined;
  unavailable: boolean;
}) {
  const [shown, setShown] = useState(false);
  const id = useId();
  if (!stats && unavailable) {
    return <p className="text-sm text-muted-foreground">The fleet summary is unavailable right now.</p>;
  }
  if (!stats) {
    return (
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-[104px]" />
        ))}
      </div>
    );
  }
  return (
    <div className="grid gap-3">
      {/* On a narrow screen the cards would fill the first screen: one line, and the cards on demand. */}
      <button
        type="button"
        className="flex items-center justify-between gap-2 rounded-lg border px-3 py-2 text-left text-sm sm:hidden"
        aria-expanded={shown}
        aria-controls={id}
        onClick={() => setShown(!shown)}
      >
        <span>
          <span className="tabular-nums">{formatCount(stats.total)}</span> clusters,{" "}
          <span className="tabular-nums">{formatCount(stats.byStatus.running ?? 0)}</span> running,{" "}
          <span className="tabular-nums">{formatUsd(stats.hourlyCost)}</span> / hr
        </span>
        <span className="text-muted-foreground">{shown ? "Hide summary" : "Show summary"}</span>
      </button>
      <section
        id={id}
        aria-label="Fleet summary"
        className={cn(shown ? "grid" : "hidden sm:grid", "grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4")}
        data-testid="summary"
      >
        <SummaryCard title="Clusters" icon={ServerIcon}>
          <p className="text-2xl font-semibold tabular-nums" data-testid="summary-total">
            {formatCount(stats.total)}
          </p>
          <Breakdown keys={GPU_TYPES} counts={stats.byGpuType} />
        </SummaryCard>
        <SummaryCard title="Running" icon={ActivityIcon} iconClassName="text-emerald-600">
          <p className="text-2xl font-semibold tabular-nums">{formatCount(stats.byStatus.running ?? 0)}</p>
          <Breakdown keys={CLUSTER_STATUSES.filter((s) => s !== "running")} counts={stats.byStatus} />
        </SummaryCard>
        <SummaryCard title="Hourly cost" icon={DollarSignIcon}>
          <p className="text-2xl font-semibold tabular-nums" data-testid="summary-cost">
            {formatUsd(stats.hourlyCost)}
            <span className="text-sm font-normal text-muted-foreground"> / hr</span>
          </p>
          <p className="text-xs text-muted-foreground">
            ≈ {formatUsd(stats.hourlyCost * 24 * 30)} per 30 days
          </p>
        </SummaryCard>
        <SummaryCard title="By region" icon={GlobeIcon}>
          <dl className="grid grid-cols-2 gap-x-3 text-xs">
            {REGIONS.map((region) => (
              <div key={region} className="flex justify-between gap-2">
                <dt className="text-muted-foreground">{region}</dt>
                <dd className="tabular-nums">{formatCount(stats.byRegion[region] ?? 0)}</dd>
              </div>
            ))}
          </dl>
        </SummaryCard>
      </section>
    </div>
  );
}
