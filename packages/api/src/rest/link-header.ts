// RFC 8288 Link headers: absolute URLs that keep every other parameter. Page-numbered listings get
// first/prev/next/last; keyset (cursor) listings get first and, unless at the end, next.
import { CURSOR_START } from "@fleet/schema";

export interface PageLinks {
  url: URL;
  page: number;
  totalPages: number;
}

function pageUrl(url: URL, page: number): string {
  const next = new URL(url);
  // Replacing in place keeps the caller's parameter order; a missing page is appended.
  next.searchParams.set("page", String(page));
  return next.toString();
}

export function linkHeader({ url, page, totalPages }: PageLinks): string {
  const last = Math.max(1, totalPages);
  const links: [string, number][] = [["first", 1]];
  if (page > 1) links.push(["prev", page - 1]);
  if (page < last) links.push(["next", page + 1]);
  links.push(["last", last]);
  return links.map(([rel, p]) => `<${pageUrl(url, p)}>; rel="${rel}"`).join(", ");
}

export interface CursorLinks {
  url: URL;
  nextCursor: string | null;
}

function cursorUrl(url: URL, cursor: string): string {
  const next = new URL(url);
  next.searchParams.set("cursor", cursor);
  return next.toString();
}

export function cursorLinkHeader({ url, nextCursor }: CursorLinks): string {
  const links: [string, string][] = [["first", CURSOR_START]];
  if (nextCursor) links.push(["next", nextCursor]);
  return links.map(([rel, cursor]) => `<${cursorUrl(url, cursor)}>; rel="${rel}"`).join(", ");
}
