// Which HTTP methods a tRPC path takes, and the 405 for the others, shaped like tRPC's own errors.
import type { Db } from "@fleet/db";
import { type AnyProcedure, getTRPCErrorShape } from "@trpc/server";
import { createContextInner } from "../context.ts";
import { FleetError } from "../errors.ts";
import { appRouter } from "../root.ts";

/** What tRPC's fetch adapter answers at all; HEAD gets its own empty 204. */
export const TRPC_METHODS = ["GET", "POST", "HEAD"];

// tRPC's protocol: queries (and subscriptions) over GET, mutations over POST.
const METHOD_OF_TYPE = { query: "GET", subscription: "GET", mutation: "POST" } as const;

// Typed as the router's nested record, but tRPC keeps procedures flat by dotted path ("clusters.list").
const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;

/** The procedure path(s) of a request ("clusters.list" or a batch "a,b"); "" at the endpoint itself. */
export function trpcPathOf(url: URL, endpoint: string): string {
  const raw = url.pathname.slice(endpoint.length + 1);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** `Allow` for a path: the methods of the procedures it names; GET, POST when it names none. */
export function allowedMethods(path: string): string {
  const methods = new Set<string>();
  for (const name of path.split(",")) {
    if (Object.hasOwn(procedures, name))
      methods.add(METHOD_OF_TYPE[(procedures[name] as AnyProcedure)._def.type]);
  }
  return methods.size > 0 ? [...methods].sort().join(", ") : "GET, POST";
}

/** The 405 for a method tRPC does not take (PUT, DELETE, …), in tRPC's error envelope. */
export function trpcMethodNotAllowed(req: Request, path: string, db: Db, requestId: string): Response {
  const allow = allowedMethods(path);
  const error = new FleetError("METHOD_NOT_ALLOWED", {
    detail: `${req.method} is not allowed here; use ${allow}.`,
  });
  const shape = getTRPCErrorShape({
    config: appRouter._def._config,
    error,
    type: "unknown",
    path: path || undefined,
    input: undefined,
    ctx: createContextInner({ db, requestId }),
  });
  return new Response(JSON.stringify({ error: shape }), {
    status: error.status,
    headers: { "Content-Type": "application/json", Allow: allow, "X-Request-Id": requestId },
  });
}
