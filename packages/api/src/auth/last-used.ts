// `api_keys.last_used_at` (shown by `fleet keys list`), to the minute. Stamped beside the request,
// never in its way: at most once a minute per key in this process, by a statement of its own.
// (Stamping inside the key check that every request runs cost 5% of apps/api's throughput.)
// Best effort: a failed stamp is retried on the key's next use.
import { type Db, PREPARED_STATEMENT, Prisma } from "@fleet/db";

const STAMP_EVERY_MS = 60_000;
const MAX_KEYS = 10_000;

/** When this process last stamped each key (insertion order: oldest first). */
const stampedAt = new Map<string, number>();

const stampStatement = (keyId: string) => Prisma.sql`${Prisma.raw(PREPARED_STATEMENT)}
  UPDATE api_keys SET last_used_at = now()
  WHERE id = ${keyId} AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`;

/** Records a successful use of the key; returns the stamp's promise when one was started (tests). */
export function noteKeyUse(db: Db, keyId: string, now = Date.now()): Promise<void> | null {
  const last = stampedAt.get(keyId);
  if (last !== undefined && now - last < STAMP_EVERY_MS) return null;
  stampedAt.delete(keyId);
  stampedAt.set(keyId, now);
  if (stampedAt.size > MAX_KEYS) {
    const oldest = stampedAt.keys().next().value;
    if (oldest !== undefined) stampedAt.delete(oldest);
  }
  return db.$rows(stampStatement(keyId)).then(
    () => undefined,
    () => {
      stampedAt.delete(keyId);
    },
  );
}
