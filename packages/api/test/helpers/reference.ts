// A reference implementation of the documented filter and sort, computed in the test from all rows,
// to compare the API's answers with. Works on database rows, independently of the API's mapping.
import type { Cluster } from "@fleet/db";

export interface RefQuery {
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
  sort_by?: "created_at" | "name" | "status" | "gpu_count" | "cost";
  sort_order?: "asc" | "desc";
}

const key = (c: Cluster, sortBy: RefQuery["sort_by"]): string | number => {
  switch (sortBy ?? "created_at") {
    case "name":
      return c.name.toLowerCase();
    case "status":
      return c.status;
    case "gpu_count":
      return c.gpuCount;
    case "cost":
      return c.hourlyRateCents;
    default:
      return c.createdAt.getTime();
  }
};

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

export function referenceList(all: Cluster[], q: RefQuery): Cluster[] {
  const search = q.search?.toLowerCase();
  const matches = all.filter(
    (c) =>
      (!q.status || q.status.includes(c.status)) &&
      (!q.gpu_type || q.gpu_type.includes(c.gpuType)) &&
      (!q.region || q.region.includes(c.region)) &&
      (q.project_id === undefined || c.projectId === q.project_id) &&
      (q.template_id === undefined || c.templateId === q.template_id) &&
      (search === undefined ||
        c.name.toLowerCase().includes(search) ||
        (c.description ?? "").toLowerCase().includes(search)) &&
      (q.min_gpu_count === undefined || c.gpuCount >= q.min_gpu_count) &&
      (q.max_gpu_count === undefined || c.gpuCount <= q.max_gpu_count) &&
      (!q.created_after || c.createdAt.getTime() > q.created_after.getTime()) &&
      (!q.created_before || c.createdAt.getTime() < q.created_before.getTime()),
  );
  const dir = q.sort_order === "asc" ? 1 : -1;
  return matches.sort((a, b) => dir * (cmp(key(a, q.sort_by), key(b, q.sort_by)) || cmp(a.id, b.id)));
}
