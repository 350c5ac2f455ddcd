import { authedProcedure, requireScope } from "../trpc.ts";

/** Everything that reads the fleet (clusters, their projects and templates) needs `clusters:read`. */
export const clustersReadProcedure = authedProcedure.use(requireScope("clusters:read"));
