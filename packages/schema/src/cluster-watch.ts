// The change stream's input: a selector (the list's filters, with the list's validation) and where
// to start. Paging and sorting have no meaning for a stream, so they are not parameters of it.
import { z } from "zod";
import { ClusterSelector, checkFilterBounds } from "./cluster-filter.ts";
import { parseQueryString } from "./query-string.ts";

/** A revision as clients pass it back: opaque, bounded. */
export const REVISION_MAX_LENGTH = 8_192;

const revision = z
  .string()
  .min(1)
  .max(REVISION_MAX_LENGTH, { error: `must be a revision of at most ${REVISION_MAX_LENGTH} characters` })
  .describe(
    "Start after this revision: a list answer's revision (REST `X-Fleet-Revision`, tRPC `pagination.revision`) or the id of the last event received. Omitted: start now.",
  );

export const ClusterWatchShape = { ...ClusterSelector.shape, since: revision.optional() };

export const ClusterWatch = z.strictObject(ClusterWatchShape).superRefine(checkFilterBounds);

export type ClusterWatchInput = z.input<typeof ClusterWatch>;
export type ClusterWatch = z.output<typeof ClusterWatch>;

/** Parses `GET /v1/clusters/watch` query parameters. */
export const parseClusterWatchQuery = (params: URLSearchParams) =>
  parseQueryString(ClusterWatch, ClusterWatchShape, params);
