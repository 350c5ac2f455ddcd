// Domain errors: one code from the shared ERRORS table, mapped once to a tRPC code. The tRPC error
// formatter and the REST adapter both read ERRORS for the HTTP status and title.
import {
  describeParamErrors,
  ERRORS,
  type ErrorCode,
  listedParamErrors,
  type ParamError,
  toParamErrors,
} from "@fleet/schema";
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ZodError } from "zod";

export const TRPC_CODES = {
  VALIDATION_ERROR: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  METHOD_NOT_ALLOWED: "METHOD_NOT_SUPPORTED",
  REVISION_EXPIRED: "PRECONDITION_FAILED",
  RATE_LIMIT_EXCEEDED: "TOO_MANY_REQUESTS",
  INTERNAL_ERROR: "INTERNAL_SERVER_ERROR",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
} as const satisfies Record<ErrorCode, TRPC_ERROR_CODE_KEY>;

/** The domain code for a tRPC error raised by tRPC itself (bad input, unknown procedure, …). */
export const ERROR_CODE_BY_TRPC: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>> = {
  ...Object.fromEntries(Object.entries(TRPC_CODES).map(([code, trpc]) => [trpc, code])),
  PARSE_ERROR: "VALIDATION_ERROR",
  // A POST/PUT/… without (or with an unsupported) Content-Type, or too big a body: the client's fault.
  UNSUPPORTED_MEDIA_TYPE: "VALIDATION_ERROR",
  PAYLOAD_TOO_LARGE: "VALIDATION_ERROR",
  NOT_IMPLEMENTED: "NOT_FOUND",
  TIMEOUT: "SERVICE_UNAVAILABLE",
};

/** Client-safe default messages: what a 5xx says instead of the internal cause. */
export const DEFAULT_DETAIL: Record<ErrorCode, string> = {
  VALIDATION_ERROR: "One or more parameters are invalid.",
  UNAUTHORIZED: "Provide a valid API key as 'Authorization: Bearer <key>'.",
  FORBIDDEN: "This API key is not allowed to do that.",
  NOT_FOUND: "No such resource.",
  METHOD_NOT_ALLOWED: "This method is not allowed here.",
  REVISION_EXPIRED:
    "The change log no longer reaches back to this revision: list again, then watch from the list's revision.",
  RATE_LIMIT_EXCEEDED: "Too many requests for this API key; retry after the window resets.",
  INTERNAL_ERROR: "Something went wrong on our side.",
  SERVICE_UNAVAILABLE: "The service is temporarily unavailable; retry shortly.",
};

export class FleetError extends TRPCError {
  readonly fleetCode: ErrorCode;
  /** The first of the per-parameter errors (listedParamErrors): a response never lists thousands. */
  readonly errors: ParamError[] | undefined;

  /** Without a `detail`, `errors` are described in it (describeParamErrors: "… and N more"). */
  constructor(code: ErrorCode, opts: { detail?: string; errors?: ParamError[]; cause?: unknown } = {}) {
    const described = opts.errors?.length ? describeParamErrors(opts.errors) : undefined;
    super({
      code: TRPC_CODES[code],
      message: opts.detail ?? described ?? DEFAULT_DETAIL[code],
      cause: opts.cause,
    });
    this.fleetCode = code;
    this.errors = opts.errors && listedParamErrors(opts.errors);
  }

  get status(): number {
    return ERRORS[this.fleetCode].status;
  }
}

// Error codes meaning "the database cannot be reached", from pg/node sockets, PostgreSQL itself
// (class 08 connection exceptions, 57P0x shutdown/cannot connect now) and Prisma.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EPIPE",
  "EHOSTUNREACH",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "P1001",
  "P1002",
  "P1017",
  "P2024",
]);
const UNAVAILABLE_MESSAGES =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|Connection refused|the database system is (starting up|shutting down)|terminating connection|Can't reach database server|Server has closed the connection|Cannot use a pool after calling end/i;

/** True when an error (or anything in its cause chain) says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown };
    for (const code of [e.code, e.originalCode]) {
      if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    }
    if (typeof e.message === "string" && UNAVAILABLE_MESSAGES.test(e.message)) return true;
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable)) return true;
    current = e.cause;
  }
  return false;
}

/** Any thrown value as a FleetError: domain errors pass through, the rest become 500 or 503. */
export function toFleetError(error: unknown): FleetError {
  if (error instanceof FleetError) return error;
  if (error instanceof TRPCError && error.cause instanceof FleetError) return error.cause;
  if (isDatabaseUnavailable(error)) return new FleetError("SERVICE_UNAVAILABLE", { cause: error });
  if (error instanceof TRPCError && error.code === "BAD_REQUEST" && error.cause instanceof ZodError) {
    // tRPC's own input validation: report each parameter like the REST adapter does.
    return new FleetError("VALIDATION_ERROR", { errors: toParamErrors(error.cause), cause: error });
  }
  if (error instanceof TRPCError) {
    const code = ERROR_CODE_BY_TRPC[error.code] ?? "INTERNAL_ERROR";
    // Messages of tRPC's own 4xx errors are safe; anything else is replaced by the default.
    const detail = ERRORS[code].status < 500 ? error.message : undefined;
    return new FleetError(code, { detail, cause: error });
  }
  return new FleetError("INTERNAL_ERROR", { cause: error });
}
