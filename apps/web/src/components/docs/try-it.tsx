"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiReferenceLoader } from "./api-reference-loader";

/** The interactive console (Scalar, a large bundle): loaded only once asked for. */
export function TryIt() {
  const [open, setOpen] = useState(false);
  if (open) return <ApiReferenceLoader />;
  return (
    <div className="flex flex-wrap items-center gap-3 p-4">
      <Button type="button" variant="outline" onClick={() => setOpen(true)}>
        Open the interactive console
      </Button>
      <p className="text-sm text-muted-foreground">Send requests from this page with your API key.</p>
    </div>
  );
}
