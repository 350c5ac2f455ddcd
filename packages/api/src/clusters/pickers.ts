// Project and template choices for the portal's pickers: id + name, scoped like the listing.
import type { Db } from "@fleet/db";
import type { Principal } from "../auth/principal.ts";

export type Choice = { id: string; name: string };

export function listProjects(db: Db, principal: Principal): Promise<Choice[]> {
  return db.project.findMany({
    where: {
      accountId: principal.accountId,
      ...(principal.projectIds ? { id: { in: principal.projectIds } } : {}),
    },
    select: { id: true, name: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}

export function listTemplates(db: Db, principal: Principal): Promise<Choice[]> {
  return db.template.findMany({
    where: { accountId: principal.accountId },
    select: { id: true, name: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}
