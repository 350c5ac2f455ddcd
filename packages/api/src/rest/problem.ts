// RFC 9457 problem details responses, built from the shared ERRORS table.
import { ERRORS, type Problem } from "@fleet/schema";
import type { FleetError } from "../errors.ts";
import { jsonResponse } from "../http/compression.ts";

export const PROBLEM_TYPE_BASE = "https://fleet.dev/problems/";

export function problemBody(error: FleetError, requestId: string): Problem {
  const { status, title } = ERRORS[error.fleetCode];
  return {
    type: `${PROBLEM_TYPE_BASE}${error.fleetCode.toLowerCase().replaceAll("_", "-")}`,
    title,
    status,
    detail: error.message,
    code: error.fleetCode,
    request_id: requestId,
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

function problemParts(error: FleetError, requestId: string, headers: Record<string, string>) {
  const body = problemBody(error, requestId);
  const all: Record<string, string> = {
    "Content-Type": "application/problem+json",
    "Cache-Control": "no-store",
    "X-Request-Id": requestId,
    ...headers,
  };
  if (error.fleetCode === "UNAUTHORIZED") all["WWW-Authenticate"] = 'Bearer realm="fleet"';
  if (error.fleetCode === "SERVICE_UNAVAILABLE") all["Retry-After"] ??= "5";
  return { body: JSON.stringify(body), status: body.status, headers: all };
}

/** The problem as an uncoded response, for answers built outside the API handler's routes. */
export function problemResponse(
  error: FleetError,
  requestId: string,
  headers: Record<string, string> = {},
  method = "GET",
): Response {
  const { body, status, headers: all } = problemParts(error, requestId, headers);
  return new Response(method === "HEAD" ? null : body, { status, headers: all });
}

/** The problem as the answer to `req`: coded as it negotiates (jsonResponse), no body for HEAD. */
export function problemResponseFor(
  req: Request,
  error: FleetError,
  requestId: string,
  headers: Record<string, string> = {},
): Response {
  const { body, status, headers: all } = problemParts(error, requestId, headers);
  return jsonResponse(req, body, status, all);
}
