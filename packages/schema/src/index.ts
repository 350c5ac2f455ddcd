export * from "./cluster.ts";
export * from "./cluster-filter.ts";
export * from "./cluster-query.ts";
export * from "./enums.ts";
export * from "./errors.ts";
export * from "./limits.ts";
export * from "./param-errors.ts";
export * from "./query-string.ts";
