import type { AppRouter } from "@fleet/api/types";
import { TRPCClientError } from "@trpc/client";

type ServerErrorCode = NonNullable<TRPCClientError<AppRouter>["data"]>["code"];

// A Record over the server's code type: the compiler rejects a missing or an unknown code.
const API_ERROR_CODES: Record<ServerErrorCode, true> = {
  VALIDATION_ERROR: true,
  UNAUTHORIZED: true,
  FORBIDDEN: true,
  NOT_FOUND: true,
  METHOD_NOT_ALLOWED: true,
  REVISION_EXPIRED: true,
  RATE_LIMIT_EXCEEDED: true,
  INTERNAL_ERROR: true,
  SERVICE_UNAVAILABLE: true,
};

/** An API error code, or NETWORK_ERROR when no HTTP response arrived (refused, reset, DNS, timeout). */
export type FleetErrorCode = ServerErrorCode | "NETWORK_ERROR";

const isApiErrorCode = (value: unknown): value is ServerErrorCode =>
  typeof value === "string" && Object.hasOwn(API_ERROR_CODES, value);

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
  retry_after?: unknown;
};

const isParamError = (value: unknown): value is FleetParamError =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as FleetParamError).param === "string" &&
  typeof (value as FleetParamError).message === "string";

// Duck-typed: a custom `fetch` (a polyfill, a test server's runtime) may bring its own Response class.
const isResponse = (value: unknown): value is Response =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Response).status === "number" &&
  typeof (value as Response).headers?.get === "function";

/** A `Retry-After` value, seconds (`120`) or an HTTP date (RFC 9110), in milliseconds; null when absent or unreadable. */
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
    this.retryAfterMs =
      parseRetryAfter(response?.headers.get("retry-after") ?? null) ??
      (typeof data.retry_after === "number" ? data.retry_after * 1000 : null);
  }

  /** Wraps whatever a tRPC link produced; idempotent. */
  static fromUnknown(error: unknown): FleetApiError {
    if (error instanceof FleetApiError) return error;
    const trpcError = TRPCClientError.from<AppRouter>(error as Error);
    const meta = trpcError.meta as { response?: unknown } | undefined;
    const response = isResponse(meta?.response)
      ? meta.response
      : trpcError.cause instanceof HttpResponseError
        ? trpcError.cause.response
        : undefined;
    return new FleetApiError(trpcError, response);
  }
}
