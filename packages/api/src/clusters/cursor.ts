// Keyset pagination cursors: the last row's sort key and id, plus a fingerprint of the listing they
// belong to (account, filters, sort), signed with HMAC so a client can neither forge a position nor
// carry a cursor over to another listing. Opaque to clients: base64url(JSON).base64url(HMAC).
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { ClusterFilter } from "@fleet/schema";
import { apiEnv } from "../env.ts";
import { FleetError } from "../errors.ts";

/** A position in a sorted listing: the sort key value of the last row seen, and its id. */
export interface CursorPosition {
  key: string | number;
  id: string;
}

interface Payload {
  v: 1;
  k: string | number;
  i: string;
  f: string;
}

/** Everything that defines the listing's order and membership; paging fields excluded. */
export function listingFingerprint(accountId: string, filter: ClusterFilter): string {
  const { page: _p, limit: _l, cursor: _c, ...rest } = filter;
  const canonical = Object.entries({ ...rest, account: accountId })
    .filter(([, value]) => value !== undefined)
    .map(([name, value]): [string, unknown] => [
      name,
      value instanceof Date ? value.toISOString() : Array.isArray(value) ? [...value].sort() : value,
    ])
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash("sha256").update(JSON.stringify(canonical)).digest("base64url").slice(0, 22);
}

const sign = (body: string, secret: string) => createHmac("sha256", secret).update(body).digest();

export function encodeCursor(position: CursorPosition, fingerprint: string, secret = apiEnv().CURSOR_SECRET) {
  const payload: Payload = { v: 1, k: position.key, i: position.id, f: fingerprint };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${sign(body, secret).toString("base64url")}`;
}

const invalid = (message: string) =>
  new FleetError("VALIDATION_ERROR", {
    detail: `cursor: ${message}`,
    errors: [{ param: "cursor", message }],
  });

/** The position a cursor points at; a 400 naming `cursor` when it is forged, garbled or foreign. */
export function decodeCursor(
  cursor: string,
  fingerprint: string,
  secret = apiEnv().CURSOR_SECRET,
): CursorPosition {
  const [body, mac, extra] = cursor.split(".");
  const given = Buffer.from(mac ?? "", "base64url");
  const expected = body ? sign(body, secret) : Buffer.alloc(0);
  if (!body || extra !== undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalid('is not a cursor issued by this API; start a walk with "first"');
  }
  const payload = JSON.parse(Buffer.from(body, "base64url").toString()) as Payload;
  if (payload.f !== fingerprint) {
    throw invalid(
      "belongs to a listing with other filters or another sort; keep every parameter except cursor and limit unchanged, or start again with cursor=first",
    );
  }
  return { key: payload.k, id: payload.i };
}
