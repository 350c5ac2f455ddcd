import { describe, expect, it } from "vitest";
import { accrue } from "./billing.ts";

describe("accrue", () => {
  it("bills whole cents and carries the fraction, so short intervals add up to one long one", () => {
    const cluster = { hourlyRateCents: 377, billedUntilMs: 0, centsRemainder: 0 };
    let cents = 0;
    // An hour in 7-second steps: each step is worth well under a cent.
    for (let t = 7_000; t <= 3_600_000 + 7_000; t += 7_000) {
      const bill = accrue(cluster, t);
      expect(bill.cents).toBeGreaterThanOrEqual(0);
      expect(bill.remainder).toBeGreaterThanOrEqual(0);
      expect(bill.remainder).toBeLessThan(1);
      cents += bill.cents;
      Object.assign(cluster, { billedUntilMs: t, centsRemainder: bill.remainder });
    }
    const total = (377 * cluster.billedUntilMs) / 3_600_000;
    expect(cents).toBe(Math.floor(total + 1e-9));
  });

  it("bills nothing for time that has not passed", () => {
    expect(accrue({ hourlyRateCents: 100, billedUntilMs: 5_000, centsRemainder: 0.5 }, 4_000)).toEqual({
      cents: 0,
      remainder: 0.5,
    });
  });
});
