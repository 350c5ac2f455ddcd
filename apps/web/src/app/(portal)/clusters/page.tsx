import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { ClustersView } from "@/components/clusters/clusters-view";
import {
  facetScopeInputs,
  parseListState,
  toListInput,
  toScopeInput,
  toUrlSearchParams,
} from "@/lib/list-state";
import { requirePrincipal } from "@/server/session";
import { TRPCReactProvider } from "@/trpc/client";
import { getQueryClient, trpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Clusters · Fleet" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Prefetches exactly what the browser will ask for first (same inputs, same query keys), so the
 * first paint already has the table, the summary and the pickers: no loading flash.
 */
export default async function ClustersPage({ searchParams }: Props) {
  const params = toUrlSearchParams(await searchParams);
  await requirePrincipal(`/clusters${params.size > 0 ? `?${params}` : ""}`);

  const queryClient = getQueryClient();
  const state = parseListState(params);
  if (state.ok) {
    await Promise.all([
      queryClient.prefetchQuery(trpc.clusters.list.queryOptions(toListInput(state.filter))),
      queryClient.prefetchQuery(trpc.clusters.stats.queryOptions(toScopeInput(state.filter))),
      ...facetScopeInputs(state.filter).map(({ input }) =>
        queryClient.prefetchQuery(trpc.clusters.stats.queryOptions(input)),
      ),
      queryClient.prefetchQuery(trpc.projects.list.queryOptions()),
      queryClient.prefetchQuery(trpc.templates.list.queryOptions()),
    ]);
  }

  return (
    <TRPCReactProvider>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <ClustersView />
      </HydrationBoundary>
    </TRPCReactProvider>
  );
}
