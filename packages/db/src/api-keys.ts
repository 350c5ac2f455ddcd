// API key secrets: format, generation, hashing and constant-time verification.
//
// A secret looks like `fleet_3kq9x2ab_<40 base62 chars>`. The `fleet_3kq9x2ab` part is the
// public lookup prefix (unique, stored in clear, shown in listings); the tail carries ~238 bits
// of randomness. Only a SHA-256 hash of the whole secret is stored: a fast hash is right here
// because the secret is high-entropy, so there is nothing for a slow KDF to protect.
import { hash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Every scope a key can carry. Listing clusters needs `clusters:read`; `clusters:write` belongs to
 * the services that change clusters and grants nothing here, so a key made only for them is refused
 * (403) by the listing API: least privilege across the cloud's services.
 */
export const API_KEY_SCOPES = ["clusters:read", "clusters:write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const KEY_PREFIX = "fleet";
const LOOKUP_LENGTH = 8;
const SECRET_LENGTH = 40;
const LOOKUP_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SECRET_PATTERN = new RegExp(
  `^(${KEY_PREFIX}_[0-9a-z]{${LOOKUP_LENGTH}})_([0-9A-Za-z]{${SECRET_LENGTH}})$`,
);

export interface GeneratedApiKey {
  /** Row id, e.g. `key_4f9k…`. */
  id: string;
  /** Public lookup part, e.g. `fleet_3kq9x2ab`. */
  prefix: string;
  /** The full secret: show it once, never store it. */
  secret: string;
  /** SHA-256 hex of the secret: the only thing stored. */
  secretHash: string;
}

/** Uniform random string over `alphabet` (rejection sampling, so no modulo bias). */
export function randomString(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = `${KEY_PREFIX}_${randomString(LOOKUP_ALPHABET, LOOKUP_LENGTH)}`;
  const secret = `${prefix}_${randomString(BASE62, SECRET_LENGTH)}`;
  return { id: `key_${randomString(BASE62, 16)}`, prefix, secret, secretHash: hashApiKeySecret(secret) };
}

/** SHA-256 hex of a secret: what is stored, and what a presented secret is compared by. */
export function hashApiKeySecret(secret: string): string {
  return hash("sha256", secret, "hex");
}

/** The lookup prefix of a well-formed secret, or null for anything else (never throws). */
export function parseApiKey(secret: string): { prefix: string } | null {
  if (typeof secret !== "string") return null;
  const match = SECRET_PATTERN.exec(secret);
  return match?.[1] ? { prefix: match[1] } : null;
}

/** Constant-time comparison of a presented secret's hash (hashApiKeySecret) with a stored one. */
export function secretHashesMatch(presentedHash: string, storedHash: string): boolean {
  const presented = Buffer.from(presentedHash, "hex");
  const stored = Buffer.from(storedHash, "hex");
  // Both are SHA-256 digests, so lengths only differ for a corrupt stored hash.
  if (stored.length !== presented.length) return false;
  return timingSafeEqual(presented, stored);
}

/** Whether `secret` is the one behind a stored hash: hashApiKeySecret, then secretHashesMatch. */
export function verifyApiKeySecret(secret: string, secretHash: string): boolean {
  return secretHashesMatch(hashApiKeySecret(secret), secretHash);
}
