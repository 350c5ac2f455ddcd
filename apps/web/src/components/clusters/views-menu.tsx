"use client";

import type { ListColumn } from "@fleet/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BookmarkIcon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/trpc/client";

/**
 * The account's saved views (filter, sort and hidden columns): opening one goes to its list's URL,
 * which can be shared like any other, and hides its columns here; the current view can be saved.
 */
export function ViewsMenu({
  query,
  hidden,
  onColumns,
}: {
  /** The current list's query string (the API leaves its page and cursor out of the view). */
  query: string;
  hidden: Set<ListColumn>;
  onColumns: (hidden: readonly ListColumn[]) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Read when the menu first opens: a list page makes no request of its own for it.
  const [asked, setAsked] = useState(false);
  const views = useQuery({ ...trpc.views.list.queryOptions(), enabled: asked });
  const save = useMutation(
    trpc.views.save.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.views.list.queryKey() }),
    }),
  );
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  return (
    <div className="flex flex-wrap items-center gap-2">
      <DropdownMenu onOpenChange={(open) => open && setAsked(true)}>
        <DropdownMenuTrigger asChild>
          <Button variant="outline" size="sm">
            <BookmarkIcon /> Views
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuLabel>Saved views</DropdownMenuLabel>
          {views.isPending && <p className="px-2 py-1.5 text-sm text-muted-foreground">Loading…</p>}
          {views.data?.length === 0 && (
            <p className="px-2 py-1.5 text-sm text-muted-foreground">None saved yet</p>
          )}
          {views.data?.map((view) => (
            <DropdownMenuItem key={view.id} asChild onSelect={() => onColumns(view.hidden_columns)}>
              <Link href={`/clusters${view.query ? `?${view.query}` : ""}`}>{view.name}</Link>
            </DropdownMenuItem>
          ))}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setNaming(true)}>Save this view…</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      {naming && (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate(
              { name, query, hidden_columns: [...hidden] },
              {
                onSuccess: () => {
                  setNaming(false);
                  setName("");
                },
              },
            );
          }}
        >
          <Input
            aria-label="View name"
            placeholder="View name"
            className="h-8 w-44"
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <Button type="submit" size="sm" disabled={name.trim() === "" || save.isPending}>
            Save
          </Button>
          <Button type="button" size="sm" variant="ghost" onClick={() => setNaming(false)}>
            Cancel
          </Button>
          {save.error && (
            <span role="alert" className="text-sm text-red-700 dark:text-red-300">
              {save.error.message}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
