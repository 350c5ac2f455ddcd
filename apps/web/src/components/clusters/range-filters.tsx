"use client";

import type { ClusterFilter } from "@fleet/schema";
import { useEffect, useId, useRef, useState } from "react";
import { Input } from "@/components/ui/input";
import { useHydrated } from "@/lib/use-hydrated";

type Change = (patch: Partial<ClusterFilter>) => void;

const DEBOUNCE_MS = 500;
const toCount = (text: string) => (/^\d+$/.test(text) ? Number(text) : text === "" ? undefined : Number.NaN);
/** A datetime-local input's value (the viewer's local wall-clock time, to the minute) of an instant. */
function toLocalInput(date: Date | undefined): string {
  if (!date) return "";
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
/** The instant a datetime-local input's value means (it is read in the viewer's time zone). */
const fromLocalInput = (text: string) => (text ? new Date(text) : undefined);

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

/** Created date-time range (exclusive bounds), in the viewer's local time, which it names. */
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
  const [text, setText] = useState({ after: toLocalInput(after), before: toLocalInput(before) });
  useEffect(() => setText({ after: toLocalInput(after), before: toLocalInput(before) }), [after, before]);
  const hydrated = useHydrated();

  const invalid = Boolean(text.after && text.before && text.after >= text.before);
  const commit = (next: { after: string; before: string }) => {
    setText(next);
    if (next.after && next.before && next.after >= next.before) return;
    onChange({ created_after: fromLocalInput(next.after), created_before: fromLocalInput(next.before) });
  };

  return (
    <fieldset aria-label="Created date range" className="flex flex-wrap items-center gap-1.5">
      <label htmlFor={`${id}-after`} className="text-sm text-muted-foreground">
        Created after
      </label>
      <Input
        id={`${id}-after`}
        type="datetime-local"
        className="h-9 w-52"
        value={text.after}
        aria-invalid={invalid}
        onChange={(event) => commit({ ...text, after: event.target.value })}
      />
      <label htmlFor={`${id}-before`} className="text-sm text-muted-foreground">
        before
      </label>
      <Input
        id={`${id}-before`}
        type="datetime-local"
        className="h-9 w-52"
        value={text.before}
        aria-invalid={invalid}
        onChange={(event) => commit({ ...text, before: event.target.value })}
        aria-label="Created before"
      />
      {/* The server knows no viewer's zone: named once the browser has it. */}
      {hydrated && (
        <span className="text-xs text-muted-foreground" data-testid="local-zone">
          {Intl.DateTimeFormat().resolvedOptions().timeZone} time
        </span>
      )}
    </fieldset>
  );
}
