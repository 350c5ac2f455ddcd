import { describe, expect, it } from "vitest";
import { allocateClusters, generateClusters, LARGE_ACCOUNT_SHARE, planAccounts } from "./generate.ts";
import { Rng } from "./prng.ts";

describe("allocateClusters", () => {
  it.each([
    [1_000_000, 200],
    [2000, 25],
    [400, 10],
    [37, 9],
    [5, 3],
    [0, 4],
  ])("splits %i clusters over %i accounts exactly, one holding ~20%%", (total, accounts) => {
    const counts = allocateClusters(total, accounts, new Rng("t"));
    expect(counts).toHaveLength(accounts);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
    for (const n of counts) expect(Number.isInteger(n) && n >= 0).toBe(true);
    expect(Math.abs((counts[0] ?? 0) - total * LARGE_ACCOUNT_SHARE)).toBeLessThanOrEqual(1);
  });

  it("keeps every other account at no more than half the large one when there are enough accounts", () => {
    for (const accounts of [9, 10, 25, 200]) {
      const [large = 0, ...rest] = allocateClusters(100_000, accounts, new Rng(`a${accounts}`));
      expect(Math.max(...rest)).toBeLessThanOrEqual(large / 2 + 1);
    }
  });

  it("gives a single account everything", () => {
    expect(allocateClusters(123, 1, new Rng("x"))).toEqual([123]);
  });
});

describe("generator", () => {
  const now = new Date("2026-01-01T00:00:00Z");

  it("is a pure function of the seed and the clock", () => {
    const run = (seed: string, at = now) =>
      planAccounts({ accounts: 4, clusters: 50, seed, now: at }).flatMap((plan) => [
        plan,
        ...generateClusters(plan, at.getTime()),
      ]);
    expect(run("s")).toEqual(run("s"));
    expect(run("s")).not.toEqual(run("t"));
    const shifted = run("s", new Date(now.getTime() + 86_400_000));
    expect(shifted.map((row) => ("id" in row ? row.id : row.account.id))).toEqual(
      run("s").map((row) => ("id" in row ? row.id : row.account.id)),
    );
  });
});
