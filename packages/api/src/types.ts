// Type-only exports for clients (`@fleet/api/types`): importing this file pulls in no server code.
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { appRouter } from "./root.ts";

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type { Principal } from "./auth/principal.ts";
export type { ClusterStats } from "./clusters/cluster-stats.types.ts";
export type { Choice } from "./clusters/pickers.ts";
