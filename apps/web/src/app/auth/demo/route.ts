import { getDb } from "@/server/db";
import { readDemoKey } from "@/server/demo-key";
import { isEmbeddedMode } from "@/server/env";
import { isSameOrigin } from "@/server/http";
import { safeReturnPath } from "@/server/return-path";
import { signIn } from "@/server/sign-in";

/** One-click sign-in as the demo account: embedded mode only (never with a real DATABASE_URL). */
export async function POST(request: Request) {
  if (!isEmbeddedMode()) return new Response("Not found", { status: 404 });
  if (!isSameOrigin(request)) return new Response("Cross-site sign-in refused", { status: 403 });
  // A POST without a form body (e.g. curl -X POST) is an empty form, not a 500.
  const form = await request.formData().catch(() => new FormData());
  const demoKey = async () => {
    // The database first: a stopped one is the outage notice, not "no demo account".
    await getDb();
    return readDemoKey();
  };
  return signIn(request, safeReturnPath(form.get("next")), demoKey, "no_demo");
}
