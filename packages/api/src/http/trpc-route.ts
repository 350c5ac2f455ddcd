// /api/trpc/*: tRPC's fetch adapter over the same context as REST (caller, rate limit, request id).
import type { Db } from "@fleet/db";
import { TRPC_MAX_BATCH_SIZE } from "@fleet/schema";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createContext } from "../context.ts";
import { toFleetError } from "../errors.ts";
import { rateLimitHeaders } from "../rate-limit/headers.ts";
import { appRouter } from "../root.ts";
import type { RequestRecord } from "./request-record.ts";

export interface TrpcRouteOptions {
  db: Db;
  endpoint: string;
  rateLimitPerMinute: number | undefined;
}

export function trpcResponse(req: Request, record: RequestRecord, opts: TrpcRouteOptions): Promise<Response> {
  return fetchRequestHandler({
    endpoint: opts.endpoint,
    req,
    router: appRouter,
    maxBatchSize: TRPC_MAX_BATCH_SIZE,
    async createContext({ resHeaders }) {
      const ctx = await createContext(req, {
        db: opts.db,
        requestId: record.requestId,
        rateLimitPerMinute: opts.rateLimitPerMinute,
      });
      record.principal = ctx.principal;
      if (ctx.rateLimit) {
        for (const [name, value] of Object.entries(rateLimitHeaders(ctx.rateLimit)))
          resHeaders.set(name, value);
      }
      return ctx;
    },
    onError({ error }) {
      if (toFleetError(error).status >= 500) record.error = error;
    },
    responseMeta({ errors }) {
      const unauthorized = errors.some((e) => toFleetError(e).fleetCode === "UNAUTHORIZED");
      return unauthorized ? { headers: { "WWW-Authenticate": 'Bearer realm="fleet"' } } : {};
    },
  });
}
