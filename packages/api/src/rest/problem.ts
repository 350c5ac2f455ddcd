// RFC 9457 problem details responses, built from the shared ERRORS table.
import { ERRORS, type Problem } from "@fleet/schema";
import type { FleetError } from "../errors.ts";

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

export function problemResponse(
  error: FleetError,
  requestId: string,
  headers: Record<string, string> = {},
  method = "GET",
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
  return new Response(method === "HEAD" ? null : JSON.stringify(body), { status: body.status, headers: all });
}
