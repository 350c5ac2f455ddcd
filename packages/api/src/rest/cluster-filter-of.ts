import { type ClusterFilter, parseClusterQuery } from "@fleet/schema";
import { FleetError } from "../errors.ts";

/** The listing's filter from a request's query string; else the 400 that names each offending parameter. */
export function clusterFilterOf(url: URL): ClusterFilter {
  const parsed = parseClusterQuery(url.searchParams);
  if (!parsed.success) {
    throw new FleetError("VALIDATION_ERROR", { detail: parsed.detail, errors: parsed.errors });
  }
  return parsed.data;
}
