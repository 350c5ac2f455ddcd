import type { z } from "zod";

/** One offending parameter and what is allowed, as the API reports it. */
export type ParamError = { param: string; message: string };

/** Maps zod issues to per-parameter messages that name the bad value of a list item. */
export function toParamErrors(error: z.ZodError, input?: Record<string, unknown>): ParamError[] {
  const errors: ParamError[] = [];
  for (const issue of error.issues) {
    const [param, index] = issue.path;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) errors.push({ param: key, message: "is not a known parameter" });
      continue;
    }
    const name = typeof param === "string" ? param : "(input)";
    const item = typeof index === "number" ? (input?.[name] as unknown[] | undefined)?.[index] : undefined;
    const message =
      typeof index === "number" ? `value ${JSON.stringify(item ?? null)} ${issue.message}` : issue.message;
    if (!errors.some((e) => e.param === name && e.message === message)) errors.push({ param: name, message });
  }
  return errors;
}

export function describeParamErrors(errors: ParamError[]): string {
  return errors.map((e) => `${e.param}: ${e.message}`).join("; ");
}
