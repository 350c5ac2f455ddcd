// Option value parsers. Each throws commander's InvalidArgumentError, so a bad value is reported
// like any other command-line error: "option '--clusters <n>' argument 'x' is invalid. …".
import { API_KEY_SCOPES, type ApiKeyScope } from "@fleet/db";
import { InvalidArgumentError } from "commander";

export function parseInteger(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`must be an integer from ${min} to ${max}.`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const MAX_DURATION_MS = 10 * 365 * UNIT_MS.d;

/** "90m", "12h", "30d", "2w" → milliseconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+)([mhdw])$/.exec(value);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : Number.NaN;
  if (!(ms > 0) || ms > MAX_DURATION_MS) {
    throw new InvalidArgumentError(
      "must be a positive duration like 90m, 12h, 30d or 2w (at most 10 years).",
    );
  }
  return ms;
}

/** A label: 1–100 characters, not just spaces. */
export function parseName(value: string): string {
  const name = value.trim();
  if (name.length === 0 || name.length > 100) throw new InvalidArgumentError("must be 1 to 100 characters.");
  return name;
}

/** "a,b, c" → ["a", "b", "c"]; empty items are an error, duplicates are dropped. */
export function parseList(value: string): string[] {
  const items = value.split(",").map((item) => item.trim());
  if (items.some((item) => item === ""))
    throw new InvalidArgumentError("must be a comma-separated list without empty items.");
  return [...new Set(items)];
}

export function parseScopes(value: string): ApiKeyScope[] {
  const scopes = parseList(value);
  const unknown = scopes.filter((scope) => !(API_KEY_SCOPES as readonly string[]).includes(scope));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `unknown scope ${unknown.join(", ")}; allowed: ${API_KEY_SCOPES.join(", ")}.`,
    );
  }
  return scopes as ApiKeyScope[];
}
