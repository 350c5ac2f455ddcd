import "server-only";
import { isDatabaseUnavailable, type Principal, resolveSession, SESSION_COOKIE } from "@fleet/api";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "./db";
import { signInPath } from "./return-path";

/** The signed-in principal of this request (memoized per render), or null. */
export const currentPrincipal = cache(async (): Promise<Principal | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  return resolveSession(await getDb(), token);
});

/**
 * Sends visitors without a valid session to the sign-in page, coming back to `returnTo` afterwards.
 * With the database unreachable the session cannot be checked: the sign-in page says the service is
 * temporarily unavailable, and once it is back, reloading it returns a still signed-in visitor here.
 */
export async function requirePrincipal(returnTo: string): Promise<Principal> {
  let principal: Principal | null;
  try {
    principal = await currentPrincipal();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    redirect(signInPath({ error: "unavailable", next: returnTo }));
  }
  if (!principal) redirect(signInPath({ next: returnTo }));
  return principal;
}
