import { z } from "zod";
import { ClusterStatus, GpuType, Region, SortKey, SortOrder } from "./enums.ts";

/** The one filter schema: tRPC input, REST query (via parseClusterQuery), OpenAPI and portal URL state. */

export const LIMIT_DEFAULT = 20;
export const LIMIT_MAX = 100;
export const SEARCH_MAX_LENGTH = 200;
const ID_MAX_LENGTH = 100;

// Control characters (NUL above all) can never match and PostgreSQL rejects NUL in text.
const hasNoControlCharacters = (value: string) => !/\p{Cc}/u.test(value) && value.isWellFormed();

const count = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .int({ error: `must be an integer from ${min} to ${max}` })
    .min(min, { error: `must be an integer from ${min} to ${max}` })
    .max(max, { error: `must be an integer from ${min} to ${max}` });

const listOf = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item).min(1, { error: `must list at least one ${what}` });

const exactId = (what: string) =>
  z
    .string()
    .min(1)
    .max(ID_MAX_LENGTH, { error: `must be a ${what} id of at most ${ID_MAX_LENGTH} characters` })
    .refine(hasNoControlCharacters, { error: `must be a ${what} id without control characters` });

// "2026-01-31" means 00:00 UTC that day; date-times need "Z" or an offset so they are unambiguous.
// An unencoded "+" in a query string arrives as a space: "…T10:00:00 02:00" means "+02:00".
const restorePlusOffset = (value: unknown) =>
  typeof value === "string" ? value.replace(/(T[\d:.]+) (\d{2}:?\d{2})$/, "$1+$2") : value;

const instant = z.preprocess(
  restorePlusOffset,
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], {
      error: "must be an ISO 8601 date (2026-01-31) or date-time with Z or an offset (2026-01-31T12:00:00Z)",
    })
    .transform((value) => new Date(value)),
);

/** The `cursor` value that starts a keyset walk: the first page, answered with a cursor for the next. */
export const CURSOR_START = "first";
const CURSOR_MAX_LENGTH = 1000;

export const ClusterFilterShape = {
  // Optional here (not `.default(1)`) so a page given together with a cursor can be told apart from
  // the default; ClusterFilter fills in 1 after validation.
  page: count(1).optional().describe("Page number, from 1; default 1. Not allowed together with `cursor`."),
  limit: count(1, LIMIT_MAX)
    .default(LIMIT_DEFAULT)
    .describe(
      `Clusters per page, 1–${LIMIT_MAX}; default ${LIMIT_DEFAULT}. Larger values are rejected, not clamped.`,
    ),
  status: listOf(ClusterStatus, "status").optional().describe("Only clusters in any of these statuses."),
  gpu_type: listOf(GpuType, "GPU type").optional().describe("Only clusters with any of these GPU types."),
  region: listOf(Region, "region").optional().describe("Only clusters in any of these regions."),
  project_id: exactId("project").optional().describe("Only clusters of this project (exact id)."),
  template_id: exactId("template")
    .optional()
    .describe("Only clusters created from this template (exact id)."),
  sort_by: SortKey.default("created_at"),
  sort_order: SortOrder.default("desc"),
  search: z
    .string()
    .max(SEARCH_MAX_LENGTH, { error: `must be at most ${SEARCH_MAX_LENGTH} characters` })
    .refine(hasNoControlCharacters, { error: "must not contain control characters" })
    .optional()
    .describe(
      `Case-insensitive substring of name or description; %, _ and \\ match literally. At most ${SEARCH_MAX_LENGTH} characters.`,
    ),
  min_gpu_count: count(0).optional().describe("Only clusters with at least this many GPUs (inclusive)."),
  max_gpu_count: count(0).optional().describe("Only clusters with at most this many GPUs (inclusive)."),
  created_after: instant.optional().describe("Only clusters created strictly after this instant."),
  created_before: instant.optional().describe("Only clusters created strictly before this instant."),
  cursor: z
    .string()
    .max(CURSOR_MAX_LENGTH, { error: `must be a cursor from a previous response or "${CURSOR_START}"` })
    .optional()
    .describe(
      `Keyset paging: \`${CURSOR_START}\` for the first page, then the opaque cursor of the previous response (\`Link: rel="next"\` in REST, \`pagination.next_cursor\` in tRPC). Stays fast at any depth. Only valid with the same filters and sort it was issued for; not allowed together with \`page\`.`,
    ),
};

type FilterBounds = {
  min_gpu_count?: number | undefined;
  max_gpu_count?: number | undefined;
  created_after?: Date | undefined;
  created_before?: Date | undefined;
};

/** Cross-field rules, shared by every variant of the filter. */
export function checkFilterBounds(filter: FilterBounds, ctx: z.RefinementCtx) {
  const { min_gpu_count: min, max_gpu_count: max, created_after: after, created_before: before } = filter;
  if (min !== undefined && max !== undefined && min > max) {
    const message = `min_gpu_count (${min}) must not exceed max_gpu_count (${max})`;
    ctx.addIssue({ code: "custom", path: ["min_gpu_count"], message });
    ctx.addIssue({ code: "custom", path: ["max_gpu_count"], message });
  }
  if (after && before && after.getTime() >= before.getTime()) {
    const message = "created_after must be earlier than created_before";
    ctx.addIssue({ code: "custom", path: ["created_after"], message });
    ctx.addIssue({ code: "custom", path: ["created_before"], message });
  }
}

/** `page` and `cursor` are two ways to say where a page starts: giving both is ambiguous. */
function checkPaging(
  filter: { page?: number | undefined; cursor?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (filter.page === undefined || filter.cursor === undefined) return;
  const message = "page and cursor cannot be combined: use page numbers or a cursor, not both";
  ctx.addIssue({ code: "custom", path: ["page"], message });
  ctx.addIssue({ code: "custom", path: ["cursor"], message });
}

export const ClusterFilter = z
  .strictObject(ClusterFilterShape)
  .superRefine(checkFilterBounds)
  .superRefine(checkPaging)
  .transform((filter) => ({ ...filter, page: filter.page ?? 1 }));

/**
 * Which clusters: the filter without paging and sorting, as `clusters.stats`, counts and the CSV
 * export take it. (An API key's scopes are what it may do; a selector is what it asks for.)
 */
export const ClusterSelector = z
  .strictObject(ClusterFilterShape)
  .omit({ page: true, limit: true, sort_by: true, sort_order: true, cursor: true })
  .superRefine(checkFilterBounds);

/** What callers send (dates as ISO strings, defaults optional). */
export type ClusterFilterInput = z.input<typeof ClusterFilter>;
/** What the server works with (defaults applied, dates parsed). */
export type ClusterFilter = z.output<typeof ClusterFilter>;
export type ClusterSelectorInput = z.input<typeof ClusterSelector>;
export type ClusterSelector = z.output<typeof ClusterSelector>;
export const CLUSTER_FILTER_PARAMS = Object.keys(ClusterFilterShape) as (keyof typeof ClusterFilterShape)[];
