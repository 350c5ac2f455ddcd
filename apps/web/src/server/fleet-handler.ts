import "server-only";
import { randomUUID } from "node:crypto";
import {
  type ConnectionInfo,
  createFleetHandler,
  type FleetHandler,
  problemResponse,
  toFleetError,
} from "@fleet/api";
import { getDb } from "./db";

// One handler per process (it holds the logger); created on first request, when the database is ready.
const holder = globalThis as typeof globalThis & { __fleetHandler?: Promise<FleetHandler> };

/**
 * The API (tRPC, REST, OpenAPI, health) is `@fleet/api`'s fetch handler, mounted as-is: the portal
 * adds no logic of its own to it, so `/v1` here answers exactly like the standalone API server.
 */
export async function handleFleetRequest(request: Request, connection?: ConnectionInfo): Promise<Response> {
  holder.__fleetHandler ??= getDb().then((db) => createFleetHandler({ db }));
  holder.__fleetHandler.catch(() => {
    holder.__fleetHandler = undefined;
  });
  let handler: FleetHandler;
  try {
    handler = await holder.__fleetHandler;
  } catch (error) {
    // Not connected yet (the database has been down since start-up): the process is alive, it is
    // not ready, and everything else is a 503 problem, as once connected.
    if (new URL(request.url).pathname === "/healthz") return Response.json({ status: "ok" });
    return problemResponse(request, toFleetError(error), randomUUID());
  }
  // The handler derives the client's URL itself, from X-Forwarded-* only behind a trusted proxy.
  return handler(request, connection);
}
