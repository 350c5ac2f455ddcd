"use client";

import type { SortKey, SortOrder } from "@fleet/schema";
import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon } from "lucide-react";
import { TableHead } from "@/components/ui/table";
import { cn } from "@/lib/utils";

// Text sorts start A→Z; numbers and dates start with the largest/newest, which is what people look for.
const FIRST_ORDER: Record<SortKey, SortOrder> = {
  name: "asc",
  status: "asc",
  created_at: "desc",
  gpu_count: "desc",
  cost: "desc",
};

type Props = {
  label: string;
  sortKey: SortKey;
  sortBy: SortKey;
  sortOrder: SortOrder;
  onSort: (sortBy: SortKey, sortOrder: SortOrder) => void;
  className?: string;
};

export function SortHeader({ label, sortKey, sortBy, sortOrder, onSort, className }: Props) {
  const active = sortBy === sortKey;
  const Icon = !active ? ArrowUpDownIcon : sortOrder === "asc" ? ArrowUpIcon : ArrowDownIcon;
  const next: SortOrder = active ? (sortOrder === "asc" ? "desc" : "asc") : FIRST_ORDER[sortKey];
  return (
    <TableHead
      aria-sort={active ? (sortOrder === "asc" ? "ascending" : "descending") : "none"}
      className={className}
    >
      <button
        type="button"
        onClick={() => onSort(sortKey, next)}
        className={cn(
          "-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
          active && "text-foreground",
        )}
        aria-label={`Sort by ${label} ${next === "asc" ? "ascending" : "descending"}`}
      >
        {label}
        <Icon aria-hidden className={cn("size-3.5", !active && "opacity-40")} />
      </button>
    </TableHead>
  );
}
