// /api/trpc/*: tRPC's fetch adapter over the same context as REST (caller, rate limit, request id).
import type { Db } from "@fleet/db";
import { TRPC_MAX_BATCH_SIZE } from "@fleet/schema";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { AuthLimits } from "../auth/auth-limits.ts";
import { createContext } from "../context.ts";
import { toFleetError } from "../errors.ts";
import { contextLimitHeaders } from "../rate-limit/headers.ts";
import { appRouter } from "../root.ts";
import { codedResponse } from "./compression.ts";
import type { RequestRecord } from "./request-record.ts";
import { allowedMethods, TRPC_METHODS, trpcMethodNotAllowed, trpcPathOf } from "./trpc-methods.ts";

export interface TrpcRouteOptions {
  db: Db;
  endpoint: string;
  limits: Partial<AuthLimits>;
}

export async function trpcResponse(
  req: Request,
  record: RequestRecord,
  opts: TrpcRouteOptions,
): Promise<Response> {
  const path = trpcPathOf(new URL(req.url), opts.endpoint);
  // tRPC itself would ask a PUT or DELETE for a content type (400); the method is what is wrong.
  if (!TRPC_METHODS.includes(req.method)) {
    return codedResponse(req, trpcMethodNotAllowed(req, path, opts.db, record.requestId));
  }
  const response = await fetchRequestHandler({
    endpoint: opts.endpoint,
    req,
    router: appRouter,
    maxBatchSize: TRPC_MAX_BATCH_SIZE,
    async createContext({ resHeaders }) {
      const ctx = await createContext(req, { db: opts.db, requestId: record.requestId, ...opts.limits });
      record.principal = ctx.principal;
      for (const [name, value] of Object.entries(contextLimitHeaders(ctx))) resHeaders.set(name, value);
      return ctx;
    },
    onError({ error }) {
      if (toFleetError(error).status >= 500) record.error = error;
    },
    responseMeta({ errors }) {
      const headers: Record<string, string> = {};
      const codes = new Set(errors.map((e) => toFleetError(e).fleetCode));
      if (codes.has("UNAUTHORIZED")) headers["WWW-Authenticate"] = 'Bearer realm="fleet"';
      // A POST to a query (or a GET to a mutation): tRPC's own 405, which names no method.
      if (codes.has("METHOD_NOT_ALLOWED")) headers.Allow = allowedMethods(path);
      return { headers };
    },
  });
  // tRPC's errors raised before a procedure is found (no content type, broken JSON) carry no type.
  if (req.method !== "HEAD" && !response.headers.has("content-type")) {
    response.headers.set("Content-Type", "application/json");
  }
  return codedResponse(req, response);
}
