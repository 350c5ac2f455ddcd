import { createSession } from "@fleet/api";
import { getDb } from "@/server/db";
import { isHttps, isSameOrigin, safeReturnPath, seeOther } from "@/server/http";
import { sessionCookie } from "@/server/session-cookie";

/** Exchanges a pasted API key for a session cookie. The key itself is never stored in the browser. */
export async function POST(request: Request) {
  if (!isSameOrigin(request)) return new Response("Cross-site sign-in refused", { status: 403 });
  const form = await request.formData();
  const next = safeReturnPath(form.get("next"));
  const apiKey = String(form.get("api_key") ?? "").trim();

  const session = apiKey ? await createSession(await getDb(), apiKey) : null;
  if (!session) return seeOther(`/sign-in?error=invalid_key&next=${encodeURIComponent(next)}`);
  return seeOther(next, {
    "Set-Cookie": sessionCookie(session.token, session.expiresAt, { secure: isHttps(request) }),
  });
}
