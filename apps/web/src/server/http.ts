import "server-only";
import type { IncomingMessage } from "node:http";
import { type ConnectionInfo, type ForwardedView, forwardedView } from "@fleet/api";

/**
 * The TCP peer's address of a request Next.js handles: route handlers see only a Request, so the
 * portal's server (server.mjs, through markRemoteAddress) writes it into this header on every such
 * request, over whatever a client sent under the same name.
 */
const REMOTE_ADDRESS = "x-fleet-remote-address";

export function markRemoteAddress(req: IncomingMessage): void {
  req.headers[REMOTE_ADDRESS] = req.socket.remoteAddress ?? "";
}

/** What the API handler learns of the connection of a request Next.js handles. */
export const connectionOf = (request: Request): ConnectionInfo => ({
  remoteAddress: request.headers.get(REMOTE_ADDRESS),
});

type HeaderSource = Pick<Headers, "get">;

/** The client and the URL it used, believing X-Forwarded-* only behind a trusted proxy (FLEET_TRUST_PROXY). */
const forwarded = (headers: HeaderSource): ForwardedView =>
  forwardedView(headers, headers.get(REMOTE_ADDRESS));

/** The address a request's failed authentications count against (null when unknown). */
export const clientAddressOf = (request: Request): string | null => forwarded(request.headers).clientAddress;

/** The host the client asked for: a trusted proxy's X-Forwarded-Host, else the Host header. */
const publicHost = (headers: HeaderSource): string | null => forwarded(headers).host ?? headers.get("host");

/** The origin the client used (for examples on pages), e.g. `http://127.0.0.1:3000`. */
export function publicOrigin(headers: HeaderSource): string {
  return `${forwarded(headers).proto ?? "http"}://${publicHost(headers) ?? "127.0.0.1:3000"}`;
}

/**
 * CSRF guard for the cookie-setting POSTs: the browser's Origin (or, without one, Sec-Fetch-Site)
 * must say the form came from this site. SameSite=Lax already keeps the cookie off cross-site
 * POSTs; this also stops login CSRF, which needs no cookie at all.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin) {
    const host = publicHost(request.headers);
    try {
      return host !== null && new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  return request.headers.get("sec-fetch-site") === "same-origin";
}

/**
 * Secure cookies when the browser talks https to us: only through a trusted TLS-terminating proxy
 * that says so, since the portal's own server speaks plain HTTP.
 */
export const isHttps = (request: Request): boolean => forwarded(request.headers).proto === "https";

/** A 303 to a path on this site (relative Location, correct behind any proxy). */
export function seeOther(path: string, headers?: HeadersInit): Response {
  const response = new Response(null, { status: 303, headers });
  response.headers.set("Location", path);
  response.headers.set("Cache-Control", "no-store");
  return response;
}
