import { isSameOrigin } from "@/server/http";
import { safeReturnPath } from "@/server/return-path";
import { signIn } from "@/server/sign-in";

/** Exchanges a pasted API key for a session cookie. The key itself is never stored in the browser. */
export async function POST(request: Request) {
  if (!isSameOrigin(request)) return new Response("Cross-site sign-in refused", { status: 403 });
  // A POST without a form body (e.g. curl -X POST) is an empty form, not a 500.
  const form = await request.formData().catch(() => new FormData());
  const apiKey = String(form.get("api_key") ?? "").trim();
  return signIn(request, safeReturnPath(form.get("next")), async () => apiKey || null, "invalid_key");
}
