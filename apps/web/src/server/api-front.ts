import "server-only";
import { type ConnectionInfo, malformedRequestResponse } from "@fleet/api";
import { endChangeStreams, handleFleetRequest } from "./fleet-handler";
import { markRemoteAddress } from "./http";
import { processSlot } from "./process-singleton";
import { SECURITY_HEADERS } from "./security-headers";

// The portal's HTTP server (server.mjs) hands the API paths (/v1/*, /api/trpc) straight to this
// handler, before Next.js's router, whose per-request work (routing, async context, web-stream
// piping) would outweigh the API's own. Next.js compiles this module and hands the handler over at
// start-up (instrumentation.ts) to the receiver server.mjs put in the process slot
// "api-handler-receiver": the portal runs one copy of the API code, Next.js's.

/** The API's answer, with the headers every portal response carries. */
async function handleApiRequest(request: Request, connection: ConnectionInfo): Promise<Response> {
  const response = await handleFleetRequest(request, connection);
  for (const { key, value } of SECURITY_HEADERS) response.headers.set(key, value);
  return response;
}

/** What server.mjs receives: the API handler, and what it does before Next.js handles a request. */
export interface ApiFront {
  handleApi: typeof handleApiRequest;
  /** getRequestListener's errorHandler: a request hono cannot build (malformed Host) is a 400 problem. */
  malformedRequest: typeof malformedRequestResponse;
  /** Called on every request for Next.js, which route handlers cannot otherwise learn the peer of. */
  markRemoteAddress: typeof markRemoteAddress;
  /** Called first on SIGTERM/SIGINT: open change streams would otherwise hold the drain to its deadline. */
  endChangeStreams: typeof endChangeStreams;
}

export function publishApiHandler(): void {
  const receive = processSlot("api-handler-receiver");
  const front: ApiFront = {
    handleApi: handleApiRequest,
    malformedRequest: malformedRequestResponse,
    markRemoteAddress,
    endChangeStreams,
  };
  if (typeof receive === "function") receive(front);
}
