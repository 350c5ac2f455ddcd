// The sign-in page's URL and its `next` parameter: where the browser goes once signed in. Every
// redirect to `next` (the signed-in sign-in page, the sign-in and demo routes) goes through
// `safeReturnPath`, so no caller can send the browser off-site or fail to build the Location.

const FALLBACK = "/clusters";
// An origin no one else has: a value that resolves onto it is a path on this site.
const BASE = "http://return-path.invalid";
// Browsers drop TAB, CR and LF inside URLs ("/\t/evil.example" is "//evil.example" to them), and a
// Location header cannot carry control characters or non-ASCII at all: printable ASCII only.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** A path on this site (path, query and hash) from an untrusted `next` value, or "/clusters". */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || !PRINTABLE_ASCII.test(value)) return FALLBACK;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return FALLBACK;
  }
  // Dot segments can normalize "/.//evil.example" to "//evil.example", which is another host.
  if (url.origin !== BASE || url.pathname.startsWith("//")) return FALLBACK;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Why the sign-in page is shown again; the page has one message per code. */
export type SignInError = "invalid_key" | "no_demo" | "unavailable" | "sign_out_unavailable";

/** The sign-in page, optionally explaining `error` and returning to `next` afterwards. */
export function signInPath({ error, next }: { error?: SignInError; next?: string }): string {
  const params = new URLSearchParams();
  if (error) params.set("error", error);
  if (next) params.set("next", next);
  return params.size > 0 ? `/sign-in?${params}` : "/sign-in";
}
