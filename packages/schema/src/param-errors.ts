import type { z } from "zod";

/** One offending parameter and what is allowed, as the API reports it. */
export type ParamError = { param: string; message: string };

/** Most errors one response lists; the detail counts the rest. */
export const MAX_LISTED_PARAM_ERRORS = 20;
/** Longest parameter name or value echoed back, in UTF-16 units (a 8 kB name comes back cut). */
export const MAX_ECHOED_LENGTH = 64;
// JSON bytes of the listed errors: the cap on their count alone would still let 20 names full of
// escaped control characters make a large body. The detail repeats them, so a problem stays < 8 kB.
const MAX_LISTED_BYTES = 3_000;

const utf8 = new TextEncoder();

/** A parameter name or value as echoed in an error: at most MAX_ECHOED_LENGTH units, then "…". */
export function echo(text: string): string {
  if (text.length <= MAX_ECHOED_LENGTH) return text;
  const cut = text.slice(0, MAX_ECHOED_LENGTH);
  // Never end on half a surrogate pair.
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/** Maps zod issues to per-parameter messages that name the bad value of a list item. */
export function toParamErrors(error: z.ZodError, input?: Record<string, unknown>): ParamError[] {
  const errors: ParamError[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const [param, index] = issue.path;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) errors.push({ param: echo(key), message: "is not a known parameter" });
      continue;
    }
    const name = typeof param === "string" ? param : "(input)";
    const item = typeof index === "number" ? (input?.[name] as unknown[] | undefined)?.[index] : undefined;
    // tRPC input can put any JSON in a list, so non-strings are cut after stringifying.
    const shown = typeof item === "string" ? JSON.stringify(echo(item)) : echo(JSON.stringify(item ?? null));
    const message = typeof index === "number" ? `value ${shown} ${issue.message}` : issue.message;
    const entry = { param: echo(name), message };
    const key = `${entry.param}\0${message}`;
    if (!seen.has(key)) errors.push(entry);
    seen.add(key);
  }
  return errors;
}

/** The errors a response lists: the first ones, at most MAX_LISTED_PARAM_ERRORS and a few kB. */
export function listedParamErrors(errors: readonly ParamError[]): ParamError[] {
  const listed: ParamError[] = [];
  let bytes = 0;
  for (const error of errors) {
    if (listed.length === MAX_LISTED_PARAM_ERRORS) break;
    bytes += utf8.encode(JSON.stringify(error)).byteLength;
    if (listed.length > 0 && bytes > MAX_LISTED_BYTES) break;
    listed.push(error);
  }
  return listed;
}

/** One line naming the listed errors, then how many more there were. */
export function describeParamErrors(errors: readonly ParamError[]): string {
  const listed = listedParamErrors(errors);
  const text = listed.map((e) => `${e.param}: ${e.message}`).join("; ");
  const more = errors.length - listed.length;
  return more > 0 ? `${text}; … and ${more} more error${more === 1 ? "" : "s"}` : text;
}
