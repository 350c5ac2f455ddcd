// The open-stream limit per API key, counted in the database so that it holds across every server
// on it: each open stream holds a lease (a row of watch_stream_leases) that its server renews while
// the stream is open and deletes when it ends. A server that dies cannot delete its leases: they stop
// counting once expired, at most LEASE_TTL_MS after its last renewal.
import { randomBytes } from "node:crypto";
import { type Db, Prisma } from "@fleet/db";
import { FleetError } from "../errors.ts";

/** How long a lease counts without being renewed: how long a dead server's streams still count (ms). */
export const LEASE_TTL_MS = 60_000;
/** Well inside the TTL, so a renewal that fails (database briefly away) is retried before a lease lapses. */
const RENEW_EVERY_MS = 20_000;

/** Expiry is always the database's clock, so servers whose clocks disagree count alike. */
const EXPIRES_AT = Prisma.sql`now() + ${LEASE_TTL_MS}::int * interval '1 millisecond'`;

/** The leases of one server's open streams. */
export class StreamLeases {
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly maxPerKey: number,
    private readonly renewEveryMs = RENEW_EVERY_MS,
  ) {}

  /** A new lease for a stream of `apiKeyId`, or null when the key already holds `maxPerKey` live ones. */
  async acquire(apiKeyId: string): Promise<string | null> {
    const id = `wsl_${randomBytes(12).toString("base64url")}`;
    const acquired = await this.db.$rowsInTransaction(async (rows) => {
      // Opens of one key wait for each other here, on every server. In READ COMMITTED the next
      // statement then sees what the previous one committed (a single statement could not: its
      // snapshot would predate the wait). NO KEY UPDATE conflicts with itself yet not with the
      // foreign-key checks (KEY SHARE) of rows inserted for the key.
      const key = await rows(Prisma.sql`SELECT 1 FROM api_keys WHERE id = ${apiKeyId} FOR NO KEY UPDATE`);
      if (key.length === 0) {
        throw new FleetError("UNAUTHORIZED", { detail: "The API key was deleted." });
      }
      const inserted = await rows(Prisma.sql`
        WITH expired AS (
          DELETE FROM watch_stream_leases WHERE api_key_id = ${apiKeyId} AND expires_at <= now()
        )
        INSERT INTO watch_stream_leases (id, api_key_id, expires_at)
        SELECT ${id}, ${apiKeyId}, ${EXPIRES_AT}
        WHERE (SELECT count(*) FROM watch_stream_leases
               WHERE api_key_id = ${apiKeyId} AND expires_at > now()) < ${this.maxPerKey}::int
        RETURNING id`);
      return inserted.length > 0;
    });
    if (!acquired) return null;
    this.held.add(id);
    this.renewInBackground();
    return id;
  }

  /** The stream of lease `id` ended. A failed delete is harmless: the lease lapses within the TTL. */
  release(id: string): void {
    if (!this.held.delete(id)) return;
    void deleteLeases(this.db, [id]).catch(() => {});
  }

  /** Releases every lease this server holds, in one statement (the server is stopping). */
  releaseAll(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const ids = [...this.held];
    this.held.clear();
    if (ids.length > 0) void deleteLeases(this.db, ids).catch(() => {});
  }

  /** Pushes the expiry of every lease held here a TTL past now, in one statement. */
  async renew(): Promise<void> {
    if (this.held.size === 0) return;
    await this.db.$rows(Prisma.sql`
      UPDATE watch_stream_leases SET expires_at = ${EXPIRES_AT} WHERE id = ANY(${[...this.held]}::text[])`);
  }

  private renewInBackground(): void {
    if (this.timer) return;
    // Its own timer, not the change loop's: a lease must stay live while its server is, however long
    // a batch of changes takes. A failure is retried by the next round.
    this.timer = setInterval(() => void this.renew().catch(() => {}), this.renewEveryMs);
    this.timer.unref();
  }
}

/**
 * Deletes expired leases of any key (those of keys that open no stream again; a key's own go at its
 * next open). SKIP LOCKED: never waits for an open or a peer deleting the same rows, so never deadlocks.
 */
export async function sweepExpiredLeases(db: Db): Promise<void> {
  await db.$rows(Prisma.sql`
    DELETE FROM watch_stream_leases WHERE id IN (
      SELECT id FROM watch_stream_leases WHERE expires_at <= now() FOR UPDATE SKIP LOCKED)`);
}

function deleteLeases(db: Db, ids: string[]): Promise<unknown> {
  return db.$rows(Prisma.sql`DELETE FROM watch_stream_leases WHERE id = ANY(${ids}::text[])`);
}
