import { parseRetryAfter } from "@fleet/client";
import { TRPCClientError } from "@trpc/client";

/** The HTTP status behind a failed tRPC call, when there was one. */
export function httpStatusOf(error: unknown): number | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data = error.data as { httpStatus?: number } | undefined;
  if (typeof data?.httpStatus === "number") return data.httpStatus;
  const response = (error.meta as { response?: Response } | undefined)?.response;
  return response?.status;
}

/** Seconds to wait before retrying a rate-limited call, from `Retry-After` when the response carried it. */
export function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const response = (error.meta as { response?: Response } | undefined)?.response;
  const waitMs = parseRetryAfter(response?.headers.get("Retry-After") ?? null);
  return waitMs ? Math.ceil(waitMs / 1000) : undefined;
}

export type ErrorKind = "rate-limited" | "signed-out" | "invalid" | "unavailable" | "unknown";

export function classifyError(error: unknown): ErrorKind {
  const status = httpStatusOf(error);
  if (status === 429) return "rate-limited";
  if (status === 401) return "signed-out";
  if (status === 400) return "invalid";
  if (status === 503) return "unavailable";
  return "unknown";
}
