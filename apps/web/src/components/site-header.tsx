import { BookOpenIcon, LogOutIcon, ServerIcon } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { currentPrincipal } from "@/server/session";

/** Top bar of every portal page: navigation, who is signed in, sign-out. */
export async function SiteHeader() {
  // The header must not take the page down with it; the page itself reports a database outage.
  const principal = await currentPrincipal().catch(() => null);
  return (
    <header className="sticky top-0 z-40 border-b bg-background/95 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-screen-2xl items-center gap-2 px-4 sm:gap-4 sm:px-6">
        <Link href="/clusters" className="flex items-center gap-2 font-semibold">
          <span className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground">
            <ServerIcon aria-hidden className="size-4" />
          </span>
          Fleet
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1 text-sm">
          <Button variant="ghost" size="sm" asChild>
            <Link href="/clusters">Clusters</Link>
          </Button>
          <Button variant="ghost" size="sm" asChild>
            <Link href="/docs" aria-label="API reference">
              <BookOpenIcon /> <span className="hidden sm:inline">API reference</span>
            </Link>
          </Button>
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          {principal ? (
            <>
              <span className="hidden text-muted-foreground sm:inline" data-testid="account">
                {principal.accountId}
              </span>
              <form method="post" action="/auth/sign-out">
                <Button type="submit" variant="outline" size="sm">
                  <LogOutIcon /> Sign out
                </Button>
              </form>
            </>
          ) : (
            <Button size="sm" asChild>
              <Link href="/sign-in">Sign in</Link>
            </Button>
          )}
        </div>
      </div>
    </header>
  );
}
