import { z } from "zod";
import { MAX_LISTED_PARAM_ERRORS } from "./param-errors.ts";

/** Every error the API returns, with its HTTP status and title: the one table both transports read. */
export const ERRORS = {
  VALIDATION_ERROR: { status: 400, title: "Invalid request parameters" },
  UNAUTHORIZED: { status: 401, title: "Missing or invalid API key" },
  FORBIDDEN: { status: 403, title: "Not allowed" },
  NOT_FOUND: { status: 404, title: "Not found" },
  METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed" },
  REVISION_EXPIRED: { status: 410, title: "Revision expired" },
  RATE_LIMIT_EXCEEDED: { status: 429, title: "Rate limit exceeded" },
  INTERNAL_ERROR: { status: 500, title: "Internal server error" },
  SERVICE_UNAVAILABLE: { status: 503, title: "Service unavailable" },
} as const;

export type ErrorCode = keyof typeof ERRORS;
export const ErrorCode = z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]);

export const ParamErrorSchema = z.object({
  param: z.string().describe("The offending parameter."),
  message: z.string().describe("What is wrong and what is allowed."),
});

/** RFC 9457 problem details, as served with `application/problem+json`. */
export const Problem = z
  .object({
    type: z
      .string()
      .describe("A URI identifying the problem type, e.g. `https://fleet.dev/problems/validation-error`."),
    title: z.string(),
    status: z.int().min(100).max(599).describe("The HTTP status code of the answer."),
    detail: z.string(),
    code: ErrorCode,
    request_id: z.string(),
    documentation_url: z
      .string()
      .optional()
      .describe(
        "A page about this problem type, served by the API itself (`/problems/{type}`): what it means and what to do. Absent only when the request's own URL could not be read.",
      ),
    errors: z
      .array(ParamErrorSchema)
      .max(MAX_LISTED_PARAM_ERRORS)
      .optional()
      .describe(
        `Per-parameter messages (validation errors only): the first ${MAX_LISTED_PARAM_ERRORS} at most; \`detail\` says how many more there were.`,
      ),
  })
  .describe("An error, as RFC 9457 problem details.");

export type Problem = z.infer<typeof Problem>;
