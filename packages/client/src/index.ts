export { createFleetClient, type FleetClient, type FleetClientOptions } from "./client.ts";
export { FleetApiError, type FleetErrorCode, type FleetParamError, parseRetryAfter } from "./errors.ts";
export type { ListAllFilter } from "./list-all.ts";
export type { RetryOptions } from "./retry.ts";
export type { AppRouter, Cluster, ClusterListInput, ClusterListOutput } from "./types.ts";
export type { WatchEvent, WatchOptions, WatchSelector } from "./watch.ts";
