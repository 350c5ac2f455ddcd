"use client";

import { RotateCcwIcon } from "lucide-react";
import { Button } from "@/components/ui/button";

/** Last resort for pages outside the portal layout (e.g. sign-in): a message and a retry, no stack trace. */
export default function RootError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-xl font-semibold">Fleet is temporarily unavailable</h1>
      <p className="text-sm text-muted-foreground">Try again in a moment.</p>
      <Button size="sm" variant="outline" onClick={reset}>
        <RotateCcwIcon /> Try again
      </Button>
    </main>
  );
}
