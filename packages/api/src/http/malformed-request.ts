// The answer to a request @hono/node-server cannot turn into a fetch Request (it builds the URL from
// the Host header and the request target): a 400 problem instead of its empty 400.
import { randomUUID } from "node:crypto";
import { FleetError } from "../errors.ts";
import { problemResponse } from "../rest/problem.ts";

// Nothing of a request that could not be read is negotiated: the answer is the plain one.
const UNREAD_REQUEST = { method: "GET", headers: new Headers() };

/** For getRequestListener's `errorHandler`: it runs only when the Request could not be built. */
export function malformedRequestResponse(): Response {
  const error = new FleetError("VALIDATION_ERROR", {
    detail: "The Host header or the request target is malformed.",
    errors: [
      { param: "Host", message: "must be a host name or IP address, with an optional port (1-65535)" },
    ],
  });
  // Its origin is what could not be read: no documentation_url.
  return problemResponse(UNREAD_REQUEST, error, { requestId: randomUUID(), origin: null });
}
