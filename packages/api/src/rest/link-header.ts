// RFC 8288 Link header for page-numbered listings: absolute URLs that keep every other parameter.

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
