"use client";

import type { ParamError } from "@fleet/schema";
import { CircleAlertIcon, RotateCcwIcon, SearchXIcon, TimerIcon } from "lucide-react";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { classifyError, retryAfterOf } from "@/lib/errors";

type BadUrlProps = { errors: ParamError[]; onReset: () => void; stateKey: string | undefined };

/** The URL does not describe a valid list: say what is wrong and offer a clean start. */
export function BadUrlState({ errors, onReset, stateKey }: BadUrlProps) {
  return (
    <Alert variant="warning" data-testid="bad-url" data-state-key={stateKey}>
      <CircleAlertIcon />
      <div className="grid gap-2">
        <AlertTitle>This link has filters the fleet page does not understand</AlertTitle>
        <AlertDescription>
          <ul className="list-disc pl-5">
            {errors.map((error) => (
              <li key={`${error.param}:${error.message}`}>
                <code className="font-mono text-xs">{error.param}</code> {error.message}
              </li>
            ))}
          </ul>
        </AlertDescription>
        <div>
          <Button size="sm" variant="outline" onClick={onReset}>
            <RotateCcwIcon /> Reset filters
          </Button>
        </div>
      </div>
    </Alert>
  );
}

export function EmptyState({ filtered, onReset }: { filtered: boolean; onReset: () => void }) {
  return (
    <div className="flex flex-col items-center gap-3 px-4 py-16 text-center" data-testid="empty-state">
      <SearchXIcon aria-hidden className="size-8 text-muted-foreground" />
      <div>
        <p className="font-medium">{filtered ? "No clusters match these filters" : "No clusters yet"}</p>
        <p className="text-sm text-muted-foreground">
          {filtered ? "Loosen a filter or start over." : "Clusters this key may see will show up here."}
        </p>
      </div>
      {filtered && (
        <Button size="sm" variant="outline" onClick={onReset}>
          <RotateCcwIcon /> Clear all filters
        </Button>
      )}
    </div>
  );
}

/** What went wrong with loading the list, in the user's terms, with the way out. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const kind = classifyError(error);
  if (kind === "rate-limited") {
    const seconds = retryAfterOf(error);
    return (
      <Alert variant="warning" data-testid="rate-limited">
        <TimerIcon />
        <div className="grid gap-2">
          <AlertTitle>Too many requests</AlertTitle>
          <AlertDescription>
            This API key reached its request limit.{" "}
            {seconds ? `Try again in ${seconds} s.` : "Try again in a minute."} Auto-refresh pauses meanwhile.
          </AlertDescription>
          <div>
            <Button size="sm" variant="outline" onClick={onRetry}>
              Try again
            </Button>
          </div>
        </div>
      </Alert>
    );
  }
  if (kind === "signed-out") {
    return (
      <Alert variant="warning" data-testid="signed-out">
        <CircleAlertIcon />
        <div className="grid gap-2">
          <AlertTitle>Your session has ended</AlertTitle>
          <AlertDescription>
            The session expired or its API key was revoked. Sign in again to continue.
          </AlertDescription>
          <div>
            <Button size="sm" asChild>
              <Link href="/sign-in?next=/clusters">Sign in</Link>
            </Button>
          </div>
        </div>
      </Alert>
    );
  }
  const message =
    kind === "unavailable"
      ? "The database is not reachable right now."
      : error instanceof Error
        ? error.message
        : "Something went wrong.";
  return (
    <Alert variant="destructive" data-testid="load-error">
      <CircleAlertIcon />
      <div className="grid gap-2">
        <AlertTitle>Could not load clusters</AlertTitle>
        <AlertDescription>{message}</AlertDescription>
        <div>
          <Button size="sm" variant="outline" onClick={onRetry}>
            Try again
          </Button>
        </div>
      </div>
    </Alert>
  );
}
