// Opening a change stream and reading its events, for both transports: the REST route writes them
// as server-sent events, the tRPC subscription yields them as tracked events.
import type { Db } from "@fleet/db";
import type { ClusterSelector } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";
import { parseRevision } from "../clusters/revision.ts";
import { FleetError } from "../errors.ts";
import { changeHubFor } from "./hub-registry.ts";
import type { OutgoingEvent } from "./outgoing-event.ts";
import type { EndReason, Watcher } from "./watcher.ts";

const ENDINGS: Record<Exclude<EndReason, "closed">, () => FleetError> = {
  reset: () =>
    new FleetError("REVISION_EXPIRED", {
      detail: "The account's clusters were reset: list again, then watch.",
    }),
  key_unusable: () => new FleetError("UNAUTHORIZED", { detail: "The API key was revoked or has expired." }),
  slow_consumer: () =>
    new FleetError("SERVICE_UNAVAILABLE", {
      detail: "The stream fell too far behind its client: resume from the last event received.",
    }),
  unavailable: () =>
    new FleetError("SERVICE_UNAVAILABLE", {
      detail: "The change log cannot be read just now: resume from the last event received.",
    }),
  server_stopping: () =>
    new FleetError("SERVICE_UNAVAILABLE", {
      detail: "The server is stopping: resume from the last event received.",
    }),
};

/**
 * Opens a change stream of the caller's clusters that match `selector`, after `sinceText` (a
 * revision; null or undefined: from now). Throws the 400, 410 or 429 a client gets before any event.
 */
export async function openClusterWatch(
  db: Db,
  principal: Principal,
  selector: ClusterSelector,
  sinceText: string | undefined | null,
): Promise<Watcher> {
  const since = sinceText == null ? null : parseRevision(sinceText);
  if (sinceText != null && !since) {
    const message =
      "is not a revision: give a list answer's revision (X-Fleet-Revision) or the id of an event received (also as Last-Event-ID)";
    throw new FleetError("VALIDATION_ERROR", { errors: [{ param: "since", message }] });
  }
  return changeHubFor(db).open({ principal, selector }, since, principal.apiKeyId);
}

/**
 * The stream's events until it ends, as many at a time as have come since the last were taken; an
 * end the client must act on is thrown as that error.
 */
export async function* watchEvents(watcher: Watcher, signal?: AbortSignal): AsyncGenerator<OutgoingEvent[]> {
  const stop = () => watcher.end("closed");
  signal?.addEventListener("abort", stop, { once: true });
  try {
    for (;;) {
      const events = await watcher.nextEvents();
      if (events) {
        yield events;
        continue;
      }
      if (watcher.ended && watcher.ended !== "closed") throw ENDINGS[watcher.ended]();
      return;
    }
  } finally {
    signal?.removeEventListener("abort", stop);
    watcher.end("closed");
  }
}
