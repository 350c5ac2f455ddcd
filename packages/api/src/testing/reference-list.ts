// The reference listing: which of a test's stored rows a filter returns and in which order, computed
// in the test to compare the API's answers with. Written from the documented rules, not from the
// API's SQL, with the string semantics of the databases' builtin C.UTF-8 locale: search matches
// name or description case-insensitively with simple (one code point to one) case mapping, which is
// what lower() and ILIKE do there; text sorts by code point, the name by its stored name_lower.
import type { Cluster } from "@fleet/db";
import type { SortKey, SortOrder } from "@fleet/schema";

/** The stored fields the rules read (rows as the database holds them, e.g. from findMany). */
export type ReferenceRow = Pick<
  Cluster,
  | "id"
  | "name"
  | "nameLower"
  | "description"
  | "status"
  | "gpuType"
  | "gpuCount"
  | "region"
  | "projectId"
  | "templateId"
  | "hourlyRateCents"
  | "createdAt"
>;

export interface ReferenceQuery {
  status?: string[];
  gpu_type?: string[];
  region?: string[];
  project_id?: string;
  template_id?: string;
  search?: string;
  min_gpu_count?: number;
  max_gpu_count?: number;
  created_after?: Date;
  created_before?: Date;
  /** Default created_at. */
  sort_by?: SortKey;
  /** Default desc. */
  sort_order?: SortOrder;
}

/** Every row the query returns (all pages), in the documented order. */
export function referenceList<R extends ReferenceRow>(rows: R[], q: ReferenceQuery): R[] {
  const search = q.search === undefined ? undefined : simpleLower(q.search);
  const matching = rows.filter(
    (c) =>
      (!q.status || q.status.includes(c.status)) &&
      (!q.gpu_type || q.gpu_type.includes(c.gpuType)) &&
      (!q.region || q.region.includes(c.region)) &&
      (q.project_id === undefined || c.projectId === q.project_id) &&
      (q.template_id === undefined || c.templateId === q.template_id) &&
      (q.min_gpu_count === undefined || c.gpuCount >= q.min_gpu_count) &&
      (q.max_gpu_count === undefined || c.gpuCount <= q.max_gpu_count) &&
      (!q.created_after || c.createdAt > q.created_after) &&
      (!q.created_before || c.createdAt < q.created_before) &&
      (search === undefined ||
        simpleLower(c.name).includes(search) ||
        simpleLower(c.description ?? "").includes(search)),
  );
  const sortBy = q.sort_by ?? "created_at";
  const direction = q.sort_order === "asc" ? 1 : -1;
  return matching.sort(
    (a, b) => direction * (compare(sortKey(a, sortBy), sortKey(b, sortBy)) || codePointCompare(a.id, b.id)),
  );
}

/**
 * Lower case per code point, one code point to one. JavaScript's toLowerCase maps a single code
 * point to two in exactly one case, İ → i + U+0307, whose first is the simple mapping (i).
 */
const simpleLower = (s: string) => Array.from(s, (c) => Array.from(c.toLowerCase())[0]).join("");

/** The C.UTF-8 collation's order: code points (UTF-16 units would put U+FFxx after an emoji). */
const codePointCompare = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function sortKey(c: ReferenceRow, by: SortKey): string | number {
  if (by === "name") return c.nameLower;
  if (by === "status") return c.status;
  if (by === "gpu_count") return c.gpuCount;
  if (by === "cost") return c.hourlyRateCents;
  return c.createdAt.getTime();
}

const compare = (a: string | number, b: string | number) =>
  typeof a === "number" && typeof b === "number" ? Math.sign(a - b) : codePointCompare(String(a), String(b));
