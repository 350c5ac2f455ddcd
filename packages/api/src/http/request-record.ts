import type { Principal } from "../auth/principal.ts";

/** What the request log line needs, filled in as the request is handled. */
export interface RequestRecord {
  requestId: string;
  /** The request's public origin (as the client sees it): where problems' documentation_url points. */
  origin: string | null;
  principal: Principal | null;
  /** An unexpected (5xx) error, logged at error level. */
  error: unknown;
}
