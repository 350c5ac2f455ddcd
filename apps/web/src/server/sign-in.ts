import "server-only";
import { createSession, isDatabaseUnavailable, signInRefusal } from "@fleet/api";
import { getDb } from "./db";
import { clientAddressOf, isHttps, seeOther } from "./http";
import { type SignInError, signInPath } from "./return-path";
import { sessionCookie } from "./session-cookie";

/**
 * Opens a session with the key `readKey` finds and sends the browser to `next` with its cookie. No
 * key, or one that is not usable: back to the sign-in page saying `failed`. Over the key's rate
 * limit, or too many failed sign-ins from this address: the API's 429. The database unreachable:
 * the sign-in page's outage notice, not a 500.
 */
export async function signIn(
  request: Request,
  next: string,
  readKey: () => Promise<string | null>,
  failed: SignInError,
): Promise<Response> {
  // Built before the session row is written, so no row is ever left without a cookie pointing at it.
  const signedIn = seeOther(next);
  let session: Awaited<ReturnType<typeof createSession>> = null;
  try {
    const key = await readKey();
    const limits = { clientAddress: clientAddressOf(request) };
    session = key ? await createSession(await getDb(), key, limits) : null;
  } catch (error) {
    const refused = signInRefusal(request, error);
    if (refused) return refused;
    if (!isDatabaseUnavailable(error)) throw error;
    return seeOther(signInPath({ error: "unavailable", next }));
  }
  if (!session) return seeOther(signInPath({ error: failed, next }));
  signedIn.headers.set(
    "Set-Cookie",
    sessionCookie(session.token, session.expiresAt, { secure: isHttps(request) }),
  );
  return signedIn;
}
