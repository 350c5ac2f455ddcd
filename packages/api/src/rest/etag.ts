// Strong ETags over exactly what a 200 says (body and total count), and If-None-Match matching.
import { hash } from "node:crypto";

// SHA-1 is enough for a validator (no adversary gains from a collision with their own response) and
// cheaper than SHA-256 over a 100-row page.
export function etagOf(...parts: string[]): string {
  return `"${hash("sha1", parts.join("\0"), "base64url")}"`;
}

/** RFC 9110 §13.1.2: weak comparison, `*` matches any current representation. */
export function ifNoneMatchHits(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === opaque);
}
