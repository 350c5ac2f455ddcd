// RFC 9457 problem details: every error answer, built from the shared ERRORS table and sent like any
// JSON answer (jsonResponse: coded as the request negotiates, no body for HEAD).

import { ERRORS, type Problem } from "@fleet/schema";
import type { FleetError } from "../errors.ts";
import { jsonResponse, type NegotiatedRequest } from "../http/compression.ts";
import { RateLimitedError } from "../rate-limit/auth-failures.ts";
import { PROBLEM_PAGES_PATH, problemSlug, problemTypeOf } from "./problem-pages.ts";

/** Which request a problem answers: its id, and its public origin when known (for documentation_url). */
export interface ProblemRequest {
  requestId: string;
  origin: string | null;
}

function problemBody(error: FleetError, { requestId, origin }: ProblemRequest): Problem {
  const { status, title } = ERRORS[error.fleetCode];
  return {
    type: problemTypeOf(error.fleetCode),
    title,
    status,
    detail: error.message,
    code: error.fleetCode,
    request_id: requestId,
    ...(origin
      ? { documentation_url: `${origin}${PROBLEM_PAGES_PATH}/${problemSlug(error.fleetCode)}` }
      : {}),
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

/** The answer to `req` when it failed with `error`; `headers` are added to the problem's own. */
export function problemResponse(
  req: NegotiatedRequest,
  error: FleetError,
  request: ProblemRequest,
  headers: Record<string, string> = {},
): Response {
  const body = problemBody(error, request);
  const all: Record<string, string> = {
    "Content-Type": "application/problem+json",
    "Cache-Control": "no-store",
    "X-Request-Id": request.requestId,
    ...headers,
  };
  if (error.fleetCode === "UNAUTHORIZED") all["WWW-Authenticate"] = 'Bearer realm="fleet"';
  if (error.fleetCode === "SERVICE_UNAVAILABLE") all["Retry-After"] ??= "5";
  if (error instanceof RateLimitedError) all["Retry-After"] ??= String(error.retryAfterSeconds);
  return jsonResponse(req, JSON.stringify(body), body.status, all);
}
