"use client";

import type { ListColumn } from "@fleet/schema";
import { Columns3Icon } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { OPTIONAL_COLUMNS } from "@/lib/use-columns";

/** Which of the table's columns show: kept per browser (use-columns.ts). */
export function ColumnChooser({
  hidden,
  onChange,
}: {
  hidden: Set<ListColumn>;
  onChange: (key: ListColumn, shown: boolean) => void;
}) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" size="sm">
          <Columns3Icon /> Columns
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>Show columns</DropdownMenuLabel>
        {OPTIONAL_COLUMNS.map((column) => (
          <DropdownMenuCheckboxItem
            key={column.key}
            checked={!hidden.has(column.key)}
            onCheckedChange={(checked) => onChange(column.key, checked === true)}
            // Keep the menu open so several columns can be changed in a row.
            onSelect={(event) => event.preventDefault()}
          >
            {column.label}
          </DropdownMenuCheckboxItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
