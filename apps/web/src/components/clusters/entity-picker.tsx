"use client";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

const ALL = "__all__";

type Props = {
  label: string;
  allLabel: string;
  options: { id: string; name: string }[] | undefined;
  value: string | undefined;
  onChange: (id: string | undefined) => void;
};

/** Picks a project or template by name; the URL keeps the exact id the API filters on. */
export function EntityPicker({ label, allLabel, options, value, onChange }: Props) {
  // An id from a shared link that is not (or no longer) in the list still shows, rather than vanishing.
  const known = !value || options?.some((option) => option.id === value);
  return (
    <Select value={value ?? ALL} onValueChange={(next) => onChange(next === ALL ? undefined : next)}>
      <SelectTrigger className="h-9 w-full sm:w-44" aria-label={label}>
        <SelectValue placeholder={allLabel} />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value={ALL}>{allLabel}</SelectItem>
        {!known && value && <SelectItem value={value}>{value}</SelectItem>}
        {options?.map((option) => (
          <SelectItem key={option.id} value={option.id}>
            {option.name}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
