import { describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "./args.ts";

describe("parseCliArgs", () => {
  it("defaults to a 20% threshold and the text table", () => {
    expect(parseCliArgs([])).toEqual({ threshold: 20, json: false, help: false });
  });

  it("accepts --threshold with or without a percent sign, and --json", () => {
    expect(parseCliArgs(["--threshold", "35.5", "--json"])).toEqual({
      threshold: 35.5,
      json: true,
      help: false,
    });
    expect(parseCliArgs(["-t", "5%"]).threshold).toBe(5);
  });

  it("rejects thresholds outside 0–100 and unknown flags", () => {
    for (const bad of [
      ["--threshold", "101"],
      ["--threshold", "-1"],
      ["--threshold", "abc"],
      ["--thresold", "5"],
    ]) {
      expect(() => parseCliArgs(bad)).toThrow(UsageError);
    }
  });
});
