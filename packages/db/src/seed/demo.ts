// The demo tenant made on first start, so a fresh checkout has something to look at and a key to use.
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { generateApiKey } from "../api-keys.ts";
import type { Db } from "../client.ts";
import { dataRoot } from "../paths.ts";
import { buildAccount, generateClusters } from "./generate.ts";
import { Rng } from "./prng.ts";

export const DEMO_ACCOUNT_ID = "acc_demo";
export const DEMO_ACCOUNT_NAME = "Demo Co";
export const DEMO_CLUSTER_COUNT = 250;
export const DEMO_KEY_NAME = "Demo key";

/** Where the demo key's secret is written (gitignored), for the README and the sign-in page. */
export function demoKeyFile(): string {
  return join(dataRoot(), "demo-api-key.txt");
}

export interface EnsureDemoDataOptions {
  /** File to write the new demo secret to; null writes none. Defaults to `demoKeyFile()`. */
  keyFile?: string | null;
  /** Clock for the generated timestamps; defaults to the current time. */
  now?: Date;
}

/**
 * Creates the demo account ("Demo Co", id `acc_demo`) with its projects, templates, ~250
 * clusters and a `clusters:read` API key, unless it already exists. Returns the new key's
 * secret when it created the data, null otherwise. Safe to call on every start and from
 * concurrent processes: the account insert is the gate, and everything happens in one transaction.
 */
export async function ensureDemoData(db: Db, options: EnsureDemoDataOptions = {}): Promise<string | null> {
  const now = options.now ?? new Date();
  const plan = buildAccount(
    {
      id: DEMO_ACCOUNT_ID,
      name: DEMO_ACCOUNT_NAME,
      projectCount: 4,
      templateCount: 5,
      clusterCount: DEMO_CLUSTER_COUNT,
      streamSeed: "demo/clusters",
    },
    new Rng("demo/account"),
    now.getTime(),
  );
  const clusters = [...generateClusters(plan, now.getTime())];
  const key = generateApiKey();

  const created = await db.$transaction(
    async (tx) => {
      // A concurrent caller blocks here until the first commits, then inserts nothing.
      const inserted = await tx.$executeRaw`
        INSERT INTO accounts (id, name, created_at)
        VALUES (${plan.account.id}, ${plan.account.name}, ${plan.account.created_at}::timestamptz)
        ON CONFLICT (id) DO NOTHING`;
      if (inserted === 0) return false;
      // Rows are keyed by column name, so the database maps them without a per-field layer.
      await tx.$executeRaw`INSERT INTO projects SELECT * FROM json_populate_recordset(NULL::projects, ${JSON.stringify(plan.projects)}::json)`;
      await tx.$executeRaw`INSERT INTO templates SELECT * FROM json_populate_recordset(NULL::templates, ${JSON.stringify(plan.templates)}::json)`;
      await tx.$executeRaw`INSERT INTO clusters SELECT * FROM json_populate_recordset(NULL::clusters, ${JSON.stringify(clusters)}::json)`;
      await tx.apiKey.create({
        data: {
          id: key.id,
          accountId: DEMO_ACCOUNT_ID,
          name: DEMO_KEY_NAME,
          prefix: key.prefix,
          secretHash: key.secretHash,
          scopes: ["clusters:read"],
          projectIds: [],
        },
      });
      return true;
    },
    { timeout: 30_000 },
  );
  if (!created) return null;

  const file = options.keyFile === undefined ? demoKeyFile() : options.keyFile;
  if (file) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${key.secret}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
  }
  return key.secret;
}
