// The fixed query matrix, as REST query strings (tRPC and in-process inputs are parsed
// from the same strings with the shared filter, so every path runs the same filter).
import type pg from "pg";

export interface MatrixQuery {
  name: string;
  /** Query string without cursor; a cursor query gets its cursor at run time. */
  query: string;
  /** Keyset paging: the cursor points at the row before `depth`. */
  cursorDepth?: number;
}

export interface AccountFacts {
  id: string;
  clusters: number;
  projectId: string;
  templateId: string;
  commonTerm: string;
  rareTerm: string;
}

/** Facts the matrix needs about an account: its largest project and template, and search terms. */
export async function accountFacts(client: pg.Client, id: string): Promise<AccountFacts> {
  const one = async (sql: string) => (await client.query(sql, [id])).rows[0];
  const total = await one("SELECT count(*)::int AS n FROM clusters WHERE account_id = $1");
  const project = await one(
    "SELECT project_id AS v FROM clusters WHERE account_id = $1 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
  );
  const template = await one(
    "SELECT template_id AS v FROM clusters WHERE account_id = $1 AND template_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
  );
  // Rare: one cluster's full name, the longest (generated names end in a number, so it matches one).
  const rare = await one(
    "SELECT name AS v FROM clusters WHERE account_id = $1 ORDER BY length(name) DESC, id LIMIT 1",
  );
  return {
    id,
    clusters: total.n,
    projectId: project.v,
    templateId: template?.v ?? project.v,
    // A workload word most generated names carry (llm-finetune, sdxl-train, …).
    commonTerm: "train",
    rareTerm: rare.v,
  };
}

export function buildMatrix(facts: AccountFacts): MatrixQuery[] {
  const sorts: MatrixQuery[] = [];
  for (const key of ["created_at", "name", "status", "gpu_count", "cost"]) {
    for (const order of ["asc", "desc"]) {
      sorts.push({ name: `sort ${key} ${order}`, query: `sort_by=${key}&sort_order=${order}` });
    }
  }
  return [
    { name: "default listing", query: "" },
    { name: "filter status", query: "status=running" },
    { name: "filter gpu_type", query: "gpu_type=H100" },
    { name: "filter region", query: "region=eu-west-1" },
    { name: "filter project_id", query: `project_id=${facts.projectId}` },
    { name: "filter template_id", query: `template_id=${facts.templateId}` },
    ...sorts,
    { name: "search common", query: `search=${encodeURIComponent(facts.commonTerm)}` },
    { name: "search rare", query: `search=${encodeURIComponent(facts.rareTerm)}` },
    { name: "gpu count range", query: "min_gpu_count=2&max_gpu_count=4" },
    { name: "created range", query: "created_after=2026-03-01&created_before=2026-04-01" },
    {
      name: "four filters combined",
      query: "status=running,stopped&gpu_type=A100,H100&region=us-east-1,us-west-2&min_gpu_count=2",
    },
    { name: "offset page 1000 (limit 100)", query: "page=1000&limit=100" },
    { name: "cursor at depth 99,900 (limit 100)", query: "limit=100", cursorDepth: 99_900 },
    // The same depth at the default page size: what a client paging with defaults sees.
    { name: "cursor at depth 99,900 (limit 20)", query: "", cursorDepth: 99_900 },
  ];
}
