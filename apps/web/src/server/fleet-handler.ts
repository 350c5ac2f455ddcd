import "server-only";
import { randomUUID } from "node:crypto";
import { type ConnectionInfo, createFleetHandler, problemResponse, toFleetError } from "@fleet/api";
import { CSV_EXPORT_PATH } from "@/lib/paths";
import { getDb } from "./db";
import { processSingleton } from "./process-singleton";

// One handler per process (it holds the logger); created on first request, when the database is ready.
const fleetHandler = () =>
  processSingleton("api-handler", async () =>
    createFleetHandler({ db: await getDb(), csvExportPath: CSV_EXPORT_PATH }),
  );

/**
 * The API (tRPC, REST, OpenAPI, health) and the CSV export are `@fleet/api`'s fetch handler, mounted
 * as-is: the portal adds no logic of its own to it, so `/v1` here answers exactly like the
 * standalone API server.
 */
export async function handleFleetRequest(request: Request, connection?: ConnectionInfo): Promise<Response> {
  let handler: Awaited<ReturnType<typeof fleetHandler>>;
  try {
    handler = await fleetHandler();
  } catch (error) {
    // Not connected yet (the database has been down since start-up): the process is alive, it is
    // not ready, and everything else is a 503 problem, as once connected.
    if (new URL(request.url).pathname === "/healthz") return Response.json({ status: "ok" });
    return problemResponse(request, toFleetError(error), randomUUID());
  }
  // The handler derives the client's URL itself, from X-Forwarded-* only behind a trusted proxy.
  return handler(request, connection);
}
