import type { AppRouter, RouterInputs, RouterOutputs } from "@fleet/api/types";

/** Inferred from the router: no code generation, always in step with the server. */
// The procedure also accepts no input at all (meaning the defaults); keep the object form.
export type ClusterListInput = Extract<RouterInputs["clusters"]["list"], object>;
export type ClusterListOutput = RouterOutputs["clusters"]["list"];
export type Cluster = ClusterListOutput["data"][number];
export type { AppRouter };
