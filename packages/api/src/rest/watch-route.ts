// GET/HEAD /v1/clusters/watch: the change stream of a selector as server-sent events. Authorize,
// parse and validate exactly as the listing does, then open the stream after `since` (or the
// Last-Event-ID an EventSource sends on reconnect, which wins) and write each event as it comes.
import { parseClusterWatchQuery } from "@fleet/schema";
import { authorize } from "../auth/authorize.ts";
import type { OutgoingEvent } from "../changes/outgoing-event.ts";
import { openClusterWatch, watchEvents } from "../changes/watch-clusters.ts";
import type { Context } from "../context.ts";
import { FleetError } from "../errors.ts";
import { contextLimitHeaders } from "../rate-limit/headers.ts";

const encoder = new TextEncoder();

/** Events taken together go out in one write. */
const framesOf = (events: OutgoingEvent[]): Uint8Array =>
  events.length === 1 ? (events[0] as OutgoingEvent).frame : Buffer.concat(events.map((e) => e.frame));

export async function watchClustersResponse(req: Request, url: URL, ctx: Context): Promise<Response> {
  const principal = authorize(ctx, "clusters:read");
  const parsed = parseClusterWatchQuery(url.searchParams);
  if (!parsed.success) {
    throw new FleetError("VALIDATION_ERROR", { detail: parsed.detail, errors: parsed.errors });
  }
  const { since, ...selector } = parsed.data;
  const headers = {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache",
    // Proxies (nginx and its kind) must pass each event on as it is written.
    "X-Accel-Buffering": "no",
    "X-Request-Id": ctx.requestId,
    ...contextLimitHeaders(ctx),
  };
  // An EventSource reconnecting sends the last id it received: it wins over the URL's `since`.
  const watcher = await openClusterWatch(
    ctx.db,
    principal,
    selector,
    req.headers.get("last-event-id") || since,
  );
  if (req.method === "HEAD") {
    watcher.end("closed");
    return new Response(null, { status: 200, headers });
  }
  const events = watchEvents(watcher);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // Sent at once, so the client sees the stream open before the first change.
      controller.enqueue(encoder.encode(": watching\nretry: 1000\n\n"));
    },
    async pull(controller) {
      // An end the client must act on closes the stream: reconnecting tells it why (401, 410).
      const next = await events.next().catch(() => ({ done: true as const, value: undefined }));
      if (next.done) controller.close();
      else controller.enqueue(framesOf(next.value));
    },
    cancel() {
      // Wakes the stream's pending read, so it ends and lets go of the stream.
      watcher.end("closed");
    },
  });
  return new Response(body, { status: 200, headers });
}
