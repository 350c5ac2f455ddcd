"use client";

import type { ClusterFilter } from "@fleet/schema";
import { useEffect, useId, useState } from "react";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type Change = (patch: Partial<ClusterFilter>) => void;

const DEBOUNCE_MS = 500;
const toCount = (text: string) => (/^\d+$/.test(text) ? Number(text) : text === "" ? undefined : Number.NaN);
const toDay = (date: Date | undefined) => (date ? date.toISOString().slice(0, 10) : "");
const fromDay = (text: string) => (text ? new Date(`${text}T00:00:00Z`) : undefined);

/** Min/max GPU count; applied once typing pauses and only when the range makes sense. */
export function GpuRangeFilter({ min, max, onChange }: { min?: number; max?: number; onChange: Change }) {
  const id = useId();
  const [text, setText] = useState({ min: min?.toString() ?? "", max: max?.toString() ?? "" });
  useEffect(() => setText({ min: min?.toString() ?? "", max: max?.toString() ?? "" }), [min, max]);

  const lo = toCount(text.min);
  const hi = toCount(text.max);
  const invalid = Number.isNaN(lo) || Number.isNaN(hi) || (lo !== undefined && hi !== undefined && lo > hi);

  useEffect(() => {
    if (invalid || (lo === min && hi === max)) return;
    const timer = setTimeout(() => onChange({ min_gpu_count: lo, max_gpu_count: hi }), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [lo, hi, min, max, invalid, onChange]);

  return (
    <fieldset className="flex items-end gap-1.5">
      <legend className="sr-only">GPU count range</legend>
      <div className="grid gap-1">
        <Label htmlFor={`${id}-min`}>Min GPUs</Label>
        <Input
          id={`${id}-min`}
          inputMode="numeric"
          type="number"
          min={0}
          className="h-9 w-20"
          value={text.min}
          aria-invalid={invalid}
          onChange={(event) => setText((t) => ({ ...t, min: event.target.value }))}
        />
      </div>
      <span aria-hidden className="pb-2 text-muted-foreground">
        –
      </span>
      <div className="grid gap-1">
        <Label htmlFor={`${id}-max`}>Max GPUs</Label>
        <Input
          id={`${id}-max`}
          inputMode="numeric"
          type="number"
          min={0}
          className="h-9 w-20"
          value={text.max}
          aria-invalid={invalid}
          onChange={(event) => setText((t) => ({ ...t, max: event.target.value }))}
        />
      </div>
    </fieldset>
  );
}

/** Created-date range (exclusive bounds, days in UTC, like the API). */
export function DateRangeFilter({
  after,
  before,
  onChange,
}: {
  after?: Date;
  before?: Date;
  onChange: Change;
}) {
  const id = useId();
  const [text, setText] = useState({ after: toDay(after), before: toDay(before) });
  useEffect(() => setText({ after: toDay(after), before: toDay(before) }), [after, before]);

  const invalid = Boolean(text.after && text.before && text.after >= text.before);
  const commit = (next: { after: string; before: string }) => {
    setText(next);
    if (next.after && next.before && next.after >= next.before) return;
    onChange({ created_after: fromDay(next.after), created_before: fromDay(next.before) });
  };

  return (
    <fieldset className="flex items-end gap-1.5">
      <legend className="sr-only">Created date range</legend>
      <div className="grid gap-1">
        <Label htmlFor={`${id}-after`}>Created after</Label>
        <Input
          id={`${id}-after`}
          type="date"
          className="h-9 w-38"
          value={text.after}
          aria-invalid={invalid}
          onChange={(event) => commit({ ...text, after: event.target.value })}
        />
      </div>
      <span aria-hidden className="pb-2 text-muted-foreground">
        –
      </span>
      <div className="grid gap-1">
        <Label htmlFor={`${id}-before`}>Created before</Label>
        <Input
          id={`${id}-before`}
          type="date"
          className="h-9 w-38"
          value={text.before}
          aria-invalid={invalid}
          onChange={(event) => commit({ ...text, before: event.target.value })}
        />
      </div>
    </fieldset>
  );
}
