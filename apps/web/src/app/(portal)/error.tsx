"use client";

import { CircleAlertIcon, RotateCcwIcon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Anything the server could not render (e.g. the database is down) ends here, not in a stack trace. */
export default function PortalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <Alert variant="destructive" data-testid="page-error">
      <CircleAlertIcon />
      <div className="grid gap-2">
        <AlertTitle>This page could not be loaded</AlertTitle>
        <AlertDescription>
          The service may be starting or its database unreachable. Try again in a moment.
          {error.digest ? ` (reference ${error.digest})` : ""}
        </AlertDescription>
        <div>
          <Button size="sm" variant="outline" onClick={reset}>
            <RotateCcwIcon /> Try again
          </Button>
        </div>
      </div>
    </Alert>
  );
}
