// One change stream's state: where it is in the change log, what it follows, and the events queued
// for its client. Its client pulls events with `next()`; the hub pushes them. A client that does not
// pull falls behind: past a bounded backlog the stream ends, and the client resumes from the last
// id it received.
import type { Cluster } from "@fleet/schema";
import type { View } from "../clusters/change-feed.ts";
import type { Snapshot } from "../clusters/revision.ts";
import type { OutgoingEvent } from "./outgoing-event.ts";

export type WatchEvent =
  | { event: "upsert"; id: string; data: Cluster }
  | { event: "remove"; id: string; data: { id: string; reason: "deleted" | "left_filter" } }
  | { event: "heartbeat"; id: string; data: Record<string, never> };

/** Why a stream ended on the server's side. */
export type EndReason =
  | "closed"
  | "slow_consumer"
  | "reset"
  | "key_unusable"
  | "server_stopping"
  | "unavailable";

/**
 * A client with more than this still unread when the next batch of changes comes is too slow: its
 * stream ends. (So a stream holds at most this plus two batches: one queued, one being written.)
 */
export const MAX_QUEUED_BYTES = 1024 * 1024;

export class Watcher {
  /** The last position this stream has accounted for (delivered, or nothing in it for this view). */
  position: bigint;
  live = false;
  ended: EndReason | null = null;
  lastSentAt = Date.now();
  /** The id of the last event pushed, or where the stream started: a heartbeat's id must be past it. */
  lastSentPosition: bigint;
  private queue: OutgoingEvent[] = [];
  /** JSON waiting for the client. */
  queuedBytes = 0;
  private wake: (() => void) | null = null;
  private drained: (() => void) | null = null;

  constructor(
    readonly view: View,
    readonly viewKey: string,
    readonly apiKeyId: string,
    start: bigint,
    /** Set when the stream started from a list's revision: changes that list already held are skipped. */
    readonly listSnapshot: Snapshot | null,
    private readonly onEnd: (watcher: Watcher) => void,
  ) {
    this.position = start;
    this.lastSentPosition = start;
  }

  push(outgoing: OutgoingEvent): void {
    if (this.ended) return;
    this.queue.push(outgoing);
    this.queuedBytes += outgoing.bytes;
    this.lastSentAt = Date.now();
    this.lastSentPosition = BigInt(outgoing.event.id);
    this.wake?.();
  }

  end(reason: EndReason): void {
    if (this.ended) return;
    this.ended = reason;
    // A slow consumer's backlog is dropped: it resumes from the last id it received.
    if (reason === "slow_consumer") {
      this.queue = [];
      this.queuedBytes = 0;
    }
    this.onEnd(this);
    this.wake?.();
    this.drained?.();
  }

  /** Resolves once the client has read all but `bytes` of its backlog (or the stream ended). */
  async readDownTo(bytes: number): Promise<void> {
    while (!this.ended && this.queuedBytes > bytes) {
      await new Promise<void>((resolve) => {
        this.drained = resolve;
      });
      this.drained = null;
    }
  }

  /**
   * Every event queued (waiting for one when there is none), or null once the stream has ended and
   * its queue is drained: a client that fell behind by many gets them in one write, not one each.
   */
  async nextEvents(): Promise<OutgoingEvent[] | null> {
    for (;;) {
      if (this.queue.length > 0) {
        const events = this.queue;
        this.queue = [];
        this.queuedBytes = 0;
        this.drained?.();
        return events;
      }
      if (this.ended) return null;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
  }
}
