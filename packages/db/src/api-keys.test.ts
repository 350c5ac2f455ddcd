import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateApiKey, hashApiKeySecret, parseApiKey, verifyApiKeySecret } from "./api-keys.ts";

describe("generateApiKey", () => {
  it("makes a recognisable secret whose prefix is its public lookup part", () => {
    const key = generateApiKey();
    expect(key.id).toMatch(/^key_[0-9A-Za-z]{16}$/);
    expect(key.prefix).toMatch(/^fleet_[0-9a-z]{8}$/);
    expect(key.secret).toMatch(/^fleet_[0-9a-z]{8}_[0-9A-Za-z]{40}$/);
    expect(key.secret.startsWith(`${key.prefix}_`)).toBe(true);
  });

  it("stores only the SHA-256 hex of the secret, never the secret", () => {
    const key = generateApiKey();
    expect(key.secretHash).toBe(createHash("sha256").update(key.secret).digest("hex"));
    expect(key.secretHash).not.toContain(key.secret.slice(15));
  });

  it("never repeats ids, prefixes or secrets", () => {
    const keys = Array.from({ length: 2000 }, generateApiKey);
    expect(new Set(keys.map((k) => k.id)).size).toBe(keys.length);
    expect(new Set(keys.map((k) => k.prefix)).size).toBe(keys.length);
    expect(new Set(keys.map((k) => k.secret)).size).toBe(keys.length);
  });

  it("uses the whole base62 alphabet in the secret tail (no biased or truncated alphabet)", () => {
    const tails = Array.from({ length: 200 }, () => generateApiKey().secret.slice(15)).join("");
    expect(new Set(tails).size).toBe(62);
  });
});

describe("parseApiKey", () => {
  it("returns the lookup prefix of a well-formed secret", () => {
    const key = generateApiKey();
    expect(parseApiKey(key.secret)).toEqual({ prefix: key.prefix });
  });

  it.each([
    "",
    "fleet_",
    "fleet_abcdefgh",
    "fleet_abcdefgh_",
    "fleet_ABCDEFGH_0123456789012345678901234567890123456789",
    "fleet_abcdefg_0123456789012345678901234567890123456789",
    "fleet_abcdefgh_012345678901234567890123456789012345678",
    "fleet_abcdefgh_01234567890123456789012345678901234567890",
    "fleet_abcdefgh_0123456789012345678901234567890123456-89",
    "flit_abcdefgh_0123456789012345678901234567890123456789",
    " fleet_abcdefgh_0123456789012345678901234567890123456789",
    "fleet_abcdefgh_0123456789012345678901234567890123456789\n",
    "Bearer fleet_abcdefgh_0123456789012345678901234567890123456789",
  ])("rejects malformed input %j", (input) => {
    expect(parseApiKey(input)).toBeNull();
  });
});

describe("verifyApiKeySecret", () => {
  it("accepts the secret that produced the hash", () => {
    const key = generateApiKey();
    expect(verifyApiKeySecret(key.secret, key.secretHash)).toBe(true);
    expect(verifyApiKeySecret(key.secret, hashApiKeySecret(key.secret))).toBe(true);
  });

  it("rejects another secret, even one sharing the prefix", () => {
    const key = generateApiKey();
    const other = generateApiKey();
    const samePrefix = `${key.prefix}_${other.secret.slice(15)}`;
    expect(verifyApiKeySecret(other.secret, key.secretHash)).toBe(false);
    expect(verifyApiKeySecret(samePrefix, key.secretHash)).toBe(false);
  });

  it("rejects a corrupt or empty stored hash instead of throwing", () => {
    const key = generateApiKey();
    expect(verifyApiKeySecret(key.secret, "")).toBe(false);
    expect(verifyApiKeySecret(key.secret, key.secretHash.slice(0, 32))).toBe(false);
    expect(verifyApiKeySecret(key.secret, "zz")).toBe(false);
  });
});
