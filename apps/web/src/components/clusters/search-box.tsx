"use client";

import { SEARCH_MAX_LENGTH } from "@fleet/schema";
import { SearchIcon, XIcon } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Input } from "@/components/ui/input";

const DEBOUNCE_MS = 350;

/** Searches as the user types, once they pause; follows the URL when it changes (back/forward, reset). */
export function SearchBox({
  value,
  onSearch,
}: {
  value: string;
  onSearch: (search: string | undefined) => void;
}) {
  const [text, setText] = useState(value);
  const committed = useRef(value);

  useEffect(() => {
    // Our own search coming back through the URL is not news: keep what was typed since.
    if (value === committed.current) return;
    committed.current = value;
    setText(value);
  }, [value]);

  // "/" jumps to the search box from anywhere on the page (unless the user is typing somewhere).
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest("input, textarea, select, [contenteditable=true]");
      if (event.key === "/" && !typing && !event.metaKey && !event.ctrlKey && !event.altKey) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    if (text === committed.current) return;
    const timer = setTimeout(() => {
      committed.current = text;
      onSearch(text.trim() === "" ? undefined : text);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, onSearch]);

  return (
    <div className="relative w-full sm:w-72">
      <SearchIcon
        aria-hidden
        className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
      />
      <Input
        ref={input}
        type="search"
        aria-label="Search clusters by name or description"
        placeholder="Search name or description…"
        aria-keyshortcuts="/"
        value={text}
        maxLength={SEARCH_MAX_LENGTH}
        onChange={(event) => setText(event.target.value)}
        className="pr-8 pl-8 [&::-webkit-search-cancel-button]:hidden"
      />
      {!text && (
        <kbd
          aria-hidden
          className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border bg-muted px-1.5 font-mono text-[10px] text-muted-foreground"
        >
          /
        </kbd>
      )}
      {text && (
        <button
          type="button"
          aria-label="Clear search"
          onClick={() => setText("")}
          className="absolute top-1/2 right-2 -translate-y-1/2 rounded-sm text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <XIcon className="size-4" />
        </button>
      )}
    </div>
  );
}
