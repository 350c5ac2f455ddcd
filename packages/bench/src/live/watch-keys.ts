// API keys for the watchers bench: a stream limit holds per key, so 1,000 streams need 100 keys or
// more. Created fresh per run for the account (earlier runs' keys are removed first, their leases
// with them), read-only, like the bench's own key (accounts.ts).
import { generateApiKey } from "@fleet/db";
import type pg from "pg";

const KEY_NAME = "fleet-bench-watchers";

export interface WatchKey {
  id: string;
  secret: string;
}

export async function createWatchKeys(
  client: pg.Client,
  accountId: string,
  count: number,
): Promise<WatchKey[]> {
  await deleteWatchKeys(client);
  const keys = Array.from({ length: count }, () => generateApiKey());
  await client.query(
    `INSERT INTO api_keys (id, account_id, name, prefix, secret_hash, scopes, project_ids)
     SELECT id, $1, $2, prefix, secret_hash, '{clusters:read}', '{}'
       FROM unnest($3::text[], $4::text[], $5::text[]) AS k(id, prefix, secret_hash)`,
    [accountId, KEY_NAME, keys.map((k) => k.id), keys.map((k) => k.prefix), keys.map((k) => k.secretHash)],
  );
  return keys.map((k) => ({ id: k.id, secret: k.secret }));
}

export async function deleteWatchKeys(client: pg.Client): Promise<void> {
  await client.query("DELETE FROM api_keys WHERE name = $1", [KEY_NAME]);
}
