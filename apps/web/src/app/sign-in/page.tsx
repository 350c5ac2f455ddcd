import { KeyRoundIcon, ServerIcon } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { readDemoKey } from "@/server/demo-key";
import { type SignInError, safeReturnPath } from "@/server/return-path";
import { currentPrincipal } from "@/server/session";

export const metadata: Metadata = { title: "Sign in · Fleet" };

const MESSAGES: Record<SignInError, string> = {
  invalid_key: "That API key was not accepted: it is unknown, revoked or expired.",
  no_demo: "The demo account is not available.",
  unavailable: "The service is temporarily unavailable; try again in a moment.",
  sign_out_unavailable:
    "You are signed out in this browser. The service is temporarily unavailable, so the session itself could not be ended; it expires on its own.",
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = safeReturnPath(params.next);
  // With the database down the page still renders (and says so) instead of failing.
  const principal = await currentPrincipal().catch(() => "unavailable" as const);
  if (principal && principal !== "unavailable") redirect(next);
  const code = principal === "unavailable" ? "unavailable" : params.error;
  const error =
    typeof code === "string" && Object.hasOwn(MESSAGES, code) ? MESSAGES[code as SignInError] : undefined;
  const demoAvailable = (await readDemoKey()) !== null;

  return (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 p-4">
      <Card className="w-full max-w-md">
        <CardHeader className="items-center gap-2 p-6 text-center">
          <div className="flex size-10 items-center justify-center rounded-lg bg-primary text-primary-foreground">
            <ServerIcon aria-hidden className="size-5" />
          </div>
          <h1 className="text-xl font-semibold">Sign in to Fleet</h1>
          <p className="text-sm text-muted-foreground">
            Paste an API key. You will see exactly what that key may see.
          </p>
        </CardHeader>
        <CardContent className="grid gap-4 p-6 pt-0">
          {params.signed_out && !error && (
            <Alert>
              <AlertDescription>You are signed out.</AlertDescription>
            </Alert>
          )}
          {error && (
            <Alert variant="destructive" data-testid="sign-in-error">
              <AlertDescription>{error}</AlertDescription>
            </Alert>
          )}
          <form method="post" action="/auth/sign-in" className="grid gap-3">
            <input type="hidden" name="next" value={next} />
            <div className="grid gap-1.5">
              <Label htmlFor="api_key" className="text-sm text-foreground">
                API key
              </Label>
              <Input
                id="api_key"
                name="api_key"
                type="password"
                required
                autoComplete="off"
                spellCheck={false}
                placeholder="fleet_…"
                className="font-mono"
              />
            </div>
            <Button type="submit">
              <KeyRoundIcon /> Sign in
            </Button>
          </form>
          {demoAvailable && (
            <>
              <div className="flex items-center gap-3 text-xs text-muted-foreground">
                <span className="h-px flex-1 bg-border" /> or <span className="h-px flex-1 bg-border" />
              </div>
              <form method="post" action="/auth/demo">
                <input type="hidden" name="next" value={next} />
                <Button type="submit" variant="outline" className="w-full">
                  Use the demo account
                </Button>
              </form>
              <p className="text-center text-xs text-muted-foreground">
                Local demo mode: the demo key is also in{" "}
                <code className="font-mono">.data/demo-api-key.txt</code>.
              </p>
            </>
          )}
        </CardContent>
      </Card>
    </main>
  );
}
