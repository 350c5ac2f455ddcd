import { z } from "zod";

/** The list's columns a viewer may hide (name and status always show), in the table's order. */
export const LIST_COLUMNS = [
  "gpus",
  "region",
  "project",
  "cost",
  "utilization",
  "created",
  "expires",
] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];

export const VIEW_NAME_MAX_LENGTH = 100;
const VIEW_QUERY_MAX_LENGTH = 2_000;

/** What the portal saves as a view: a name, the list's query string (filters and sort) and hidden columns. */
export const SavedViewInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: "must not be empty" })
    .max(VIEW_NAME_MAX_LENGTH, { error: `must be at most ${VIEW_NAME_MAX_LENGTH} characters` }),
  query: z
    .string()
    .max(VIEW_QUERY_MAX_LENGTH, { error: `must be at most ${VIEW_QUERY_MAX_LENGTH} characters` })
    .describe(
      "The list's query string, e.g. `status=running&sort_by=cost`; a page or a cursor in it is left out.",
    ),
  hidden_columns: z
    .array(z.enum(LIST_COLUMNS, { error: `must be one of ${LIST_COLUMNS.join(", ")}` }))
    .default([]),
});
export type SavedViewInput = z.input<typeof SavedViewInput>;
/** A view's fields once SavedViewInput has validated them (name trimmed, columns defaulted). */
export type SavedViewFields = z.output<typeof SavedViewInput>;

export const SavedView = z.object({
  id: z.string(),
  name: z.string(),
  query: z.string(),
  hidden_columns: z.array(z.enum(LIST_COLUMNS)),
  updated_at: z.iso.datetime(),
});
export type SavedView = z.infer<typeof SavedView>;
