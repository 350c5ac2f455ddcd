import type { z } from "zod";
import { describeParamErrors, echo, type ParamError, toParamErrors } from "./param-errors.ts";

/** On failure, `detail` is the one-line summary a response gives (with the allowed parameters). */
export type QueryParseResult<T> =
  | { success: true; data: T }
  | { success: false; errors: ParamError[]; detail: string };

type Shape = Record<string, z.ZodType>;

// What a query-string value must become before the schema sees it, read off the schema itself.
function valueKind(schema: z.ZodType): "list" | "integer" | "text" {
  let def = schema._zod.def as { type: string; innerType?: z.ZodType };
  while ((def.type === "optional" || def.type === "default") && def.innerType) {
    def = def.innerType._zod.def as typeof def;
  }
  if (def.type === "array") return "list";
  if (def.type === "number") return "integer";
  return "text";
}

// Only plain decimal digits are integers: "5.0", " 5", "0x10" and "1e3" stay strings and fail validation.
const toInteger = (value: string) => (/^-?\d+$/.test(value) ? Number(value) : value);

/**
 * Parses a REST query string against a filter schema: empty values count as absent; unknown or
 * repeated parameters and invalid values are reported per parameter, never dropped silently.
 */
export function parseQueryString<S extends z.ZodType>(
  schema: S,
  shape: Shape,
  params: URLSearchParams,
): QueryParseResult<z.output<S>> {
  const values = new Map<string, string[]>();
  for (const [key, value] of params) values.set(key, [...(values.get(key) ?? []), value]);

  const errors: ParamError[] = [];
  const raw: Record<string, unknown> = {};
  let unknown = false;
  for (const [key, given] of values) {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!field) {
      unknown = true;
      errors.push({ param: echo(key), message: "is not a known parameter" });
    } else if (given.length > 1) {
      errors.push({
        param: key,
        message: `was given ${given.length} times; give it once (a comma-separated list for several values)`,
      });
    } else if (given[0] !== "") {
      const value = given[0] as string;
      const kind = valueKind(field);
      raw[key] = kind === "list" ? value.split(",") : kind === "integer" ? toInteger(value) : value;
    }
  }
  // Validate the rest too, so one response names every offending parameter.
  const parsed = schema.safeParse(raw);
  if (!parsed.success) errors.push(...toParamErrors(parsed.error, raw));
  if (errors.length > 0 || !parsed.success) {
    // The allowed parameters are named once, here, not in each of possibly thousands of errors.
    const allowed = unknown ? `; allowed parameters: ${Object.keys(shape).join(", ")}` : "";
    return { success: false, errors, detail: `${describeParamErrors(errors)}${allowed}` };
  }
  return { success: true, data: parsed.data };
}
