import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./errors.ts";
import { backoffDelay } from "./retry.ts";

describe("backoffDelay", () => {
  it("doubles per attempt, stays within [step/2, step] and respects the cap", () => {
    expect(backoffDelay(0, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelay(0, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, 10_000, () => 0)).toBe(400);
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(800);
    expect(backoffDelay(20, 100, 10_000, () => 1)).toBe(10_000);
  });

  it("spreads delays with jitter", () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, 100, 10_000)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(800);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta seconds and HTTP dates, ignores garbage", () => {
    const now = Date.parse("2026-11-26T12:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Thu, 26 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Thu, 26 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
