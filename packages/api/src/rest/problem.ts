// RFC 9457 problem details: every error answer, built from the shared ERRORS table and sent like any
// JSON answer (jsonResponse: coded as the request negotiates, no body for HEAD).

import { ERRORS, type Problem } from "@fleet/schema";
import type { FleetError } from "../errors.ts";
import { jsonResponse, type NegotiatedRequest } from "../http/compression.ts";
import { RateLimitedError } from "../rate-limit/auth-failures.ts";

const PROBLEM_TYPE_BASE = "https://fleet.dev/problems/";

function problemBody(error: FleetError, requestId: string): Problem {
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

/** The answer to `req` when it failed with `error`; `headers` are added to the problem's own. */
export function problemResponse(
  req: NegotiatedRequest,
  error: FleetError,
  requestId: string,
  headers: Record<string, string> = {},
): Response {
  const body = problemBody(error, requestId);
  const all: Record<string, string> = {
    "Content-Type": "application/problem+json",
    "Cache-Control": "no-store",
    "X-Request-Id": requestId,
    ...headers,
  };
  if (error.fleetCode === "UNAUTHORIZED") all["WWW-Authenticate"] = 'Bearer realm="fleet"';
  if (error.fleetCode === "SERVICE_UNAVAILABLE") all["Retry-After"] ??= "5";
  if (error instanceof RateLimitedError) all["Retry-After"] ??= String(error.retryAfterSeconds);
  return jsonResponse(req, JSON.stringify(body), body.status, all);
}
