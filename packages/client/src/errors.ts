import type { AppRouter } from "@fleet/api/types";
import { TRPCClientError } from "@trpc/client";

/** The API's error codes, as its error formatter puts them in the tRPC error data. */
const API_ERROR_CODES = [
  "VALIDATION_ERROR",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "RATE_LIMIT_EXCEEDED",
  "INTERNAL_ERROR",
  "SERVICE_UNAVAILABLE",
] as const;

/** An API error code, or NETWORK_ERROR when no HTTP response arrived (refused, reset, DNS, timeout). */
export type FleetErrorCode = (typeof API_ERROR_CODES)[number] | "NETWORK_ERROR";

const isApiErrorCode = (value: unknown): value is FleetErrorCode =>
  (API_ERROR_CODES as readonly unknown[]).includes(value);

export type FleetParamError = { param: string; message: string };

/** Thrown when a response body was not tRPC JSON (e.g. a proxy's HTML 502): keeps the status. */
export class HttpResponseError extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status} ${response.statusText}`.trim());
    this.name = "HttpResponseError";
  }
}

// Only used when the server did not say which code it meant (a proxy answered, not the API).
const codeForStatus = (status: number | null): FleetErrorCode => {
  if (status === null) return "NETWORK_ERROR";
  if (status === 400) return "VALIDATION_ERROR";
  if (status === 401) return "UNAUTHORIZED";
  if (status === 403) return "FORBIDDEN";
  if (status === 404) return "NOT_FOUND";
  if (status === 405) return "METHOD_NOT_ALLOWED";
  if (status === 429) return "RATE_LIMIT_EXCEEDED";
  if (status === 503) return "SERVICE_UNAVAILABLE";
  return "INTERNAL_ERROR";
};

type ErrorData = {
  code?: unknown;
  httpStatus?: unknown;
  request_id?: unknown;
  errors?: unknown;
};

const isParamError = (value: unknown): value is FleetParamError =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as FleetParamError).param === "string" &&
  typeof (value as FleetParamError).message === "string";

/** Seconds (`120`) or an HTTP date, per RFC 9110; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === "") return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * Every failed call of a Fleet client rejects with this. It is a `TRPCClientError` too, so tRPC
 * tooling keeps working, but callers only need `code`, `status`, `requestId` and `errors`.
 */
export class FleetApiError extends TRPCClientError<AppRouter> {
  readonly code: FleetErrorCode;
  /** HTTP status, or null when no response arrived. */
  readonly status: number | null;
  readonly requestId: string | null;
  /** Per-parameter messages of a VALIDATION_ERROR; empty otherwise. */
  readonly errors: FleetParamError[];
  /** How long the server asked us to wait (429, 503), in milliseconds. */
  readonly retryAfterMs: number | null;

  private constructor(cause: TRPCClientError<AppRouter>, response: Response | undefined) {
    super(cause.message, {
      cause: cause.cause,
      meta: cause.meta,
      result: cause.shape ? { error: cause.shape } : undefined,
    });
    // TRPCClientError pins its own prototype in its constructor; restore ours.
    Object.setPrototypeOf(this, FleetApiError.prototype);
    this.name = "FleetApiError";

    const data: ErrorData = (cause.data ?? {}) as ErrorData;
    const status = typeof data.httpStatus === "number" ? data.httpStatus : (response?.status ?? null);
    this.status = status;
    this.code = isApiErrorCode(data.code) ? data.code : codeForStatus(status);
    this.requestId =
      typeof data.request_id === "string" ? data.request_id : (response?.headers.get("x-request-id") ?? null);
    this.errors = Array.isArray(data.errors) ? data.errors.filter(isParamError) : [];
    this.retryAfterMs = parseRetryAfter(response?.headers.get("retry-after") ?? null);
  }

  /** Wraps whatever a tRPC link produced; idempotent. */
  static fromUnknown(error: unknown): FleetApiError {
    if (error instanceof FleetApiError) return error;
    const trpcError = TRPCClientError.from<AppRouter>(error as Error);
    const meta = trpcError.meta as { response?: unknown } | undefined;
    const response =
      meta?.response instanceof Response
        ? meta.response
        : trpcError.cause instanceof HttpResponseError
          ? trpcError.cause.response
          : undefined;
    return new FleetApiError(trpcError, response);
  }
}
