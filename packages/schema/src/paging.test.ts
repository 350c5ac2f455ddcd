import { describe, expect, it } from "vitest";
import { ClusterFilter, CURSOR_START } from "./cluster-filter.ts";
import { parseClusterQuery } from "./cluster-query.ts";

describe("page and cursor", () => {
  it("defaults page to 1 when neither is given", () => {
    expect(ClusterFilter.parse({}).page).toBe(1);
  });

  it("accepts a cursor alone and keeps page at its default", () => {
    const filter = ClusterFilter.parse({ cursor: CURSOR_START });
    expect(filter.cursor).toBe(CURSOR_START);
    expect(filter.page).toBe(1);
  });

  it("rejects page and cursor together, naming both (even page=1)", () => {
    const parsed = parseClusterQuery(new URLSearchParams("page=1&cursor=first"));
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.errors.map((e) => e.param).sort()).toEqual(["cursor", "page"]);
  });

  it("treats an empty cursor as absent, like every other parameter", () => {
    const parsed = parseClusterQuery(new URLSearchParams("page=3&cursor="));
    expect(parsed.success && parsed.data.cursor === undefined && parsed.data.page === 3).toBe(true);
  });

  it("rejects an oversized cursor", () => {
    const parsed = parseClusterQuery(new URLSearchParams(`cursor=${"x".repeat(1001)}`));
    expect(parsed.success ? [] : parsed.errors.map((e) => e.param)).toEqual(["cursor"]);
  });
});
