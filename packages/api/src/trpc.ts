// initTRPC, once. Exports only the building blocks; routers live in routers/, composed in root.ts.
import type { ApiKeyScope } from "@fleet/db";
import { ERRORS } from "@fleet/schema";
import { initTRPC } from "@trpc/server";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { authorize } from "./auth/authorize.ts";
import type { Context } from "./context.ts";
import { TRPC_CODES, toFleetError } from "./errors.ts";
import { RateLimitedError } from "./rate-limit/auth-failures.ts";

const t = initTRPC.context<Context>().create({
  // Stack traces and internal messages never leave the server, in any environment.
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    const fleet = toFleetError(error);
    const { status, title } = ERRORS[fleet.fleetCode];
    return {
      message: fleet.message,
      code: TRPC_ERROR_CODES_BY_KEY[TRPC_CODES[fleet.fleetCode]],
      data: {
        code: fleet.fleetCode,
        title,
        httpStatus: status,
        path: shape.data.path,
        errors: fleet.errors ?? null,
        request_id: ctx?.requestId ?? null,
        // In seconds, as the Retry-After header: an error inside a subscription's stream has no header.
        retry_after: fleet instanceof RateLimitedError ? fleet.retryAfterSeconds : null,
      },
    };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;

/** Requires a principal within its rate limit, and narrows `ctx.principal` to non-null. */
export const authedProcedure = t.procedure.use(({ ctx, next }) => {
  const principal = authorize(ctx);
  return next({ ctx: { ...ctx, principal } });
});

/** Middleware: the principal must hold `scope` (else 403). */
export const requireScope = (scope: ApiKeyScope) =>
  t.middleware(({ ctx, next }) => {
    authorize(ctx, scope);
    return next();
  });
