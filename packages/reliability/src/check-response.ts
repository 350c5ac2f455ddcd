// What every answer to a hostile request must satisfy, and the comparison with the oracle.
import type { RawResponse } from "@fleet/api/testing";
import { Problem } from "@fleet/schema";
import { expect } from "vitest";
import type { Row } from "./fleet-data.ts";
import { expectedIds, judge } from "./oracle.ts";

/** A documented problem+json 4xx: the shared Problem shape, request id echoed in the header. */
export function expectProblem(res: RawResponse, status?: number) {
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const body = Problem.parse(JSON.parse(res.body));
  expect(body.status).toBe(res.status);
  if (status !== undefined) expect(res.status).toBe(status);
  expect(res.headers["x-request-id"]).toBe(body.request_id);
  return body;
}

/**
 * Checks one answer to `GET /v1/clusters?<query>` made with a key that sees `visible` rows: never a
 * 5xx, 200 exactly when the oracle says valid (then the same ids, same order, same total), else a 400
 * naming exactly the parameters the oracle finds wrong.
 */
export function checkListing(
  res: RawResponse,
  target: string,
  visible: Row[],
): "valid" | "invalid" | "undecided" {
  const context = `${target.slice(0, 300)} → ${res.status} ${res.body.slice(0, 300)}`;
  expect(res.status, context).toBeLessThan(500);
  const params = new URL(target, "http://x").searchParams;
  const verdict = judge(params);
  const visibleIds = new Set(visible.map((r) => r.id));
  if (res.status === 200) {
    expect(res.headers["content-type"], context).toMatch(/^application\/json/);
    const ids = (JSON.parse(res.body) as { id: string }[]).map((c) => c.id);
    for (const id of ids) expect(visibleIds.has(id), `${context}: foreign id ${id}`).toBe(true);
    expect(verdict.kind, context).not.toBe("invalid");
    if (verdict.kind === "valid") {
      const expected = expectedIds(visible, verdict.query);
      expect(ids, context).toEqual(expected.page);
      expect(res.headers["x-total-count"], context).toBe(String(expected.total));
    }
  } else {
    expect(res.status, context).toBe(400);
    const problem = expectProblem(res, 400);
    expect(problem.code).toBe("VALIDATION_ERROR");
    const named = new Set((problem.errors ?? []).map((e) => e.param));
    expect(named.size, context).toBeGreaterThan(0);
    for (const param of named) expect([...params.keys()], context).toContain(param);
    expect(verdict.kind, context).not.toBe("valid");
    if (verdict.kind === "invalid") {
      // A problem lists the first 20 offending parameters and counts the rest in its detail.
      if (verdict.params.size <= 20) expect([...named].sort(), context).toEqual([...verdict.params].sort());
      else for (const param of named) expect(verdict.params.has(param), context).toBe(true);
    }
  }
  return verdict.kind;
}
