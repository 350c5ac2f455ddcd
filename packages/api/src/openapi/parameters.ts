// Query parameters for OpenAPI, derived from the one filter shape: list parameters are documented
// as comma-separated arrays (style form, explode false), dates as their accepted string forms.
import { ClusterFilterShape } from "@fleet/schema";
import { z } from "zod";

type Shape = typeof ClusterFilterShape;

const commaList = { style: "form", explode: false } as const;

const instant = (description: string) =>
  z
    .string()
    .describe(
      `${description} An ISO 8601 date (\`2026-01-31\`, meaning 00:00 UTC) or date-time with \`Z\` or an offset.`,
    )
    .meta({
      override: {
        type: "string",
        anyOf: [{ format: "date" }, { format: "date-time" }],
        examples: ["2026-01-31", "2026-01-31T12:00:00Z", "2026-01-31T12:00:00+02:00"],
      },
    });

const describeOf = (schema: z.ZodType) => schema.description ?? "";

export const queryParameters = {
  ...ClusterFilterShape,
  status: ClusterFilterShape.status.meta({
    param: commaList,
    examples: [["running"], ["running", "pending"]],
  }),
  gpu_type: ClusterFilterShape.gpu_type.meta({ param: commaList }),
  region: ClusterFilterShape.region.meta({ param: commaList }),
  created_after: instant(describeOf(ClusterFilterShape.created_after)).optional(),
  created_before: instant(describeOf(ClusterFilterShape.created_before)).optional(),
} satisfies Record<keyof Shape, z.ZodType>;
