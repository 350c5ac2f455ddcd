// The principal each recently verified API key resolved to, in this process. It lets a listing start
// while this request's key check is still running (rest/early-listing.ts); it never decides access:
// the check runs on every request, and only its principal is trusted.
import { hashApiKeySecret } from "@fleet/db";
import type { Principal } from "./principal.ts";

export function samePrincipal(a: Principal, b: Principal): boolean {
  const sameList = (x: string[] | null, y: string[] | null) =>
    x === y || (x !== null && y !== null && x.length === y.length && x.every((v, i) => v === y[i]));
  return (
    a.accountId === b.accountId &&
    a.apiKeyId === b.apiKeyId &&
    sameList(a.scopes, b.scopes) &&
    sameList(a.projectIds, b.projectIds)
  );
}

/** Bounded; the oldest entry goes first when full. Keyed by the secret's hash, never the secret. */
export class RememberedPrincipals {
  private readonly entries = new Map<string, Principal>();

  constructor(private readonly capacity: number) {}

  recall(secret: string): Principal | undefined {
    return this.entries.get(hashApiKeySecret(secret));
  }

  remember(secret: string, principal: Principal): void {
    const key = hashApiKeySecret(secret);
    this.entries.delete(key);
    this.entries.set(key, principal);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  forget(secret: string): void {
    this.entries.delete(hashApiKeySecret(secret));
  }
}
