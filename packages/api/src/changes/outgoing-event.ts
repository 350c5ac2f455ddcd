// An event on its way to the streams of one view: made once per change and view, so that the
// streams following one filter (hundreds, for a dashboard's) share one object, one JSON text and
// one encoded frame, and a backlog holds each only once.
import type { WatchEvent } from "./watcher.ts";

const encoder = new TextEncoder();

export class OutgoingEvent {
  /** What it adds to a stream's backlog, in bytes of JSON (about). */
  readonly bytes: number;
  private readonly json: string;
  private encoded: Uint8Array | null = null;

  constructor(readonly event: WatchEvent) {
    this.json = JSON.stringify(event.data);
    this.bytes = this.json.length + event.id.length + 32;
  }

  /** The event as a server-sent event. */
  get frame(): Uint8Array {
    this.encoded ??= encoder.encode(
      `id: ${this.event.id}\nevent: ${this.event.event}\ndata: ${this.json}\n\n`,
    );
    return this.encoded;
  }
}
