// A schema as a reader wants it in a table: its type in one line (enums listed, refs named, bounds
// given), for the server-rendered API reference.
import type { Schema } from "./openapi-document";

/** The component a `$ref` names, e.g. `Cluster`. */
export const refName = (ref: string) => ref.split("/").at(-1) ?? ref;

function bounds(schema: Schema): string {
  const { minimum, maximum, maxLength } = schema;
  if (minimum !== undefined && maximum !== undefined) return ` ${minimum}–${maximum}`;
  if (minimum !== undefined) return ` ≥ ${minimum}`;
  if (maximum !== undefined) return ` ≤ ${maximum}`;
  if (maxLength !== undefined) return ` (≤ ${maxLength} characters)`;
  return "";
}

export function typeOf(schema: Schema | undefined): string {
  if (!schema) return "";
  if (schema.$ref) return refName(schema.$ref);
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" or ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : schema.type;
  if (type === "array") return `array of ${typeOf(schema.items)}`;
  if (type === "object" && !schema.properties) return "object";
  const format = schema.format ? ` (${schema.format})` : "";
  return `${type ?? "any"}${format}${bounds(schema)}`;
}
