import { handleFleetRequest } from "@/server/fleet-handler";
import { connectionOf } from "@/server/http";

/**
 * "Export CSV": every cluster matching the page's filter, answered by the API handler, which the
 * portal session authenticates like the page's tRPC calls (same context, rate limit, request log
 * line and timeout).
 */
export const GET = (request: Request) => handleFleetRequest(request, connectionOf(request));
