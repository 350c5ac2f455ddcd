// An independent reading of the documented query rules, written from the documentation and not from
// @fleet/schema: decides whether a query is valid and which parameters are wrong; the rows a valid
// query returns come from the shared reference listing. The API's answers are compared with both.
import { type ReferenceQuery, type ReferenceRow, referenceList } from "@fleet/api/testing";

export const STATUSES = ["running", "stopped", "starting", "stopping", "error", "pending"];
export const GPU_TYPES = ["A100", "H100", "RTX4090", "V100", "T4"];
export const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"];
export const SORT_KEYS = ["created_at", "name", "status", "gpu_count", "cost"] as const;
export const SORT_ORDERS = ["asc", "desc"] as const;
export const PARAMS = [
  "page",
  "limit",
  "status",
  "gpu_type",
  "region",
  "project_id",
  "template_id",
  "sort_by",
  "sort_order",
  "search",
  "min_gpu_count",
  "max_gpu_count",
  "created_after",
  "created_before",
  // Keyset paging: "first", or an opaque signed cursor from a previous page.
  "cursor",
];

export interface OracleQuery extends ReferenceQuery {
  page: number;
  limit: number;
}

export type OracleVerdict =
  | { kind: "valid"; query: OracleQuery }
  | { kind: "invalid"; params: Set<string> }
  /** A date value this oracle does not try to judge (ISO 8601 has many corner forms). */
  | { kind: "undecided"; params: Set<string> };

const CONTROL = /\p{Cc}/u;

// Only plain decimal digits are integers ("5.0", " 5", "0x10", "1e3", "+5" are not); the value must be a safe integer.
function integer(value: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (!/^-?\d+$/.test(value)) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max) return undefined;
  return n === 0 ? 0 : n; // "-0" is the integer 0
}

function list(value: string, allowed: string[]): string[] | undefined {
  const items = value.split(",");
  return items.every((item) => allowed.includes(item)) ? items : undefined;
}

const oneOf = <T extends string>(allowed: readonly T[], value: string): T | undefined =>
  allowed.find((item) => item === value);

const text = (value: string, max: number) =>
  value.length <= max && !CONTROL.test(value) ? value : undefined;

// Dates this oracle judges: YYYY-MM-DD, and date-times with seconds (optional fraction) and Z or ±hh:mm.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

function instant(value: string): Date | "undecided" | undefined {
  const restored = value.replace(/(T[\d:.]+) (\d{2}:\d{2})$/, "$1+$2"); // an unencoded '+' arrives as a space
  const m = DATE.exec(restored) ?? DATE_TIME.exec(restored);
  if (!m) return /^\d{4}-\d{2}-\d{2}T/.test(restored) ? "undecided" : undefined;
  const [y, mo, d, h = "0", mi = "0", s = "0"] = m.slice(1).map((x) => x ?? "0");
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const real = date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d);
  if (!real || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  if (
    /[+-](\d{2}):(\d{2})$/.test(restored) &&
    (Number(restored.slice(-5, -3)) > 23 || Number(restored.slice(-2)) > 59)
  )
    return undefined;
  return new Date(restored.length === 10 ? `${restored}T00:00:00Z` : restored);
}

export function judge(params: URLSearchParams): OracleVerdict {
  const seen = new Map<string, string[]>();
  for (const [key, value] of params) seen.set(key, [...(seen.get(key) ?? []), value]);
  const bad = new Set<string>();
  const undecided = new Set<string>();
  const q: OracleQuery = { page: 1, limit: 20, sort_by: "created_at", sort_order: "desc" };
  const set = <K extends keyof OracleQuery>(key: K, value: OracleQuery[K] | undefined) => {
    if (value === undefined) bad.add(key);
    else q[key] = value;
  };
  for (const [key, values] of seen) {
    if (!PARAMS.includes(key) || values.length > 1) {
      bad.add(key);
      continue;
    }
    const v = values[0] as string;
    if (v === "") continue;
    switch (key) {
      case "page":
        set("page", integer(v, 1));
        break;
      case "limit":
        set("limit", integer(v, 1, 100));
        break;
      case "min_gpu_count":
      case "max_gpu_count":
        set(key, integer(v, 0));
        break;
      case "status":
        set("status", list(v, STATUSES));
        break;
      case "gpu_type":
        set("gpu_type", list(v, GPU_TYPES));
        break;
      case "region":
        set("region", list(v, REGIONS));
        break;
      case "sort_by":
        set("sort_by", oneOf(SORT_KEYS, v));
        break;
      case "sort_order":
        set("sort_order", oneOf(SORT_ORDERS, v));
        break;
      case "project_id":
      case "template_id":
        set(key, text(v, 100));
        break;
      case "search":
        set("search", text(v, 200));
        break;
      case "cursor":
        if (v.length > 1000) bad.add(key);
        else if (v !== "first") undecided.add(key); // opaque and signed: only the server can judge it
        break;
      default: {
        const date = instant(v);
        if (date === "undecided") undecided.add(key);
        else set(key as "created_after" | "created_before", date);
      }
    }
  }
  if (q.min_gpu_count !== undefined && q.max_gpu_count !== undefined && q.min_gpu_count > q.max_gpu_count) {
    bad.add("min_gpu_count").add("max_gpu_count");
  }
  const given = (key: string) => (seen.get(key)?.[0] ?? "") !== "";
  if (given("page") && given("cursor") && !bad.has("page") && !bad.has("cursor"))
    bad.add("page").add("cursor");
  if (q.created_after && q.created_before && q.created_after >= q.created_before) {
    bad.add("created_after").add("created_before");
  }
  if (undecided.size > 0) return { kind: "undecided", params: undecided };
  return bad.size > 0 ? { kind: "invalid", params: bad } : { kind: "valid", query: q };
}

/** The ids a valid query returns (all pages) and the page asked for, over the rows the key may see. */
export function expectedIds(rows: ReferenceRow[], q: OracleQuery) {
  const matching = referenceList(rows, q);
  const start = (q.page - 1) * q.limit;
  return { total: matching.length, page: matching.slice(start, start + q.limit).map((c) => c.id) };
}
