import { Skeleton } from "@/components/ui/skeleton";

const ROWS = ["a", "b", "c", "d", "e", "f", "g", "h"];

/** Shown only when nothing is cached yet (first paint is server-prefetched, so rarely). */
export function TableSkeleton() {
  return (
    <div className="grid gap-2 p-4" role="status" data-testid="table-loading">
      <span className="sr-only">Loading clusters…</span>
      {ROWS.map((row) => (
        <Skeleton key={row} className="h-9 w-full" />
      ))}
    </div>
  );
}
