// Edge cases of the REST query-string parsing (parseClusterQuery) against the shared filter.
import { describe, expect, test } from "vitest";
import { CLUSTER_FILTER_PARAMS, LIMIT_MAX } from "./cluster-filter.ts";
import { parseClusterQuery } from "./cluster-query.ts";

const parse = (query: string) => parseClusterQuery(new URLSearchParams(query));

function ok(query: string) {
  const result = parse(query);
  if (!result.success) throw new Error(`expected ${query} to parse: ${JSON.stringify(result.errors)}`);
  return result.data;
}

function params(query: string): string[] {
  const result = parse(query);
  if (result.success) throw new Error(`expected ${query} to fail`);
  return result.errors.map((e) => e.param);
}

describe("defaults and absent values", () => {
  test("an empty query is page 1 of 20, newest first", () => {
    expect(ok("")).toEqual({ page: 1, limit: 20, sort_by: "created_at", sort_order: "desc" });
  });

  test("empty values count as absent, for every parameter", () => {
    const query = CLUSTER_FILTER_PARAMS.map((p) => `${p}=`).join("&");
    expect(ok(query)).toEqual(ok(""));
  });

  test("a bare key without '=' is an empty value", () => {
    expect(ok("status")).toEqual(ok(""));
  });
});

describe("integers", () => {
  test.each([
    ["1", 1],
    ["100", 100],
    ["007", 7],
  ])("limit=%s → %i", (value, expected) => {
    expect(ok(`limit=${value}`).limit).toBe(expected);
  });

  test.each(["5.0", " 5", "5 ", "+5", "0x10", "1e1", "1_0", "５", "NaN", "Infinity", "1e309", "--1"])(
    "limit=%j is rejected",
    (value) => {
      expect(params(`limit=${encodeURIComponent(value)}`)).toEqual(["limit"]);
    },
  );

  test("limit bounds are 1 and LIMIT_MAX, never clamped", () => {
    expect(ok(`limit=${LIMIT_MAX}`).limit).toBe(LIMIT_MAX);
    expect(params(`limit=${LIMIT_MAX + 1}`)).toEqual(["limit"]);
    expect(params("limit=0")).toEqual(["limit"]);
  });

  test("page accepts any safe integer from 1; 2^53 and beyond are rejected", () => {
    expect(ok("page=9007199254740991").page).toBe(Number.MAX_SAFE_INTEGER);
    expect(params("page=9007199254740992")).toEqual(["page"]);
    expect(params("page=9007199254740993")).toEqual(["page"]);
    expect(params("page=0")).toEqual(["page"]);
  });

  test("-0 is accepted as zero for the GPU bounds", () => {
    // It parses to -0, which equals 0 everywhere it is used (SQL parameter, JSON).
    expect(ok("min_gpu_count=-0").min_gpu_count === 0).toBe(true);
    expect(params("min_gpu_count=-1")).toEqual(["min_gpu_count"]);
  });

  test("min > max names both bounds; min = max is fine", () => {
    expect(params("min_gpu_count=3&max_gpu_count=2").sort()).toEqual(["max_gpu_count", "min_gpu_count"]);
    expect(ok("min_gpu_count=2&max_gpu_count=2")).toMatchObject({ min_gpu_count: 2, max_gpu_count: 2 });
  });
});

describe("lists", () => {
  test("comma lists keep their order and values", () => {
    expect(ok("status=running,error&gpu_type=H100&region=us-east-1,eu-west-1")).toMatchObject({
      status: ["running", "error"],
      gpu_type: ["H100"],
      region: ["us-east-1", "eu-west-1"],
    });
  });

  test("an encoded comma separates too", () => {
    expect(ok("status=running%2Cerror").status).toEqual(["running", "error"]);
  });

  test.each(["running,", ",running", "running,,error", ",", "running, error", "Running"])(
    "status=%j is rejected and the message names the bad value",
    (value) => {
      const result = parse(`status=${encodeURIComponent(value)}`);
      expect(result.success).toBe(false);
      if (!result.success) {
        expect(result.errors.map((e) => e.param)).toContain("status");
        expect(result.errors.some((e) => e.message.includes("running"))).toBe(true);
      }
    },
  );
});

describe("unknown and repeated parameters", () => {
  test("unknown parameters are named, including prototype keys", () => {
    expect(params("typo=1")).toEqual(["typo"]);
    expect(params("__proto__=1&constructor=x&toString=y").sort()).toEqual([
      "__proto__",
      "constructor",
      "toString",
    ]);
    expect(params("status[]=running")).toEqual(["status[]"]);
    expect(params("STATUS=running")).toEqual(["STATUS"]);
  });

  test("repeated parameters are rejected, even with equal or empty values", () => {
    expect(params("page=1&page=1")).toEqual(["page"]);
    expect(params("status=running&status=error")).toEqual(["status"]);
    expect(params("search=&search=")).toEqual(["search"]);
  });

  test("every offending parameter is reported at once", () => {
    expect(params("limit=0&page=x&nope=1&status=bad&sort_by=size").sort()).toEqual([
      "limit",
      "nope",
      "page",
      "sort_by",
      "status",
    ]);
  });
});

describe("text", () => {
  test("search keeps LIKE metacharacters, quotes and Unicode as given", () => {
    for (const value of ["100%", "a_b", "C:\\x", "it's", '"q"', "Straße 🚀", "   "]) {
      expect(ok(`search=${encodeURIComponent(value)}`).search).toBe(value);
    }
  });

  test("search is at most 200 characters", () => {
    expect(ok(`search=${"a".repeat(200)}`).search).toHaveLength(200);
    expect(params(`search=${"a".repeat(201)}`)).toEqual(["search"]);
  });

  test("control characters and lone surrogates are rejected", () => {
    expect(params("search=a%00b")).toEqual(["search"]);
    expect(params("search=a%0Ab")).toEqual(["search"]);
    expect(params("project_id=p%00")).toEqual(["project_id"]);
    // Invalid UTF-8 decodes to U+FFFD, which is a well-formed (if odd) search term.
    expect(ok("search=%FF").search).toBe("\uFFFD");
  });

  test("ids are exact strings up to 100 characters", () => {
    expect(ok("project_id=prj_1&template_id=tpl_2")).toMatchObject({
      project_id: "prj_1",
      template_id: "tpl_2",
    });
    expect(params(`project_id=${"p".repeat(101)}`)).toEqual(["project_id"]);
  });
});

describe("dates", () => {
  test("a date is 00:00 UTC that day", () => {
    expect(ok("created_after=2026-01-31").created_after?.toISOString()).toBe("2026-01-31T00:00:00.000Z");
  });

  test("date-times need Z or an offset; an unencoded + offset arrives as a space and still counts", () => {
    expect(ok("created_after=2026-01-31T10:00:00Z").created_after?.toISOString()).toBe(
      "2026-01-31T10:00:00.000Z",
    );
    expect(ok("created_after=2026-01-31T10:00:00%2B02:00").created_after?.toISOString()).toBe(
      "2026-01-31T08:00:00.000Z",
    );
    expect(ok("created_after=2026-01-31T10:00:00+02:00").created_after?.toISOString()).toBe(
      "2026-01-31T08:00:00.000Z",
    );
    expect(ok("created_after=2026-01-31T10:00:00.123-05:30").created_after?.toISOString()).toBe(
      "2026-01-31T15:30:00.123Z",
    );
    expect(params("created_after=2026-01-31T10:00:00")).toEqual(["created_after"]);
  });

  test.each([
    "2026-02-30",
    "2026-13-01",
    "26-01-31",
    "2026/01/31",
    "now",
    "1706659200",
    "2026-01-31T25:00:00Z",
  ])("created_before=%s is rejected", (value) => {
    expect(params(`created_before=${value}`)).toEqual(["created_before"]);
  });

  test("after must be earlier than before", () => {
    expect(params("created_after=2026-01-31&created_before=2026-01-31").sort()).toEqual([
      "created_after",
      "created_before",
    ]);
    expect(ok("created_after=2026-01-31&created_before=2026-01-31T00:00:00.001Z")).toBeTruthy();
  });
});
