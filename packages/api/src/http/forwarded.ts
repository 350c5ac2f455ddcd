// Who the client is and which URL it used, when a reverse proxy stands between us: its
// X-Forwarded-For, -Host and -Proto. Any client can send those headers, so they count only when
// FLEET_TRUST_PROXY=1 says one trusted proxy is in front, which sets them; of each, the right-most
// value is the one that proxy added (what came before it, any client could have written). A malformed
// value is ignored like an absent one: forwarding headers never fail a request.
import { isIP } from "node:net";
import { apiEnv } from "../env.ts";

export interface ForwardedView {
  /** The address failed authentications count against; null when unknown. */
  clientAddress: string | null;
  /** The host (and port) the client asked for, when a trusted proxy said so. */
  host: string | null;
  /** The scheme the client used, when a trusted proxy said so. */
  proto: "http" | "https" | null;
}

const rightMost = (value: string | null) => value?.split(",").at(-1)?.trim() || null;

/** An IP address in one spelling (IPv4-mapped IPv6 as IPv4), or null for anything else. */
export function normalizeAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const plain = mapped ?? address;
  return isIP(plain) ? plain.toLowerCase() : null;
}

// A DNS name, IPv4 or bracketed IPv6 literal, with an optional port.
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(?::(\d{1,5}))?$/;

export function isValidHost(host: string): boolean {
  const match = HOST.exec(host);
  if (!match || (match[1] !== undefined && Number(match[1]) > 65_535)) return false;
  try {
    new URL(`http://${host}/`);
    return true;
  } catch {
    return false;
  }
}

/** What the request says about its client, believing forwarding headers only from a trusted proxy. */
export function forwardedView(
  headers: Pick<Headers, "get">,
  remoteAddress: string | null | undefined,
  trustProxy = apiEnv().FLEET_TRUST_PROXY,
): ForwardedView {
  const peer = normalizeAddress(remoteAddress);
  if (!trustProxy) return { clientAddress: peer, host: null, proto: null };
  const host = rightMost(headers.get("x-forwarded-host"));
  const proto = rightMost(headers.get("x-forwarded-proto"))?.toLowerCase();
  return {
    clientAddress: normalizeAddress(rightMost(headers.get("x-forwarded-for"))) ?? peer,
    host: host && isValidHost(host) ? host : null,
    proto: proto === "http" || proto === "https" ? proto : null,
  };
}

/** The URL the client used: `url` with a trusted proxy's host and scheme. */
export function publicUrl(url: URL, view: ForwardedView): URL {
  if (view.host === null && view.proto === null) return url;
  const result = new URL(`${view.proto ?? url.protocol.slice(0, -1)}://${view.host ?? url.host}`);
  // Set, not resolved against the origin: a path starting with "//" must not become a host.
  result.pathname = url.pathname;
  result.search = url.search;
  return result;
}
