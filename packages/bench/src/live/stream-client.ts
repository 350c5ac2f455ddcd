// One change-stream client of the watchers bench: follows GET /v1/clusters/watch from a list's
// revision over undici, records the id of every event it receives (upserts positive, removes
// negative) in the shared ledger's terms, and resumes a stream the server ended from the last id it
// received (Last-Event-ID, after the server's `retry`), as an EventSource does. Every open that
// fails is counted by its cause, and retried while the client runs.
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { type Dispatcher, request } from "undici";
import type { EventLedger } from "./event-ledger.ts";
import { NumberLog } from "./number-log.ts";

export interface StreamTarget {
  /** The stream's URL with its filter and `since` (the list's revision). */
  url: string;
  apiKey: string;
}

/** Waits before a retry when the server names none (429 without Retry-After, a refused connection). */
const RETRY_MS = 1_000;

export class StreamClient {
  /** Every change event's id in arrival order: +id an upsert, −id a remove. */
  readonly events = new NumberLog();
  /** The highest id of any event received, heartbeats included (−1: none yet). */
  lastId = -1;
  changes = 0;
  heartbeats = 0;
  /** Change events whose id was not above every id before it (a repeat, or out of order). */
  repeated = 0;
  /** Upserts whose payload differed from another stream's copy of the same event. */
  inconsistent = 0;
  /** Events of a type the stream does not define. */
  unknown = 0;
  opens = 0;
  /** Streams the server ended while the client still wanted them. */
  serverEnds = 0;
  /** Failed opens by cause: HTTP status or error code. */
  readonly failedOpens: Record<string, number> = {};
  private retryMs = RETRY_MS;
  private closed = false;
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    readonly viewIndex: number,
    private readonly target: StreamTarget,
    private readonly ledger: EventLedger,
    private readonly dispatcher: Dispatcher,
  ) {}

  /** Starts following; resolves once the first open succeeded, or false if it failed `attempts` times. */
  start(attempts: number): Promise<boolean> {
    return new Promise((resolve) => {
      let failures = 0;
      this.loop = (async () => {
        while (!this.closed) {
          const opened = await this.connect(() => resolve(true));
          if (!opened && ++failures >= attempts && this.opens === 0) {
            this.closed = true;
            resolve(false);
            return;
          }
          if (!this.closed) await new Promise((r) => setTimeout(r, this.retryMs));
        }
        resolve(this.opens > 0);
      })();
    });
  }

  /** Ends the stream and stops resuming it. */
  async close(): Promise<void> {
    this.closed = true;
    this.abort?.abort();
    await this.loop;
  }

  /** One open; resolves when its stream ends. False when it did not open. */
  private async connect(onOpen: () => void): Promise<boolean> {
    const abort = new AbortController();
    this.abort = abort;
    const headers: Record<string, string> = { authorization: `Bearer ${this.target.apiKey}` };
    // An id received wins over the URL's `since`, as the server defines it.
    if (this.lastId >= 0) headers["last-event-id"] = String(this.lastId);
    let res: Dispatcher.ResponseData;
    try {
      res = await request(this.target.url, { dispatcher: this.dispatcher, headers, signal: abort.signal });
    } catch (error) {
      if (!this.closed) this.failed((error as { code?: string }).code ?? "error");
      return false;
    }
    if (res.statusCode !== 200) {
      this.failed(String(res.statusCode));
      const retryAfter = Number(res.headers["retry-after"]);
      this.retryMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : RETRY_MS;
      await res.body.dump().catch(() => {});
      return false;
    }
    this.opens++;
    onOpen();
    const parser = createParser({
      onEvent: (event) => this.receive(event),
      onRetry: (ms) => {
        this.retryMs = ms;
      },
    });
    const body = res.body;
    // undici's body gives Buffers whatever its encoding is set to, and the parser takes text; a
    // character split between two chunks is decoded once its second half arrives.
    const text = new TextDecoder();
    await new Promise<void>((resolve) => {
      body.on("data", (chunk: Buffer) => parser.feed(text.decode(chunk, { stream: true })));
      body.once("end", resolve);
      body.once("error", resolve);
      body.once("close", resolve);
    });
    if (!this.closed) this.serverEnds++;
    return true;
  }

  private failed(cause: string): void {
    this.failedOpens[cause] = (this.failedOpens[cause] ?? 0) + 1;
  }

  private receive(event: EventSourceMessage): void {
    const at = performance.now();
    const id = Number(event.id);
    if (event.event === "heartbeat") {
      // A heartbeat's id is the stream's resume point: it may equal the last event's, never be below it.
      if (id < this.lastId) this.repeated++;
      this.heartbeats++;
      this.lastId = Math.max(this.lastId, id);
      return;
    }
    if (event.event !== "upsert" && event.event !== "remove") {
      this.unknown++;
      return;
    }
    if (id <= this.lastId) this.repeated++;
    this.lastId = Math.max(this.lastId, id);
    this.changes++;
    if (event.event === "upsert") {
      this.events.push(id);
      if (!this.ledger.upsert(id, event.data, at)) this.inconsistent++;
    } else {
      this.events.push(-id);
      this.ledger.remove(id, event.data);
    }
  }
}
