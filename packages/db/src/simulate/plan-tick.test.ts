import { describe, expect, it } from "vitest";
import type { Status } from "../seed/catalog.ts";
import { Rng } from "../seed/prng.ts";
import { FleetModel } from "./fleet-model.ts";
import { ClusterNames } from "./new-cluster.ts";
import { type PlannedStatement, TickPlanner, type WriterRates } from "./plan-tick.ts";

const account = {
  plan: {
    account: { id: "acc_t", name: "Test", created_at: "2026-01-01T00:00:00.000Z" },
    projects: [{ id: "prj_t", account_id: "acc_t", name: "ml", created_at: "2026-01-01T00:00:00.000Z" }],
    templates: [],
  },
  names: new ClusterNames(),
};
const NONE: WriterRates = {
  transitionsPerSecond: 0,
  createsPerSecond: 0,
  deletesPerSecond: 0,
  editsPerSecond: 0,
  metricsEveryMs: 3_600_000,
};

function fleet(statuses: Status[]): FleetModel {
  const model = new FleetModel();
  for (const [i, status] of statuses.entries())
    model.add({
      id: `cl_${i}`,
      status,
      gpuType: "A100",
      hourlyRateCents: 100,
      billedUntilMs: 0,
      centsRemainder: 0,
    });
  return model;
}

/** Plans `ticks` ticks of `tickMs` and returns every statement planned (none is committed). */
function planTicks(
  model: FleetModel,
  rates: WriterRates,
  ticks: number,
  tickMs: number,
): PlannedStatement[][] {
  const planner = new TickPlanner(account, model, new Rng("t"), rates, "t/create");
  return Array.from({ length: ticks }, (_, i) => planner.plan(tickMs, i * tickMs).flat());
}

const idsOf = (statements: PlannedStatement[], text: RegExp) =>
  statements.filter((s) => text.test(s.sql.text)).flatMap((s) => s.sql.values[0] as string[]);

describe("TickPlanner", () => {
  it("holds fractional rates exactly over many short ticks", () => {
    const model = fleet(Array.from({ length: 2_000 }, (_, i) => (i % 2 ? "pending" : "running")));
    const ticks = planTicks(model, { ...NONE, transitionsPerSecond: 37 }, 100, 100);
    expect(ticks.flat().flatMap((s) => (s.transitions ? (s.sql.values[0] as string[]) : []))).toHaveLength(
      370,
    );
  });

  it("refreshes every running cluster once per metrics interval, spread evenly over the ticks", () => {
    const model = fleet(Array.from({ length: 600 }, (_, i) => (i % 3 ? "running" : "stopped")));
    const ticks = planTicks(model, { ...NONE, metricsEveryMs: 10_000 }, 10, 1_000);
    const perTick = ticks.map((statements) => idsOf(statements, /metrics_updated_at = now\(\)/));
    for (const ids of perTick) expect(ids).toHaveLength(40);
    const refreshed = perTick.flat();
    expect(new Set(refreshed).size).toBe(400);
    expect(refreshed.every((id) => model.get(id)?.status === "running")).toBe(true);
  });

  it("changes nothing in the model until a transaction commits", () => {
    const model = fleet(Array.from({ length: 100 }, () => "stopped"));
    const rates = {
      ...NONE,
      transitionsPerSecond: 50,
      createsPerSecond: 10,
      deletesPerSecond: 10,
      editsPerSecond: 10,
    };
    const [statements = []] = planTicks(model, rates, 1, 1_000);
    expect(statements.length).toBeGreaterThanOrEqual(3);
    expect([model.size, model.count("stopped")]).toEqual([100, 100]);
    const deletes = statements.find((s) => s.effect === "deleted");
    deletes?.commit(new Set(deletes.sql.values[0] as string[]));
    expect(model.size).toBe(90);
  });
});
