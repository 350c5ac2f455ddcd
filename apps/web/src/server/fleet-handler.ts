import "server-only";
import { randomUUID } from "node:crypto";
import {
  type ConnectionInfo,
  createFleetHandler,
  type FleetHandler,
  problemResponse,
  stopChangeStreams,
  toFleetError,
} from "@fleet/api";
import { CSV_EXPORT_PATH } from "@/lib/paths";
import { getDb } from "./db";
import { processSingleton, processSlot } from "./process-singleton";

const HANDLER_SLOT = "api-handler";

interface FleetApi {
  handler: FleetHandler;
  /** Ends the handler's change streams: made beside it, so it reaches the same streams. */
  stopChangeStreams: () => void;
}

// One handler per process (it holds the logger); created on first request, when the database is ready.
const fleetApi = () =>
  processSingleton(HANDLER_SLOT, async (): Promise<FleetApi> => {
    const db = await getDb();
    return {
      handler: createFleetHandler({ db, csvExportPath: CSV_EXPORT_PATH }),
      stopChangeStreams: () => stopChangeStreams(db),
    };
  });

/**
 * Ends every change stream the process serves (it is stopping), so that draining waits only for
 * requests; their clients resume elsewhere. Starts nothing when no request has made the handler.
 */
export async function endChangeStreams(): Promise<void> {
  const api = processSlot(HANDLER_SLOT) as Promise<FleetApi> | undefined;
  (await api?.catch(() => undefined))?.stopChangeStreams();
}

/**
 * The API (tRPC, REST, OpenAPI, health) and the CSV export are `@fleet/api`'s fetch handler, mounted
 * as-is: the portal adds no logic of its own to it, so `/v1` here answers exactly like the
 * standalone API server.
 */
export async function handleFleetRequest(request: Request, connection?: ConnectionInfo): Promise<Response> {
  let handler: FleetHandler;
  try {
    ({ handler } = await fleetApi());
  } catch (error) {
    // Not connected yet (the database has been down since start-up): the process is alive, it is
    // not ready, and everything else is a 503 problem, as once connected.
    if (new URL(request.url).pathname === "/healthz") return Response.json({ status: "ok" });
    const origin = new URL(request.url).origin;
    return problemResponse(request, toFleetError(error), { requestId: randomUUID(), origin });
  }
  // The handler derives the client's URL itself, from X-Forwarded-* only behind a trusted proxy.
  return handler(request, connection);
}
