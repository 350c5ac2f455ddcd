// Bearer key verification: prefix lookup, constant-time hash comparison, revocation and expiry.
// Every failure returns null so callers answer all of them with the same 401.
import { type Db, hashApiKeySecret, parseApiKey, verifyApiKeySecret } from "@fleet/db";
import type { Principal } from "./principal.ts";

// Compared against when no key has the prefix, so a miss costs the same hashing work as a hit.
const NO_SUCH_KEY_HASH = hashApiKeySecret("fleet_00000000_0000000000000000000000000000000000000000");

export const apiKeyPrincipalSelect = {
  id: true,
  accountId: true,
  secretHash: true,
  scopes: true,
  projectIds: true,
  expiresAt: true,
  revokedAt: true,
} as const;

type KeyRow = { id: string; accountId: string; scopes: string[]; projectIds: string[] };

export function isKeyUsable(key: { expiresAt: Date | null; revokedAt: Date | null }, now = new Date()) {
  return key.revokedAt === null && (key.expiresAt === null || key.expiresAt.getTime() > now.getTime());
}

export function toPrincipal(key: KeyRow): Principal {
  return {
    accountId: key.accountId,
    apiKeyId: key.id,
    scopes: key.scopes,
    // An empty list in the database means "every project of the account".
    projectIds: key.projectIds.length > 0 ? key.projectIds : null,
  };
}

/** The principal for a presented API key secret, or null if it is malformed, unknown, wrong, revoked or expired. */
export async function authenticateApiKey(db: Db, secret: string): Promise<Principal | null> {
  const parsed = parseApiKey(secret);
  if (!parsed) return null;
  const key = await db.apiKey.findUnique({ where: { prefix: parsed.prefix }, select: apiKeyPrincipalSelect });
  const matches = verifyApiKeySecret(secret, key?.secretHash ?? NO_SUCH_KEY_HASH);
  if (!key || !matches || !isKeyUsable(key)) return null;
  return toPrincipal(key);
}
