import { ClusterFilter, ClusterFilterShape } from "./cluster-filter.ts";
import { parseQueryString } from "./query-string.ts";

/** Parses `GET /v1/clusters` query parameters into the shared filter. */
export const parseClusterQuery = (params: URLSearchParams) =>
  parseQueryString(ClusterFilter, ClusterFilterShape, params);
