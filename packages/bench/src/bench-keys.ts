// The bench's API keys: read-only, made fresh per run under a name of their own (the earlier
// run's keys of that name are removed first, and their stream leases with them).
import { type GeneratedApiKey, generateApiKey } from "@fleet/db";
import type pg from "pg";

/** Replaces the keys named `name` with one read-only key per entry of `accountIds`, in that order. */
export async function replaceBenchKeys(
  client: pg.Client,
  name: string,
  accountIds: string[],
): Promise<GeneratedApiKey[]> {
  await deleteBenchKeys(client, name);
  const keys = accountIds.map(() => generateApiKey());
  await client.query(
    `INSERT INTO api_keys (id, account_id, name, prefix, secret_hash, scopes, project_ids)
     SELECT id, account_id, $1, prefix, secret_hash, '{clusters:read}', '{}'
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS k(id, account_id, prefix, secret_hash)`,
    [name, keys.map((k) => k.id), accountIds, keys.map((k) => k.prefix), keys.map((k) => k.secretHash)],
  );
  return keys;
}

export async function deleteBenchKeys(client: pg.Client, name: string): Promise<void> {
  await client.query("DELETE FROM api_keys WHERE name = $1", [name]);
}
