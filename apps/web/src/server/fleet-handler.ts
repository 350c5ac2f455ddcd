import "server-only";
import { randomUUID } from "node:crypto";
import { createFleetHandler, type FleetHandler, problemResponse, toFleetError } from "@fleet/api";
import { getDb } from "./db";

// One handler per process (it holds the logger); created on first request, when the database is ready.
const holder = globalThis as typeof globalThis & { __fleetHandler?: Promise<FleetHandler> };

/**
 * The API builds absolute `Link` URLs from the request URL: give it the address the client used.
 * Next.js's route handlers (/healthz, /readyz) see a URL on "localhost" whatever the client asked
 * for; server.mjs's API paths see the Host header; behind a proxy both need X-Forwarded-Host/-Proto.
 */
function withPublicUrl(request: Request): Request {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? url.protocol.slice(0, -1);
  if (!host || !/^https?$/.test(proto)) return request;
  const publicUrl = new URL(`${url.pathname}${url.search}`, `${proto}://${host}`);
  if (publicUrl.href === url.href) return request;
  const init: RequestInit & { duplex?: "half" } = {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    duplex: "half",
  };
  return new Request(publicUrl, init);
}

/**
 * The API (tRPC, REST, OpenAPI, health) is `@fleet/api`'s fetch handler, mounted as-is: the portal
 * adds no logic of its own to it, so `/v1` here answers exactly like the standalone API server.
 */
export async function handleFleetRequest(request: Request): Promise<Response> {
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
    return problemResponse(toFleetError(error), randomUUID());
  }
  return handler(withPublicUrl(request));
}
