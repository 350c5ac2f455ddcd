import { createSession, isDatabaseUnavailable, signInRefusal } from "@fleet/api";
import { getDb } from "@/server/db";
import { readDemoKey } from "@/server/demo-key";
import { isEmbeddedMode } from "@/server/env";
import { clientAddressOf, isHttps, isSameOrigin, seeOther } from "@/server/http";
import { safeReturnPath, signInPath } from "@/server/return-path";
import { sessionCookie } from "@/server/session-cookie";

/** One-click sign-in as the demo account: embedded mode only (never with a real DATABASE_URL). */
export async function POST(request: Request) {
  if (!isEmbeddedMode()) return new Response("Not found", { status: 404 });
  if (!isSameOrigin(request)) return new Response("Cross-site sign-in refused", { status: 403 });
  // A POST without a form body (e.g. curl -X POST) is an empty form, not a 500.
  const form = await request.formData().catch(() => new FormData());
  const next = safeReturnPath(form.get("next"));
  // Built before the session row is written, so no row is ever left without a cookie pointing at it.
  const signedIn = seeOther(next);

  let session: Awaited<ReturnType<typeof createSession>> = null;
  try {
    const db = await getDb();
    const key = await readDemoKey();
    session = key ? await createSession(db, key, { clientAddress: clientAddressOf(request) }) : null;
  } catch (error) {
    // Over the key's rate limit, or too many failed sign-ins from this address: the API's 429.
    const refused = signInRefusal(request, error);
    if (refused) return refused;
    // The embedded database stopped: an outage to explain, not a 500.
    if (!isDatabaseUnavailable(error)) throw error;
    return seeOther(signInPath({ error: "unavailable", next }));
  }
  if (!session) return seeOther(signInPath({ error: "no_demo", next }));
  signedIn.headers.set(
    "Set-Cookie",
    sessionCookie(session.token, session.expiresAt, { secure: isHttps(request) }),
  );
  return signedIn;
}
