import { cn } from "@/lib/utils";

/** A 0–100 bar with its number; the bar is decoration, the text is what assistive tech reads. */
export function UtilizationBar({ value, label }: { value: number | null | undefined; label: string }) {
  if (value === null || value === undefined) {
    return (
      <span className="text-xs text-muted-foreground">
        —<span className="sr-only">{label}: no data</span>
      </span>
    );
  }
  const rounded = Math.round(value);
  const tone = rounded >= 80 ? "bg-emerald-500" : rounded >= 30 ? "bg-sky-500" : "bg-amber-500";
  return (
    <div className="flex min-w-24 items-center gap-2">
      <div aria-hidden className="h-1.5 w-16 overflow-hidden rounded-full bg-muted">
        <div className={cn("h-full rounded-full", tone)} style={{ width: `${rounded}%` }} />
      </div>
      <span className="w-9 text-right text-xs tabular-nums text-muted-foreground">
        <span className="sr-only">{label}: </span>
        {rounded}%
      </span>
    </div>
  );
}
