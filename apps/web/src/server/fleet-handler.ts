import "server-only";
import { createFleetHandler, type FleetHandler } from "@fleet/api";
import { getDb } from "./db";

// One handler per process (it holds the logger); created on first request, when the database is ready.
const holder = globalThis as typeof globalThis & { __fleetHandler?: Promise<FleetHandler> };

/**
 * The API (tRPC, REST, OpenAPI, health) is `@fleet/api`'s fetch handler, mounted as-is: the portal
 * adds no logic of its own to it, so `/v1` here answers exactly like the standalone API server.
 */
export async function handleFleetRequest(request: Request): Promise<Response> {
  holder.__fleetHandler ??= getDb().then((db) => createFleetHandler({ db }));
  holder.__fleetHandler.catch(() => {
    holder.__fleetHandler = undefined;
  });
  return (await holder.__fleetHandler)(request);
}
