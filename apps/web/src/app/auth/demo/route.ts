import { createSession } from "@fleet/api";
import { getDb } from "@/server/db";
import { readDemoKey } from "@/server/demo-key";
import { isEmbeddedMode } from "@/server/env";
import { isHttps, isSameOrigin, safeReturnPath, seeOther } from "@/server/http";
import { sessionCookie } from "@/server/session-cookie";

/** One-click sign-in as the demo account: embedded mode only (never with a real DATABASE_URL). */
export async function POST(request: Request) {
  if (!isEmbeddedMode()) return new Response("Not found", { status: 404 });
  if (!isSameOrigin(request)) return new Response("Cross-site sign-in refused", { status: 403 });
  // A POST without a form body (e.g. curl -X POST) is an empty form, not a 500.
  const form = await request.formData().catch(() => new FormData());
  const next = safeReturnPath(form.get("next"));

  const db = await getDb();
  const key = await readDemoKey();
  const session = key ? await createSession(db, key) : null;
  if (!session) return seeOther(`/sign-in?error=no_demo&next=${encodeURIComponent(next)}`);
  return seeOther(next, {
    "Set-Cookie": sessionCookie(session.token, session.expiresAt, { secure: isHttps(request) }),
  });
}
