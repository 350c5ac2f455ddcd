// Keyset pagination cursors: the last row's sort key and id, plus a fingerprint of the listing they
// belong to (account, filters, sort), signed with HMAC so a client can neither forge a position nor
// carry a cursor over to another listing. Opaque to clients: base64url(JSON).base64url(HMAC).
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { ClusterFilter, SortKey } from "@fleet/schema";
import { z } from "zod";
import { FleetError } from "../errors.ts";
import { canonicalFields } from "./canonical-fields.ts";
import { SORT_KEY_TYPES } from "./cluster-order.ts";
import { cursorSecret } from "./cursor-secret.ts";

/** A position in a sorted listing: the sort key value of the last row seen, and its id. */
export interface CursorPosition {
  key: string | number;
  id: string;
}

// PostgreSQL rejects NUL in text; a lone surrogate cannot come from a stored value.
const text = z.string().refine((value) => !value.includes("\0") && value.isWellFormed());

/** What the server issues, exactly; anything else would be an error in SQL rather than a 400. */
const Payload = z.strictObject({
  v: z.literal(1),
  k: z.union([z.string(), z.number()]),
  i: text.min(1),
  f: z.string(),
});
type Payload = z.infer<typeof Payload>;

// A timestamptz key is Date.toISOString() of a stored value: PostgreSQL has no year 0.
const instant = z
  .string()
  .regex(/^(?!0000)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  .refine((value) => {
    // Also runs when the regex failed: an unparseable value must not reach toISOString (a throw).
    const time = Date.parse(value);
    return !Number.isNaN(time) && new Date(time).toISOString() === value;
  });

/** The key a position may hold, by the SQL type of the sort column it is compared with. */
const KEY_OF_TYPE = {
  timestamptz: instant,
  text,
  int4: z
    .int()
    .min(-(2 ** 31))
    .max(2 ** 31 - 1),
} satisfies Record<(typeof SORT_KEY_TYPES)[SortKey], z.ZodType>;

/** Everything that defines the listing's order and membership; paging fields excluded. */
export function listingFingerprint(accountId: string, filter: ClusterFilter): string {
  const { page: _p, limit: _l, cursor: _c, ...rest } = filter;
  const canonical = canonicalFields({ ...rest, account: accountId });
  return createHash("sha256").update(canonical).digest("base64url").slice(0, 22);
}

/** The MAC exactly as issued: unpadded base64url. */
export const cursorMac = (body: string, secret: string) =>
  createHmac("sha256", secret).update(body).digest("base64url");

export function encodeCursor(position: CursorPosition, fingerprint: string, secret = cursorSecret()) {
  const payload: Payload = { v: 1, k: position.key, i: position.id, f: fingerprint };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${cursorMac(body, secret)}`;
}

const invalid = (message: string) =>
  new FleetError("VALIDATION_ERROR", {
    detail: `cursor: ${message}`,
    errors: [{ param: "cursor", message }],
  });

const notIssued = () => invalid('is not a cursor issued by this API; start a walk with "first"');

function parseJson(body: string): unknown {
  try {
    return JSON.parse(Buffer.from(body, "base64url").toString());
  } catch {
    return undefined;
  }
}

/** The position a cursor points at; a 400 naming `cursor` when it is forged, garbled or foreign. */
export function decodeCursor(
  cursor: string,
  listing: { fingerprint: string; sortBy: SortKey },
  secret = cursorSecret(),
): CursorPosition {
  const [body, mac, extra] = cursor.split(".");
  // Compared as text, so only the canonical spelling passes (no padding, no +/, nothing trailing).
  const given = Buffer.from(mac ?? "");
  const expected = Buffer.from(body ? cursorMac(body, secret) : "");
  if (!body || extra !== undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw notIssued();
  }
  const payload = Payload.safeParse(parseJson(body));
  if (!payload.success) throw notIssued();
  if (payload.data.f !== listing.fingerprint) {
    throw invalid(
      "belongs to a listing with other filters or another sort; keep every parameter except cursor and limit unchanged, or start again with cursor=first",
    );
  }
  const key = KEY_OF_TYPE[SORT_KEY_TYPES[listing.sortBy]].safeParse(payload.data.k);
  if (!key.success) throw notIssued();
  return { key: key.data, id: payload.data.i };
}
