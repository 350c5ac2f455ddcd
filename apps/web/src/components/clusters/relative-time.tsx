"use client";

import { formatExact, formatLocal, formatRelative } from "@/lib/format";
import { useHydrated } from "@/lib/use-hydrated";

/**
 * "3 hours ago", with the exact time on hover (title) in the viewer's own time zone and in UTC, and
 * for machines (dateTime). The server knows no viewer's zone: its render says UTC only, and the
 * browser adds the local time once hydrated.
 */
export function RelativeTime({
  iso,
  now,
  empty = "—",
}: {
  iso: string | null;
  now?: number;
  empty?: string;
}) {
  const hydrated = useHydrated();
  if (!iso) return <span className="text-muted-foreground">{empty}</span>;
  const title = hydrated ? `${formatLocal(iso)} (${formatExact(iso)})` : formatExact(iso);
  return (
    // Server and browser render a few seconds apart: the relative text may legitimately differ.
    <time dateTime={iso} title={title} className="whitespace-nowrap" suppressHydrationWarning>
      {formatRelative(iso, now)}
    </time>
  );
}
