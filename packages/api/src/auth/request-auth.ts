// Resolves an HTTP request to a principal: `Authorization: Bearer <key>` first, else the portal
// session cookie. A present but unusable credential is never "downgraded" to the other one.
import type { Db } from "@fleet/db";
import { authenticateApiKey } from "./api-key-auth.ts";
import type { Principal } from "./principal.ts";
import { resolveSession, SESSION_COOKIE } from "./sessions.ts";

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export async function resolveRequestPrincipal(db: Db, headers: Headers): Promise<Principal | null> {
  const authorization = headers.get("authorization");
  if (authorization !== null) {
    const secret = BEARER.exec(authorization)?.[1];
    return secret ? authenticateApiKey(db, secret) : null;
  }
  const token = readCookie(headers.get("cookie"), SESSION_COOKIE);
  return token ? resolveSession(db, token) : null;
}
