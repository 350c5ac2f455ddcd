import "server-only";

/**
 * CSRF guard for the cookie-setting POSTs: the browser's Origin (or, without one, Sec-Fetch-Site)
 * must say the form came from this site. SameSite=Lax already keeps the cookie off cross-site
 * POSTs; this also stops login CSRF, which needs no cookie at all.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin) {
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    try {
      return host !== null && new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  return request.headers.get("sec-fetch-site") === "same-origin";
}

/** Secure cookies when the browser talks https to us (directly or through a TLS-terminating proxy). */
export function isHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto");
  return (forwarded?.split(",")[0]?.trim() ?? new URL(request.url).protocol.replace(":", "")) === "https";
}

/** A 303 to a path on this site (relative Location, correct behind any proxy). */
export function seeOther(path: string, headers?: HeadersInit): Response {
  const response = new Response(null, { status: 303, headers });
  response.headers.set("Location", path);
  response.headers.set("Cache-Control", "no-store");
  return response;
}
