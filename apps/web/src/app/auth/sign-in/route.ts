import { createSession, isDatabaseUnavailable, signInRefusal } from "@fleet/api";
import { getDb } from "@/server/db";
import { clientAddressOf, isHttps, isSameOrigin, seeOther } from "@/server/http";
import { safeReturnPath, signInPath } from "@/server/return-path";
import { sessionCookie } from "@/server/session-cookie";

/** Exchanges a pasted API key for a session cookie. The key itself is never stored in the browser. */
export async function POST(request: Request) {
  if (!isSameOrigin(request)) return new Response("Cross-site sign-in refused", { status: 403 });
  // A POST without a form body (e.g. curl -X POST) is an empty form, not a 500.
  const form = await request.formData().catch(() => new FormData());
  const next = safeReturnPath(form.get("next"));
  const apiKey = String(form.get("api_key") ?? "").trim();
  // Built before the session row is written, so no row is ever left without a cookie pointing at it.
  const signedIn = seeOther(next);

  let session: Awaited<ReturnType<typeof createSession>> = null;
  try {
    const limits = { clientAddress: clientAddressOf(request) };
    session = apiKey ? await createSession(await getDb(), apiKey, limits) : null;
  } catch (error) {
    // Over the key's rate limit, or too many failed sign-ins from this address: the API's 429.
    const refused = signInRefusal(request, error);
    if (refused) return refused;
    // The database being down is an outage to explain, not a 500.
    if (!isDatabaseUnavailable(error)) throw error;
    return seeOther(signInPath({ error: "unavailable", next }));
  }
  if (!session) return seeOther(signInPath({ error: "invalid_key", next }));
  signedIn.headers.set(
    "Set-Cookie",
    sessionCookie(session.token, session.expiresAt, { secure: isHttps(request) }),
  );
  return signedIn;
}
