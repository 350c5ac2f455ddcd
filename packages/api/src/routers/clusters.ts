import { ClusterFilter, ClusterSelector, ClusterWatchShape } from "@fleet/schema";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { openClusterWatch, watchEvents } from "../changes/watch-clusters.ts";
import { clusterStats } from "../clusters/cluster-stats.ts";
import { listClusters } from "../clusters/list-clusters.ts";
import { router } from "../trpc.ts";
import { clustersReadProcedure } from "./procedures.ts";

// prefault({}): calling without input means the defaults, e.g. `clusters.list()` is page 1 of 20.
export const clustersRouter = router({
  list: clustersReadProcedure
    .input(ClusterFilter.prefault({}))
    .query(({ ctx, input }) => listClusters(ctx.db, ctx.principal, input)),
  stats: clustersReadProcedure
    .input(ClusterSelector.prefault({}))
    .query(({ ctx, input }) => clusterStats(ctx.db, ctx.principal, input)),
  // tRPC's SSE transport resumes a subscription by sending the last tracked id as `lastEventId`.
  watch: clustersReadProcedure
    .input(
      z.strictObject({ ...ClusterWatchShape, lastEventId: ClusterWatchShape.since.nullish() }).prefault({}),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const { lastEventId, since, ...selector } = input;
      const watcher = await openClusterWatch(ctx.db, ctx.principal, selector, lastEventId ?? since);
      for await (const events of watchEvents(watcher, signal)) {
        for (const { event } of events) yield tracked(event.id, event);
      }
    }),
});
