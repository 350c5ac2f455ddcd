import { ClusterFilter, ClusterSelector } from "@fleet/schema";
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
});
