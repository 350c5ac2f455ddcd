// Response headers as zod schemas, for the OpenAPI document.
import { z } from "zod";

export const successHeaders = {
  "X-Total-Count": z.int().min(0).describe("Number of clusters matching the filter, over all pages."),
  "X-Fleet-Revision": z
    .string()
    .describe(
      "The committed state this answer shows (opaque): every change committed before it is in the list and its count, none committed after. Pass it as `since` to `GET /v1/clusters/watch` to follow the list from there.",
    ),
  Link: z
    .string()
    .describe(
      'RFC 8288 links to the `first`, `last`, and (where they exist) `prev` and `next` pages: absolute URLs keeping every other parameter, e.g. `<https://host/v1/clusters?status=running&page=2>; rel="next"`. With `cursor`, only `first` (`cursor=first`) and, unless this is the last page, `next` carrying the next cursor.',
    ),
  "X-Next-Cursor": z
    .string()
    .optional()
    .describe(
      "The cursor of the next page (pass it as `cursor`), the same as in `Link`'s `next`; absent on the last page. Given with page numbers too: a client may switch to cursors at any page.",
    ),
  ETag: z.string().describe("Strong validator of this page; send it back in `If-None-Match` to get a 304."),
  "Cache-Control": z.string().describe("Always `private, no-cache`: revalidate with the ETag."),
  "X-Request-Id": z.string().describe("Id of this request, also in the logs and in error bodies."),
};

export const problemHeaders = {
  "X-Request-Id": successHeaders["X-Request-Id"],
};

export const rateLimitHeaderSchemas = {
  "RateLimit-Policy": z
    .string()
    .describe(
      'IETF httpapi RateLimit-Policy (structured field): `"default";q=600;w=60` — quota q requests per window of w seconds, per API key.',
    ),
  RateLimit: z
    .string()
    .describe(
      'IETF httpapi RateLimit (structured field): `"default";r=599;t=42` — r requests remaining, t seconds until the window resets.',
    ),
  "X-RateLimit-Limit": z.int().min(1).describe("Requests allowed per window (per minute, per API key)."),
  "X-RateLimit-Remaining": z.int().min(0).describe("Requests left in the current window."),
  "X-RateLimit-Reset": z.int().min(0).describe("SECONDS until the current window resets (not a timestamp)."),
};
