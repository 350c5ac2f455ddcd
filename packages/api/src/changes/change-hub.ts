// One per server process: follows the change log and fans it out to every change stream the process
// serves. A loop sequences newly committed changes (any server may), reads the positioned ones for
// the views its streams follow in one statement, and turns each into the events of each stream.
// A stream that starts at most a batch behind the hub joins at once (the hub's next read starts at
// its position); one further behind catches up with statements of its own first, then joins.
import type { Db } from "@fleet/db";
import { Prisma } from "@fleet/db";
import { type FeedChange, readFeed, type View, viewKey } from "../clusters/change-feed.ts";
import { ALL_ACCOUNTS, forAccount, isReset } from "../clusters/change-log.ts";
import { toCluster } from "../clusters/cluster-row.ts";
import { type Revision, visibleIn } from "../clusters/revision.ts";
import { FleetError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { RateLimitedError } from "../rate-limit/auth-failures.ts";
import { OutgoingEvent } from "./outgoing-event.ts";
import { pruneChanges } from "./pruner.ts";
import { sequenceBacklog, sequenceChanges } from "./sequencer.ts";
import { StreamLeases, sweepExpiredLeases } from "./stream-leases.ts";
import { MAX_QUEUED_BYTES, type WatchEvent, Watcher } from "./watcher.ts";

export interface ChangeHubOptions {
  /** How often the loop looks for new changes while streams are open (ms). */
  pollMs: number;
  /** A stream with nothing to say gets a heartbeat this often (ms). */
  heartbeatMs: number;
  /** Open streams per API key, across every server on the database. */
  maxStreamsPerKey: number;
  /** How often the keys of open streams are checked for revocation and expiry (ms). */
  keyCheckMs: number;
  /** How long the change log keeps a change (ms). */
  retentionMs: number;
}

/** Changes read per statement, by the hub and by a stream catching up. */
const FEED_BATCH = 1_000;
/** While a tick delivers a backlog, it positions newly committed changes every this many feed batches. */
const SEQUENCE_EVERY_BATCHES = 10;
/** How far behind the hub (in positions, so in changes at most) a stream may be and still join it. */
const JOIN_WINDOW = BigInt(FEED_BATCH);
/** What a key at its open-stream limit is told to wait: a stream of its may have closed by then. */
const STREAM_LIMIT_RETRY_SECONDS = 5;
/** How often an idle server (no stream open) sequences the log and sees whether to prune it (ms). */
const MAINTAIN_EVERY_MS = 5_000;
/** How often the change log is pruned (ms). */
const PRUNE_EVERY_MS = 60_000;

/** What the hub says of the change log's health. */
type HubLogger = Pick<Logger, "warn" | "info">;

export class ChangeHub {
  private readonly watchers = new Set<Watcher>();
  /** How many times stop() ran: an open that spans one ends its stream too. */
  private stops = 0;
  /** This server's places in its keys' open-stream limits. */
  private readonly leases: StreamLeases;
  /** Every change up to here has been dispatched to the live streams. */
  private position: bigint | null = null;
  private timer: NodeJS.Timeout | null = null;
  private maintenance: NodeJS.Timeout | null = null;
  private running = false;
  private lastKeyCheck = Date.now();
  private lastPrune = 0;
  /** When the change log last failed to be read, while it still fails. */
  private failingSince: number | null = null;
  private logger: HubLogger | null = null;

  constructor(
    private readonly db: Db,
    private readonly options: ChangeHubOptions,
  ) {
    this.leases = new StreamLeases(db, options.maxStreamsPerKey);
  }

  /**
   * Opens a stream of `view` after `since` (null: from now). Throws REVISION_EXPIRED (410) for a
   * revision the change log no longer reaches or never reached, RATE_LIMIT_EXCEEDED (429) past the
   * key's open streams (on any server).
   */
  async open(view: View, since: Revision | null, apiKeyId: string): Promise<Watcher> {
    const stopsBefore = this.stops;
    const state = await sequenceChanges(this.db);
    const start = since?.position ?? state.lastPosition;
    if (start < state.prunedThrough || start > state.lastPosition) throw expired(start, state.prunedThrough);
    if (since && (await resetSince(this.db, view.principal.accountId, start))) {
      throw new FleetError("REVISION_EXPIRED", {
        detail:
          "The account's clusters were reset (bulk load or truncation) after this revision: list again.",
      });
    }
    // Last, so that a stream refused for its revision never holds a lease.
    const lease = await this.leases.acquire(apiKeyId);
    if (!lease) {
      throw new RateLimitedError(
        STREAM_LIMIT_RETRY_SECONDS,
        `At most ${this.options.maxStreamsPerKey} change streams may be open per API key; close one first.`,
      );
    }
    this.position ??= state.lastPosition;
    const watcher = new Watcher(view, viewKey(view), apiKeyId, start, since?.snapshot ?? null, (w) => {
      this.watchers.delete(w);
      this.leases.release(lease);
    });
    this.watchers.add(watcher);
    // A stop while this stream was opening ended every stream but this one: it ends as they did.
    if (this.stops !== stopsBefore) {
      watcher.end("server_stopping");
      return watcher;
    }
    this.schedule();
    if (this.canJoin(watcher)) watcher.live = true;
    else void this.catchUp(watcher).catch(() => watcher.end("unavailable"));
    return watcher;
  }

  /**
   * Keeps the change log moving while no stream is open here: sequences what has committed (list
   * revisions stay current) and prunes past the retention, so the log never grows for want of a
   * reader. Every server runs it; the log's state row lets one work at a time.
   */
  startMaintenance(logger: HubLogger, everyMs = MAINTAIN_EVERY_MS): void {
    this.logger = logger;
    if (this.maintenance) return;
    this.maintenance = setInterval(() => {
      if (this.watchers.size === 0) void this.tick();
    }, everyMs);
    this.maintenance.unref();
  }

  /** Ends every stream (the server is stopping) and the loops. */
  stop(): void {
    this.stops++;
    // All at once, before the streams end one by one.
    this.leases.releaseAll();
    for (const watcher of this.watchers) watcher.end("server_stopping");
    if (this.timer) clearTimeout(this.timer);
    if (this.maintenance) clearInterval(this.maintenance);
    this.timer = null;
    this.maintenance = null;
  }

  private schedule(): void {
    if (this.timer || this.watchers.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick().finally(() => this.schedule());
    }, this.options.pollMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const state = await sequenceBacklog(this.db, { advance: this.heartbeatWaitsForPosition() });
      for (let batches = 0; ; batches++) {
        const live = [...this.watchers].filter((w) => w.live);
        const after = lowestPosition(live, this.position ?? state.lastPosition);
        if (after >= state.lastPosition) break;
        // Delivering a long backlog can outlast many polls: changes committed meanwhile get their
        // positions (and lists their revisions) and quiet streams their heartbeats as between ticks;
        // this tick delivers up to where it started, the next from there.
        if (batches > 0 && batches % SEQUENCE_EVERY_BATCHES === 0) {
          await sequenceBacklog(this.db);
          this.heartbeats();
        }
        const views = distinctViews(live);
        const changes = await readFeed(this.db, views.list, {
          after,
          upTo: state.lastPosition,
          limit: FEED_BATCH,
        });
        const upTo = changes.length < FEED_BATCH ? state.lastPosition : (changes.at(-1)?.position ?? after);
        const events = new ViewEvents();
        // Streams that went live while this batch was read are in the next one's.
        for (const watcher of live) {
          if (watcher.ended) continue;
          // Still holding the last batch's backlog: too slow to keep up (it resumes from its last id).
          if (watcher.queuedBytes > MAX_QUEUED_BYTES) {
            watcher.end("slow_consumer");
            continue;
          }
          deliver(watcher, changes, views.index, upTo, events);
        }
        if (this.position === null || upTo > this.position) this.position = upTo;
      }
      this.heartbeats();
      await this.checkKeys();
      if (Date.now() - this.lastPrune > Math.min(PRUNE_EVERY_MS, this.options.retentionMs)) {
        this.lastPrune = Date.now();
        await pruneChanges(this.db, this.options.retentionMs);
        await sweepExpiredLeases(this.db);
      }
      if (this.failingSince !== null) this.logger?.info("change log readable again");
      this.failingSince = null;
    } catch (err) {
      this.unreadable(err);
    } finally {
      this.running = false;
    }
  }

  /**
   * The database is away: streams stay open and the next tick tries again. A heartbeat says "nothing
   * up to here", which the hub cannot know without the log, so once the log has been unreadable
   * for a heartbeat interval the streams end: their clients resume elsewhere, or here once it is back.
   */
  private unreadable(err: unknown): void {
    const now = Date.now();
    if (this.failingSince === null) {
      this.failingSince = now;
      this.logger?.warn({ err }, "change log unreadable: streams end if it stays so");
    }
    if (now - this.failingSince < this.options.heartbeatMs) return;
    for (const watcher of this.watchers) watcher.end("unavailable");
  }

  /** Reads a new stream up to the hub with statements of its own, then lets it go live. */
  private async catchUp(watcher: Watcher): Promise<void> {
    const views = distinctViews([watcher]);
    for (;;) {
      const target = this.position ?? watcher.position;
      if (watcher.ended) return;
      if (this.canJoin(watcher)) {
        watcher.live = true;
        return;
      }
      // Catching up goes at the client's pace: the next batch waits until it has read the last.
      await watcher.readDownTo(MAX_QUEUED_BYTES / 2);
      if (watcher.ended) return;
      const changes = await readFeed(this.db, views.list, {
        after: watcher.position,
        upTo: target,
        limit: FEED_BATCH,
      });
      const upTo = changes.length < FEED_BATCH ? target : (changes.at(-1)?.position ?? target);
      deliver(watcher, changes, views.index, upTo, new ViewEvents());
    }
  }

  /**
   * A stream at most a batch behind the hub goes live at once: the hub's next read starts at the
   * lowest live stream's position, which costs every stream at most one batch more, where a
   * catch-up of its own would cost a statement per stream (and chase a hub that moves on meanwhile).
   */
  private canJoin(watcher: Watcher): boolean {
    return this.position === null || this.position - watcher.position <= JOIN_WINDOW;
  }

  private heartbeatDue(watcher: Watcher): boolean {
    return watcher.live && watcher.lastSentAt <= Date.now() - this.options.heartbeatMs;
  }

  /** A heartbeat is due on a stream whose position has not moved past its last event's id. */
  private heartbeatWaitsForPosition(): boolean {
    for (const watcher of this.watchers) {
      if (this.heartbeatDue(watcher) && watcher.position <= watcher.lastSentPosition) return true;
    }
    return false;
  }

  /** Each event has its own id: a stream still at its last event's id waits for the next position. */
  private heartbeats(): void {
    for (const watcher of this.watchers) {
      if (this.heartbeatDue(watcher) && watcher.position > watcher.lastSentPosition) {
        watcher.push(new OutgoingEvent({ event: "heartbeat", id: String(watcher.position), data: {} }));
      }
    }
  }

  /** Ends the streams of keys revoked or expired since they opened. */
  private async checkKeys(): Promise<void> {
    if (Date.now() - this.lastKeyCheck < this.options.keyCheckMs || this.watchers.size === 0) return;
    this.lastKeyCheck = Date.now();
    const ids = [...new Set([...this.watchers].map((w) => w.apiKeyId))];
    const usable = await this.db.$rows<{ id: string }>(Prisma.sql`
      SELECT id FROM api_keys WHERE id = ANY(${ids}::text[])
        AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`);
    const stillUsable = new Set(usable.map((k) => k.id));
    for (const watcher of this.watchers) {
      if (!stillUsable.has(watcher.apiKeyId)) watcher.end("key_unusable");
    }
  }
}

function expired(position: bigint, prunedThrough: bigint): FleetError {
  return new FleetError("REVISION_EXPIRED", {
    detail:
      position < prunedThrough
        ? "This revision is older than the change log's retention: list again, then watch from the list's revision."
        : "This revision is not one of this server's change log: list again, then watch from the list's revision.",
  });
}

/** True when the account's clusters were reset after `position` (a reset record past it). */
async function resetSince(db: Db, accountId: string, position: bigint): Promise<boolean> {
  const rows = await db.$rows<{ reset: boolean }>(Prisma.sql`
    SELECT EXISTS (SELECT FROM cluster_changes AS c WHERE c.position > ${position}
      AND ${forAccount("c", accountId)} AND ${isReset("c")}) AS reset`);
  return rows[0]?.reset ?? false;
}

/** The lowest position of `watchers` and `position`: where a read that serves them all starts. */
function lowestPosition(watchers: Watcher[], position: bigint): bigint {
  let lowest = position;
  for (const watcher of watchers) if (watcher.position < lowest) lowest = watcher.position;
  return lowest;
}

function distinctViews(watchers: Watcher[]): { list: View[]; index: Map<string, number> } {
  const index = new Map<string, number>();
  const list: View[] = [];
  for (const watcher of watchers) {
    if (index.has(watcher.viewKey)) continue;
    index.set(watcher.viewKey, list.length);
    list.push(watcher.view);
  }
  return { list, index };
}

/** The events of one batch of changes, made once per change and view for every stream of the view. */
class ViewEvents {
  private readonly made = new Map<FeedChange, Map<number, OutgoingEvent | null>>();

  of(change: FeedChange, view: number): OutgoingEvent | null {
    let byView = this.made.get(change);
    if (!byView) {
      byView = new Map();
      this.made.set(change, byView);
    }
    let outgoing = byView.get(view);
    if (outgoing === undefined) {
      const event = toEvent(change, change.matchedBefore[view] ?? false, change.matchesAfter[view] ?? false);
      outgoing = event && new OutgoingEvent(event);
      byView.set(view, outgoing);
    }
    return outgoing;
  }
}

/** Turns the changes after the watcher's position into its events; it then stands at `upTo`. */
function deliver(
  watcher: Watcher,
  changes: FeedChange[],
  index: Map<string, number>,
  upTo: bigint,
  events: ViewEvents,
): void {
  const i = index.get(watcher.viewKey);
  if (i === undefined) return;
  const { accountId } = watcher.view.principal;
  for (const change of changes) {
    if (watcher.ended) return;
    if (change.position <= watcher.position) continue;
    if (change.accountId !== accountId && change.accountId !== ALL_ACCOUNTS) continue;
    if (change.reset) {
      watcher.end("reset");
      return;
    }
    watcher.position = change.position;
    // A change the list this stream started from already held.
    if (watcher.listSnapshot && visibleIn(watcher.listSnapshot, change.xid)) continue;
    const outgoing = events.of(change, i);
    if (outgoing) watcher.push(outgoing);
  }
  if (upTo > watcher.position) watcher.position = upTo;
}

function toEvent(change: FeedChange, before: boolean, after: boolean): WatchEvent | null {
  const id = String(change.position);
  if (after && change.row) return { event: "upsert", id, data: toCluster(change.row) };
  if (before) {
    return {
      event: "remove",
      id,
      data: { id: change.clusterId, reason: change.deleted ? "deleted" : "left_filter" },
    };
  }
  return null;
}
