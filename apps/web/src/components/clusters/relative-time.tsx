import { formatExact, formatRelative } from "@/lib/format";

/** "3 hours ago", with the exact UTC time on hover (title) and for machines (dateTime). */
export function RelativeTime({
  iso,
  now,
  empty = "—",
}: {
  iso: string | null;
  now?: number;
  empty?: string;
}) {
  if (!iso) return <span className="text-muted-foreground">{empty}</span>;
  return (
    // Server and browser render a few seconds apart: the relative text may legitimately differ.
    <time dateTime={iso} title={formatExact(iso)} className="whitespace-nowrap" suppressHydrationWarning>
      {formatRelative(iso, now)}
    </time>
  );
}
