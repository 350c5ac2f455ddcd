// Saved views of the cluster list: a name, the list's query string and the columns hidden, per
// account. A key restricted to projects sees only the views it can use (none naming another
// project) and may save only such views.
import { randomBytes } from "node:crypto";
import type { Db } from "@fleet/db";
import { type ClusterFilter, parseClusterQuery, type SavedView, type SavedViewFields } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";
import { FleetError } from "../errors.ts";

/** What a view's query leaves out: where in the list it was, not what the list is. */
const NOT_PART_OF_A_VIEW = ["page", "cursor"];

/** The view's query as stored: without a page or cursor, parameters in a stable order. */
function canonicalQuery(query: string): URLSearchParams {
  const params = new URLSearchParams(query.startsWith("?") ? query.slice(1) : query);
  for (const name of NOT_PART_OF_A_VIEW) params.delete(name);
  params.sort();
  return params;
}

/** The view's filter, or null for a query this version of the API does not accept. */
function filterOf(query: string): ClusterFilter | null {
  const parsed = parseClusterQuery(canonicalQuery(query));
  return parsed.success ? parsed.data : null;
}

/** Whether `principal` may use a view of `filter`: restricted keys only views of their own projects. */
const usableBy = (principal: Principal, filter: ClusterFilter) =>
  principal.projectIds === null ||
  filter.project_id === undefined ||
  principal.projectIds.includes(filter.project_id);

type Row = { id: string; name: string; query: string; hiddenColumns: string[]; updatedAt: Date };

const toView = (row: Row): SavedView => ({
  id: row.id,
  name: row.name,
  query: row.query,
  hidden_columns: row.hiddenColumns as SavedView["hidden_columns"],
  updated_at: row.updatedAt.toISOString(),
});

/** The account's views that `principal` can use, by name. */
export async function listViews(db: Db, principal: Principal): Promise<SavedView[]> {
  const rows = await db.savedView.findMany({
    where: { accountId: principal.accountId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return rows
    .filter((row) => {
      const filter = filterOf(row.query);
      return filter !== null && usableBy(principal, filter);
    })
    .map(toView);
}

/** Saves a view under its name (replacing the account's view of that name); `input` is validated already. */
export async function saveView(
  db: Db,
  principal: Principal,
  { name, query, hidden_columns }: SavedViewFields,
): Promise<SavedView> {
  const params = canonicalQuery(query);
  const parsed = parseClusterQuery(params);
  if (!parsed.success) {
    throw new FleetError("VALIDATION_ERROR", {
      detail: "The view's query is not a list the API accepts.",
      errors: parsed.errors.map((e) => ({ param: `query.${e.param}`, message: e.message })),
    });
  }
  if (!usableBy(principal, parsed.data)) {
    throw new FleetError("FORBIDDEN", {
      detail: "This API key may not use the project the view filters by.",
    });
  }
  const stored = params.toString();
  const row = await db.savedView.upsert({
    where: { accountId_name: { accountId: principal.accountId, name } },
    create: {
      accountId: principal.accountId,
      id: `view_${randomBytes(12).toString("base64url")}`,
      name,
      query: stored,
      hiddenColumns: hidden_columns,
    },
    update: { query: stored, hiddenColumns: hidden_columns },
  });
  return toView(row);
}

/** Deletes one of the account's views that `principal` can use; NOT_FOUND for any other id. */
export async function deleteView(db: Db, principal: Principal, id: string): Promise<void> {
  const key = { accountId_id: { accountId: principal.accountId, id } };
  const row = await db.savedView.findUnique({ where: key });
  const filter = row && filterOf(row.query);
  if (!filter || !usableBy(principal, filter))
    throw new FleetError("NOT_FOUND", { detail: `No view ${id}.` });
  await db.savedView.delete({ where: key });
}
