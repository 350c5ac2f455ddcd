"use client";

import { CLUSTER_STATUSES, type ClusterFilter, GPU_TYPES, REGIONS } from "@fleet/schema";
import { XIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { FleetStats } from "@/lib/stats";
import { EntityPicker } from "./entity-picker";
import { MultiSelectFilter } from "./multi-select-filter";
import { DateRangeFilter, GpuRangeFilter } from "./range-filters";
import { SearchBox } from "./search-box";

type Named = { id: string; name: string };

type Props = {
  filter: ClusterFilter;
  onChange: (patch: Partial<ClusterFilter>) => void;
  onReset: () => void;
  /** Per-facet counts: each from the filter without that facet's own selection. */
  facetCounts: { status?: FleetStats; gpu_type?: FleetStats; region?: FleetStats };
  projects: Named[] | undefined;
  templates: Named[] | undefined;
};

export const hasFilters = (filter: ClusterFilter) =>
  [
    filter.status,
    filter.gpu_type,
    filter.region,
    filter.project_id,
    filter.template_id,
    filter.search,
    filter.min_gpu_count,
    filter.max_gpu_count,
    filter.created_after,
    filter.created_before,
  ].some((value) => value !== undefined);

/** Every documented filter parameter, as controls. */
export function FilterBar({ filter, onChange, onReset, facetCounts, projects, templates }: Props) {
  return (
    <section aria-label="Filters" className="flex flex-wrap items-center gap-2">
      <SearchBox value={filter.search ?? ""} onSearch={(search) => onChange({ search })} />
      <MultiSelectFilter
        label="Status"
        options={CLUSTER_STATUSES}
        selected={filter.status}
        counts={facetCounts.status?.byStatus}
        onChange={(status) => onChange({ status })}
      />
      <MultiSelectFilter
        label="GPU"
        options={GPU_TYPES}
        selected={filter.gpu_type}
        counts={facetCounts.gpu_type?.byGpuType}
        onChange={(gpu_type) => onChange({ gpu_type })}
      />
      <MultiSelectFilter
        label="Region"
        options={REGIONS}
        selected={filter.region}
        counts={facetCounts.region?.byRegion}
        onChange={(region) => onChange({ region })}
      />
      <EntityPicker
        label="Project"
        allLabel="All projects"
        options={projects}
        value={filter.project_id}
        onChange={(project_id) => onChange({ project_id })}
      />
      <EntityPicker
        label="Template"
        allLabel="All templates"
        options={templates}
        value={filter.template_id}
        onChange={(template_id) => onChange({ template_id })}
      />
      <GpuRangeFilter min={filter.min_gpu_count} max={filter.max_gpu_count} onChange={onChange} />
      <DateRangeFilter after={filter.created_after} before={filter.created_before} onChange={onChange} />
      {hasFilters(filter) && (
        <Button variant="ghost" size="sm" className="h-9" onClick={onReset}>
          <XIcon /> Clear all
        </Button>
      )}
    </section>
  );
}
