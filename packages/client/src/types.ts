import type { AppRouter } from "@fleet/api/types";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

/** Inferred from the router: no code generation, always in step with the server. */
export type ClusterListInput = inferRouterInputs<AppRouter>["clusters"]["list"];
export type ClusterListOutput = inferRouterOutputs<AppRouter>["clusters"]["list"];
export type Cluster = ClusterListOutput["data"][number];
export type { AppRouter };
