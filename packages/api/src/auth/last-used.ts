// `api_keys.last_used_at` (shown by `fleet keys list`), to the minute. Stamped beside the request,
// never in its way: by a statement of its own, so the key check every request runs never writes the
// key's row, and at most once a minute per key in this process.
// Best effort: a failed stamp is retried on the key's next use.
import { type Db, Prisma, prepared } from "@fleet/db";
import { LRUCache } from "lru-cache";

/** Keys this process stamped within the last minute (entries expire after it). */
const stampedRecently = new LRUCache<string, true>({ max: 10_000, ttl: 60_000 });

const stampStatement = (keyId: string) =>
  prepared(Prisma.sql`
  UPDATE api_keys SET last_used_at = now()
  WHERE id = ${keyId} AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`);

/** Records a successful use of the key. */
export function noteKeyUse(db: Db, keyId: string): void {
  if (stampedRecently.has(keyId)) return;
  stampedRecently.set(keyId, true);
  db.$rows(stampStatement(keyId)).catch(() => stampedRecently.delete(keyId));
}
