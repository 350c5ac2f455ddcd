"use client";

import { CheckIcon, CopyIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Copies text to the clipboard and confirms it for two seconds (visibly and to screen readers). */
export function CopyButton({
  text,
  label,
  caption = "Copy",
}: {
  /** What to copy; a function is read at click time (e.g. the current URL). */
  text: string | (() => string);
  label: string;
  caption?: string;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(typeof text === "function" ? text() : text);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <Button variant="outline" size="sm" onClick={copy} aria-label={label}>
      {copied ? <CheckIcon /> : <CopyIcon />}
      <span aria-live="polite">{copied ? "Copied" : caption}</span>
    </Button>
  );
}
