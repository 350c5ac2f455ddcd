// The one access check, in precedence order: caller resolvable (else 503/500) and its address not
// past its failed authentications (else 429), authenticated (401), within its rate limit (429),
// holding the scope (403). Used by the tRPC middleware and the REST adapter, so both transports
// answer the same request the same way.
import type { ApiKeyScope } from "@fleet/db";
import type { Context } from "../context.ts";
import { FleetError } from "../errors.ts";
import type { Principal } from "./principal.ts";

export function authorize(ctx: Context, scope?: ApiKeyScope): Principal {
  if (ctx.authError) throw ctx.authError;
  if (!ctx.principal) throw new FleetError("UNAUTHORIZED");
  if (ctx.rateLimit && !ctx.rateLimit.allowed) throw new FleetError("RATE_LIMIT_EXCEEDED");
  if (scope && !ctx.principal.scopes.includes(scope)) {
    throw new FleetError("FORBIDDEN", { detail: `This API key lacks the "${scope}" scope.` });
  }
  return ctx.principal;
}
