import { parseClusterQuery, SORT_KEYS } from "@fleet/schema";
import { describe, expect, it } from "vitest";
import { type AccountFacts, buildMatrix } from "./matrix.ts";
import { percentiles } from "./stats.ts";

const facts: AccountFacts = {
  id: "acc_1",
  clusters: 200_000,
  projectId: "prj_1",
  templateId: "tpl_1",
  commonTerm: "train",
  rareTerm: "llm-finetune-a100-7468",
};

describe("the query matrix", () => {
  const matrix = buildMatrix(facts);

  it("is made of valid listing queries (the shared parser accepts every one)", () => {
    for (const q of matrix)
      expect(parseClusterQuery(new URLSearchParams(q.query)).success, q.name).toBe(true);
  });

  it("covers every sort key in both orders and each filter alone", () => {
    for (const key of SORT_KEYS) {
      for (const order of ["asc", "desc"]) {
        expect(matrix.some((q) => q.query === `sort_by=${key}&sort_order=${order}`)).toBe(true);
      }
    }
    for (const param of ["status", "gpu_type", "region", "project_id", "template_id"]) {
      expect(
        matrix.some((q) => new URLSearchParams(q.query).has(param) && q.name === `filter ${param}`),
      ).toBe(true);
    }
  });

  it("pairs offset page 1,000 (limit 100) with a cursor at the same depth", () => {
    expect(matrix.find((q) => q.query === "page=1000&limit=100")).toBeDefined();
    expect(matrix.find((q) => q.cursorDepth === 999 * 100)?.query).toBe("limit=100");
  });

  it("combines four filters in one query", () => {
    const combined = matrix.find((q) => q.name === "four filters combined");
    expect([...new URLSearchParams(combined?.query).keys()]).toHaveLength(4);
  });
});

describe("percentiles", () => {
  it("are nearest-rank over the samples", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentiles(samples)).toEqual({ n: 100, p50: 50, p95: 95, p99: 99 });
    expect(percentiles([7])).toEqual({ n: 1, p50: 7, p95: 7, p99: 7 });
  });
});
