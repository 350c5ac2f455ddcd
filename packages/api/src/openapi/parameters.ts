// Query parameters for OpenAPI, derived from the one filter shape: list parameters are documented
// as comma-separated arrays (style form, explode false), dates as their accepted string forms.
import { ClusterFilterShape, ClusterWatchShape } from "@fleet/schema";
import { z } from "zod";

type Shape = typeof ClusterFilterShape;

const commaList = { style: "form", explode: false } as const;

const instant = (description: string) => {
  const text = `${description} An ISO 8601 date (\`2026-01-31\`, meaning 00:00 UTC) or date-time with \`Z\` or an offset.`;
  return z
    .string()
    .meta({
      override: {
        type: "string",
        anyOf: [{ format: "date" }, { format: "date-time" }],
        examples: ["2026-01-31", "2026-01-31T12:00:00Z", "2026-01-31T12:00:00+02:00"],
      },
    })
    .optional()
    .meta({ description: text, param: { description: text } });
};

// A description may sit on a wrapped schema (e.g. the enum inside `.default()`).
function describeOf(schema: z.ZodType): string {
  let current: z.ZodType | undefined = schema;
  while (current) {
    if (current.description) return current.description;
    current = (current._zod.def as { innerType?: z.ZodType }).innerType;
  }
  return "";
}

/** Examples of a parameter, in the demo generator's vocabulary (packages/db/src/seed). */
const examples = (...values: unknown[]) => ({ examples: values });

export const queryParameters = {
  ...ClusterFilterShape,
  page: ClusterFilterShape.page.meta(examples(2)),
  limit: ClusterFilterShape.limit.meta(examples(50)),
  status: ClusterFilterShape.status.meta({
    param: commaList,
    ...examples(["running"], ["running", "pending"]),
  }),
  gpu_type: ClusterFilterShape.gpu_type.meta({ param: commaList, ...examples(["H100"], ["H100", "A100"]) }),
  region: ClusterFilterShape.region.meta({
    param: commaList,
    ...examples(["us-east-1"], ["eu-west-1", "us-west-2"]),
  }),
  project_id: ClusterFilterShape.project_id.meta(examples("prj_3fN8wKq2LmZ7xA")),
  template_id: ClusterFilterShape.template_id.meta(examples("tpl_pytorch24cu124")),
  search: ClusterFilterShape.search.meta(examples("llm-finetune", "whisper")),
  min_gpu_count: ClusterFilterShape.min_gpu_count.meta(examples(4)),
  max_gpu_count: ClusterFilterShape.max_gpu_count.meta(examples(8)),
  cursor: ClusterFilterShape.cursor.meta(examples("first")),
  sort_by: ClusterFilterShape.sort_by.meta({
    param: { description: describeOf(ClusterFilterShape.sort_by) },
  }),
  sort_order: ClusterFilterShape.sort_order.meta({
    param: { description: describeOf(ClusterFilterShape.sort_order) },
  }),
  created_after: instant(describeOf(ClusterFilterShape.created_after)),
  created_before: instant(describeOf(ClusterFilterShape.created_before)),
} satisfies Record<keyof Shape, z.ZodType>;

/** The change stream's query parameters: the listing's filters (not paging or sort) and `since`. */
export const watchQueryParameters = {
  status: queryParameters.status,
  gpu_type: queryParameters.gpu_type,
  region: queryParameters.region,
  project_id: queryParameters.project_id,
  template_id: queryParameters.template_id,
  search: queryParameters.search,
  min_gpu_count: queryParameters.min_gpu_count,
  max_gpu_count: queryParameters.max_gpu_count,
  created_after: queryParameters.created_after,
  created_before: queryParameters.created_before,
  since: ClusterWatchShape.since,
} satisfies Record<keyof typeof ClusterWatchShape, z.ZodType>;
