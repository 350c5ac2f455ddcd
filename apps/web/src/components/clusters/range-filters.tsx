"use client";

import type { ClusterFilter } from "@fleet/schema";
import { useEffect, useId, useRef, useState } from "react";
import { Input } from "@/components/ui/input";

type Change = (patch: Partial<ClusterFilter>) => void;

const DEBOUNCE_MS = 500;
const toCount = (text: string) => (/^\d+$/.test(text) ? Number(text) : text === "" ? undefined : Number.NaN);
const toDay = (date: Date | undefined) => (date ? date.toISOString().slice(0, 10) : "");
const fromDay = (text: string) => (text ? new Date(`${text}T00:00:00Z`) : undefined);

/** Min/max GPU count; applied once typing pauses and only when the range makes sense. */
export function GpuRangeFilter({ min, max, onChange }: { min?: number; max?: number; onChange: Change }) {
  const id = useId();
  const [text, setText] = useState({ min: min?.toString() ?? "", max: max?.toString() ?? "" });
  // Follow the URL (back/forward, reset), but not our own change arriving after more was typed.
  const sent = useRef({ min, max });
  useEffect(() => {
    if (sent.current.min === min && sent.current.max === max) return;
    sent.current = { min, max };
    setText({ min: min?.toString() ?? "", max: max?.toString() ?? "" });
  }, [min, max]);

  const lo = toCount(text.min);
  const hi = toCount(text.max);
  const invalid = Number.isNaN(lo) || Number.isNaN(hi) || (lo !== undefined && hi !== undefined && lo > hi);

  useEffect(() => {
    if (invalid || (lo === min && hi === max)) return;
    const timer = setTimeout(() => {
      sent.current = { min: lo, max: hi };
      onChange({ min_gpu_count: lo, max_gpu_count: hi });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [lo, hi, min, max, invalid, onChange]);

  return (
    <fieldset aria-labelledby={`${id}-label`} className="flex items-center gap-1.5">
      <span id={`${id}-label`} className="text-sm text-muted-foreground">
        GPUs
      </span>
      <CountInput
        label="Minimum GPU count"
        placeholder="min"
        value={text.min}
        invalid={invalid}
        onChange={(min) => setText((t) => ({ ...t, min }))}
      />
      <span aria-hidden className="text-muted-foreground">
        –
      </span>
      <CountInput
        label="Maximum GPU count"
        placeholder="max"
        value={text.max}
        invalid={invalid}
        onChange={(max) => setText((t) => ({ ...t, max }))}
      />
    </fieldset>
  );
}

function CountInput({
  label,
  placeholder,
  value,
  invalid,
  onChange,
}: {
  label: string;
  placeholder: string;
  value: string;
  invalid: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <Input
      aria-label={label}
      placeholder={placeholder}
      inputMode="numeric"
      type="number"
      min={0}
      className="h-9 w-18"
      value={value}
      aria-invalid={invalid}
      onChange={(event) => onChange(event.target.value)}
    />
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
    <fieldset aria-label="Created date range" className="flex flex-wrap items-center gap-1.5">
      <label htmlFor={`${id}-after`} className="text-sm text-muted-foreground">
        Created after
      </label>
      <Input
        id={`${id}-after`}
        type="date"
        className="h-9 w-36"
        value={text.after}
        aria-invalid={invalid}
        onChange={(event) => commit({ ...text, after: event.target.value })}
      />
      <label htmlFor={`${id}-before`} className="text-sm text-muted-foreground">
        before
      </label>
      <Input
        id={`${id}-before`}
        type="date"
        className="h-9 w-36"
        value={text.before}
        aria-invalid={invalid}
        onChange={(event) => commit({ ...text, before: event.target.value })}
        aria-label="Created before"
      />
    </fieldset>
  );
}
