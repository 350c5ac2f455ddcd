"use client";

import { CheckIcon, CopyIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * Copies text to the clipboard and confirms it for two seconds (visibly and to screen readers). Its
 * name is what it shows followed by `what` (for screen readers only), so the visible words are
 * always the start of its name: "Copy SSH command", "Copied SSH command".
 */
export function CopyButton({
  text,
  what,
  caption = "Copy",
}: {
  /** What to copy; a function is read at click time (e.g. the current URL). */
  text: string | (() => string);
  /** What is copied, said after the caption, e.g. "SSH command". */
  what: string;
  caption?: string;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(typeof text === "function" ? text() : text);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <Button variant="outline" size="sm" onClick={copy}>
      {copied ? <CheckIcon /> : <CopyIcon />}
      <span aria-live="polite">{copied ? "Copied" : caption}</span>
      <span className="sr-only"> {what}</span>
    </Button>
  );
}
