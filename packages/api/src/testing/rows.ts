// Rows a test inserts itself: an account with projects and templates, and API keys.
import { randomBytes } from "node:crypto";
import { type Db, generateApiKey } from "@fleet/db";

let counter = 0;
/** Unique across test files and processes sharing one database: a counter plus random bytes. */
export const uid = (prefix: string) =>
  `${prefix}_${(++counter).toString(36)}${randomBytes(4).toString("hex")}`;

export interface TestAccount {
  id: string;
  projects: string[];
  templates: string[];
}

export async function createAccount(
  db: Db,
  opts: { projects?: number; templates?: number } = {},
): Promise<TestAccount> {
  const id = uid("acc");
  await db.account.create({ data: { id, name: `Account ${id}` } });
  const projects = Array.from({ length: opts.projects ?? 2 }, () => uid("prj"));
  await db.project.createMany({
    data: projects.map((p, i) => ({ id: p, accountId: id, name: `Project ${i}` })),
  });
  const templates = Array.from({ length: opts.templates ?? 1 }, () => uid("tpl"));
  await db.template.createMany({
    data: templates.map((t, i) => ({ id: t, accountId: id, name: `Template ${i}` })),
  });
  return { id, projects, templates };
}

export interface KeyOptions {
  scopes?: string[];
  projectIds?: string[];
  expiresAt?: Date | null;
  revokedAt?: Date | null;
}

/** A key of `accountId` (default: clusters:read on every project); returns its id and secret. */
export async function createKey(db: Db, accountId: string, opts: KeyOptions = {}) {
  const key = generateApiKey();
  await db.apiKey.create({
    data: {
      id: key.id,
      accountId,
      name: "test key",
      prefix: key.prefix,
      secretHash: key.secretHash,
      scopes: opts.scopes ?? ["clusters:read"],
      projectIds: opts.projectIds ?? [],
      expiresAt: opts.expiresAt ?? null,
      revokedAt: opts.revokedAt ?? null,
    },
  });
  return key;
}
