import type { Principal } from "../auth/principal.ts";

/** What the request log line needs, filled in as the request is handled. */
export interface RequestRecord {
  requestId: string;
  principal: Principal | null;
  /** An unexpected (5xx) error, logged at error level. */
  error: unknown;
}
