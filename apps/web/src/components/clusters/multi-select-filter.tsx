"use client";

import { ChevronDownIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { formatCount } from "@/lib/format";

type Props<T extends string> = {
  label: string;
  options: readonly T[];
  selected: readonly T[] | undefined;
  counts: Partial<Record<T, number>> | undefined;
  onChange: (values: T[] | undefined) => void;
};

/** A multi-select as a checkbox menu; each option shows how many clusters it would match. */
export function MultiSelectFilter<T extends string>({
  label,
  options,
  selected = [],
  counts,
  onChange,
}: Props<T>) {
  const toggle = (option: T, checked: boolean) => {
    const next = options.filter((o) => (o === option ? checked : selected.includes(o)));
    onChange(next.length > 0 ? next : undefined);
  };
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" size="sm" className="h-9 border-dashed">
          {/* Its name starts with what it shows after a word of context: "Filter by Status running". */}
          <span className="sr-only">Filter by </span>
          {label}
          {selected.length > 0 && " "}
          {selected.length > 0 && (
            <Badge variant="secondary" className="rounded-sm px-1.5">
              {selected.length <= 2 ? selected.join(", ") : `${selected.length} selected`}
            </Badge>
          )}
          <ChevronDownIcon aria-hidden className="opacity-50" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start">
        <DropdownMenuLabel>{label}</DropdownMenuLabel>
        {options.map((option) => (
          <DropdownMenuCheckboxItem
            key={option}
            checked={selected.includes(option)}
            onCheckedChange={(checked) => toggle(option, checked === true)}
            // Keep the menu open so several values can be picked in a row.
            onSelect={(event) => event.preventDefault()}
          >
            <span className="flex-1">{option}</span>
            <span className="ml-4 text-xs tabular-nums text-muted-foreground">
              {counts ? formatCount(counts[option] ?? 0) : ""}
            </span>
          </DropdownMenuCheckboxItem>
        ))}
        {selected.length > 0 && (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem onSelect={() => onChange(undefined)} className="justify-center">
              Clear {label.toLowerCase()} filter
            </DropdownMenuItem>
          </>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
