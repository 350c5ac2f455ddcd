import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS, resolveOptions, type SimulationOptions } from "./options.ts";

describe("resolveOptions", () => {
  it("fills in the defaults", () => {
    expect(resolveOptions({})).toEqual(DEFAULT_OPTIONS);
    expect(resolveOptions({ writers: undefined, seed: undefined })).toEqual(DEFAULT_OPTIONS);
    expect(resolveOptions({ writers: 8, accounts: ["acc_a"] })).toMatchObject({
      writers: 8,
      accounts: ["acc_a"],
    });
  });

  it.each([
    [{ writers: 0 }, /^writers must be an integer from 1 to 64, got 0$/],
    [{ writers: 2.5 }, /^writers must be an integer/],
    [{ transitionsPerSecond: -1 }, /^transitionsPerSecond must be from 0 to 100000, got -1$/],
    [{ createsPerSecond: Number.NaN }, /^createsPerSecond must be from 0/],
    [{ rollbackRate: 1.5 }, /^rollbackRate must be from 0 to 1, got 1.5$/],
    [{ durationMs: 0 }, /^durationMs must be positive, got 0$/],
    [{ metricsEveryMs: 10, tickMs: 100 }, /^metricsEveryMs must be at least tickMs \(100\), got 10$/],
    [{ tickMs: 1 }, /^metricsEveryMs must be at least|^tickMs must be at least 10/],
    [{ accounts: [] }, /^accounts must be a non-empty list/],
  ] as [SimulationOptions, RegExp][])(
    "rejects %j, naming the option and what is allowed",
    (options, message) => {
      expect(() => resolveOptions(options)).toThrow(message);
    },
  );
});
