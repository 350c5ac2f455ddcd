"use client";

import { type ClusterFilter, SORT_KEYS, SORT_ORDERS, type SortKey, type SortOrder } from "@fleet/schema";
import { useId } from "react";
import { SORT_LABELS } from "./sort-labels";

const ORDER_LABELS: Record<SortOrder, string> = { asc: "ascending", desc: "descending" };

/** Where the table's sortable headers are not shown (a narrow screen): the same sorts, as one select. */
export function NarrowSort({
  filter,
  onSort,
  className,
}: {
  filter: ClusterFilter;
  onSort: (sortBy: SortKey, sortOrder: SortOrder) => void;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className="text-sm text-muted-foreground">
        Sort by
      </label>
      <select
        id={id}
        className="h-9 rounded-md border bg-background px-2 text-sm"
        value={`${filter.sort_by}:${filter.sort_order}`}
        onChange={(event) => {
          const [key, order] = event.target.value.split(":") as [SortKey, SortOrder];
          onSort(key, order);
        }}
      >
        {SORT_KEYS.flatMap((key) =>
          SORT_ORDERS.map((order) => (
            <option key={`${key}:${order}`} value={`${key}:${order}`}>
              {SORT_LABELS[key]}, {ORDER_LABELS[order]}
            </option>
          )),
        )}
      </select>
    </div>
  );
}
