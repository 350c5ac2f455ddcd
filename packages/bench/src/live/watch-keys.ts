// API keys for the watchers bench: a stream limit holds per key, so 1,000 streams need 100 keys or
// more, all of the watched account.
import type pg from "pg";
import { deleteBenchKeys, replaceBenchKeys } from "../bench-keys.ts";

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
  const keys = await replaceBenchKeys(client, KEY_NAME, Array(count).fill(accountId));
  return keys.map((k) => ({ id: k.id, secret: k.secret }));
}

export const deleteWatchKeys = (client: pg.Client) => deleteBenchKeys(client, KEY_NAME);
