"use client";

import type { ClusterFilter } from "@fleet/schema";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { classifyError } from "@/lib/errors";
import { type Facet, facetScopeInputs, toListInput, toScopeInput } from "@/lib/list-state";
import { toFleetStats } from "@/lib/stats";
import { useTRPC } from "@/trpc/client";

/** How often the list and its counts are re-read while the live stream is down. */
export const REFRESH_MS = 10_000;

/**
 * Everything /clusters reads for one filter. Inputs are built exactly like the server prefetch in
 * app/(portal)/clusters/page.tsx, so the first render finds the data already in the cache.
 */
export function useFleetQueries(filter: ClusterFilter, autoRefresh: boolean) {
  const trpc = useTRPC();
  const list = useQuery(
    trpc.clusters.list.queryOptions(toListInput(filter), {
      placeholderData: keepPreviousData,
      // A rate-limited key should rest, not be polled harder.
      refetchInterval: (query) =>
        autoRefresh && classifyError(query.state.error) !== "rate-limited" ? REFRESH_MS : false,
    }),
  );
  const refetchInterval: number | false =
    autoRefresh && classifyError(list.error) !== "rate-limited" ? REFRESH_MS : false;
  const options = { placeholderData: keepPreviousData, refetchInterval };
  const stats = useQuery(trpc.clusters.stats.queryOptions(toScopeInput(filter), options));

  // Counts beside a facet's options: the filter without that facet (only queried while it is in use).
  const facetInputs = useMemo(() => facetScopeInputs(filter), [filter]);
  const facetQuery = (facet: Facet) => {
    const input = facetInputs.find((f) => f.facet === facet)?.input;
    return trpc.clusters.stats.queryOptions(input ?? {}, { ...options, enabled: input !== undefined });
  };
  const byFacet = {
    status: useQuery(facetQuery("status")),
    gpu_type: useQuery(facetQuery("gpu_type")),
    region: useQuery(facetQuery("region")),
  };
  const facetStats = (facet: Facet) => {
    const data = filter[facet] !== undefined ? byFacet[facet].data : stats.data;
    return data ? toFleetStats(data) : undefined;
  };

  const projects = useQuery(trpc.projects.list.queryOptions());
  const templates = useQuery(trpc.templates.list.queryOptions());
  const projectNames = useMemo(() => new Map(projects.data?.map((p) => [p.id, p.name])), [projects.data]);
  const templateNames = useMemo(() => new Map(templates.data?.map((t) => [t.id, t.name])), [templates.data]);

  return {
    list,
    stats,
    summary: stats.data ? toFleetStats(stats.data) : undefined,
    facetCounts: {
      status: facetStats("status"),
      gpu_type: facetStats("gpu_type"),
      region: facetStats("region"),
    },
    projects: projects.data,
    templates: templates.data,
    projectNames,
    templateNames,
  };
}
