import { type ApiKeyScope, type Db, generateApiKey, type Prisma } from "@fleet/db";
import type { Command } from "commander";
import { withDb } from "../database.ts";
import { UsageError } from "../errors.ts";
import { createOutput, table } from "../output.ts";
import { parseDuration, parseList, parseName, parseScopes } from "../parse.ts";

const keySelect = {
  id: true,
  accountId: true,
  name: true,
  prefix: true,
  scopes: true,
  projectIds: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
} satisfies Prisma.ApiKeySelect;

type KeyRow = Prisma.ApiKeyGetPayload<{ select: typeof keySelect }>;

function status(key: KeyRow, now: Date): "active" | "expired" | "revoked" {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt <= now) return "expired";
  return "active";
}

/** The public view of a key: everything but the secret (which is never stored anyway). */
function keyJson(key: KeyRow, now: Date) {
  return {
    id: key.id,
    account_id: key.accountId,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    project_ids: key.projectIds,
    status: status(key, now),
    created_at: key.createdAt.toISOString(),
    expires_at: key.expiresAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
  };
}

async function requireAccount(db: Db, id: string): Promise<void> {
  const account = await db.account.findUnique({ where: { id }, select: { id: true } });
  if (!account) throw new UsageError(`unknown account '${id}' (see \`fleet accounts list\`)`);
}

async function requireProjects(db: Db, accountId: string, ids: string[]): Promise<void> {
  const found = await db.project.findMany({ where: { accountId, id: { in: ids } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((project) => project.id === id));
  if (missing.length > 0)
    throw new UsageError(`unknown project(s) of account '${accountId}': ${missing.join(", ")}`);
}

interface CreateOptions {
  account: string;
  name?: string;
  scopes: ApiKeyScope[];
  projects?: string[];
  expiresIn?: number;
}

export function registerKeyCommands(program: Command): void {
  const keys = program.command("keys").description("API keys");

  keys
    .command("create")
    .description("Create an API key and print its secret (shown only this once)")
    .requiredOption("--account <id>", "account the key belongs to")
    .option("--name <name>", "label shown in listings", parseName)
    .option("--scopes <list>", "comma-separated scopes", parseScopes, ["clusters:read"] as ApiKeyScope[])
    .option("--projects <ids>", "restrict the key to these projects (comma-separated ids)", parseList)
    .option(
      "--expires-in <duration>",
      "lifetime, e.g. 90m, 12h, 30d, 2w (default: never expires)",
      parseDuration,
    )
    .action(async (options: CreateOptions, command: Command) => {
      const out = createOutput(command.optsWithGlobals().json === true);
      await withDb(async (db) => {
        await requireAccount(db, options.account);
        const projectIds = options.projects ?? [];
        if (projectIds.length > 0) await requireProjects(db, options.account, projectIds);
        const now = new Date();
        const key = generateApiKey();
        const row = await db.apiKey.create({
          data: {
            id: key.id,
            accountId: options.account,
            name: options.name ?? `CLI key ${now.toISOString().slice(0, 10)}`,
            prefix: key.prefix,
            secretHash: key.secretHash,
            scopes: options.scopes,
            projectIds,
            expiresAt: options.expiresIn === undefined ? null : new Date(now.getTime() + options.expiresIn),
          },
          select: keySelect,
        });
        const view = keyJson(row, now);
        out.result({ ...view, secret: key.secret }, () => [
          `Created API key ${view.id} (${view.prefix}) for account ${view.account_id}.`,
          `  scopes:   ${view.scopes.join(", ")}`,
          `  projects: ${view.project_ids.length > 0 ? view.project_ids.join(", ") : "all"}`,
          `  expires:  ${view.expires_at ?? "never"}`,
          "",
          "Secret (shown only now, store it safely):",
          `  ${key.secret}`,
        ]);
      });
    });

  keys
    .command("list")
    .description("List an account's API keys (never their secrets)")
    .requiredOption("--account <id>", "account whose keys to list")
    .action(async (options: { account: string }, command: Command) => {
      const out = createOutput(command.optsWithGlobals().json === true);
      await withDb(async (db) => {
        await requireAccount(db, options.account);
        const rows = await db.apiKey.findMany({
          where: { accountId: options.account },
          select: keySelect,
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        });
        const now = new Date();
        const list = rows.map((row) => keyJson(row, now));
        out.result(list, () =>
          list.length === 0
            ? [`Account ${options.account} has no API keys.`]
            : table(
                ["ID", "PREFIX", "NAME", "STATUS", "SCOPES", "PROJECTS", "EXPIRES", "LAST USED"],
                list.map((k) => [
                  k.id,
                  k.prefix,
                  k.name,
                  k.status,
                  k.scopes.join(","),
                  k.project_ids.length > 0 ? k.project_ids.join(",") : "all",
                  k.expires_at ?? "never",
                  k.last_used_at ?? "never",
                ]),
              ),
        );
      });
    });

  keys
    .command("revoke")
    .description("Revoke an API key; it stops working immediately")
    .argument("<id>", "key id (key_…)")
    .action(async (id: string, _options, command: Command) => {
      const out = createOutput(command.optsWithGlobals().json === true);
      await withDb(async (db) => {
        // Only an unrevoked key is updated, so revoking twice keeps the first revocation time.
        const now = new Date();
        const { count } = await db.apiKey.updateMany({
          where: { id, revokedAt: null },
          data: { revokedAt: now },
        });
        const row = await db.apiKey.findUnique({ where: { id }, select: keySelect });
        if (!row) throw new UsageError(`unknown API key '${id}' (see \`fleet keys list --account ID\`)`);
        const view = { ...keyJson(row, now), already_revoked: count === 0 };
        out.result(view, () => [
          view.already_revoked
            ? `API key ${view.id} (${view.prefix}) was already revoked at ${view.revoked_at}.`
            : `Revoked API key ${view.id} (${view.prefix}).`,
        ]);
      });
    });
}
