// One writer's work for one tick, as transactions: a lifecycle transaction (new clusters, status
// transitions, edits, deletions: one multi-row statement each) and a telemetry transaction
// (metrics and cost of a slice of the running clusters). Nothing touches the model until its
// transaction commits; a statement's `commit` then applies the rows it really changed.
import type { Status } from "../seed/catalog.ts";
import { metrics } from "../seed/generate.ts";
import type { Rng } from "../seed/prng.ts";
import type { ClusterRow } from "../seed/rows.ts";
import { accrue } from "./billing.ts";
import { drawEdit, EDIT_KINDS, type Edit } from "./edits.ts";
import type { FleetModel, SimCluster } from "./fleet-model.ts";
import { type AccountContext, newClusterRow } from "./new-cluster.ts";
import {
  ADVANCE_WEIGHT,
  DELETABLE_STATUSES,
  FAILED_STATUS,
  FAILURE_SHARE,
  NEXT_STATUS,
  STATUSES,
} from "./state-machine.ts";
import {
  deleteClusters,
  type EditKind,
  editClusters,
  insertClusters,
  refreshRunning,
  type Sql,
  type Transition,
  transitionClusters,
} from "./statements.ts";

export interface PlannedStatement {
  sql: Sql;
  effect: "inserted" | "updated" | "deleted";
  /** Whether its rows are status transitions (for the stats). */
  transitions: boolean;
  /** Applies the committed statement to the model, given the ids it returned. */
  commit(ids: ReadonlySet<string>): void;
}

export type PlannedTransaction = PlannedStatement[];

export interface WriterRates {
  transitionsPerSecond: number;
  createsPerSecond: number;
  deletesPerSecond: number;
  editsPerSecond: number;
  metricsEveryMs: number;
}

const weightsOf = (statuses: readonly Status[]) => Object.fromEntries(statuses.map((s) => [s, 1]));
const ANY = weightsOf(STATUSES);
const CAN_FAIL = weightsOf(STATUSES.filter((s) => s !== FAILED_STATUS));
const DELETABLE = weightsOf(DELETABLE_STATUSES);
const NOT_RUNNING = weightsOf(STATUSES.filter((s) => s !== "running"));
/** An INSERT's VALUES take one parameter per column and row; PostgreSQL allows 65,535 per statement. */
const INSERT_ROWS_PER_STATEMENT = 1_000;

export class TickPlanner {
  private readonly credit = { transitions: 0, creates: 0, deletes: 0, edits: 0, refreshes: 0 };
  private created = 0;

  constructor(
    private readonly account: AccountContext,
    private readonly model: FleetModel,
    private readonly rng: Rng,
    private readonly rates: WriterRates,
    /** Seeds this writer's new clusters. */
    private readonly streamSeed: string,
  ) {}

  /** The work of `elapsedMs`, at wall-clock time `nowMs`. */
  plan(elapsedMs: number, nowMs: number): PlannedTransaction[] {
    const seconds = elapsedMs / 1000;
    const picked = new Set<string>();
    const lifecycle = [
      ...this.creates(this.take("creates", this.rates.createsPerSecond * seconds)),
      this.transitions(this.take("transitions", this.rates.transitionsPerSecond * seconds), picked, nowMs),
      ...this.edits(this.take("edits", this.rates.editsPerSecond * seconds), picked, nowMs),
      this.deletes(this.take("deletes", this.rates.deletesPerSecond * seconds), picked),
    ].filter((statement) => statement !== null);
    const running = this.model.count("running");
    const refreshes = this.take("refreshes", (running * elapsedMs) / this.rates.metricsEveryMs);
    const telemetry = [this.refresh(refreshes, picked, nowMs)].filter((statement) => statement !== null);
    return [lifecycle, telemetry].filter((transaction) => transaction.length > 0);
  }

  /** Whole units of work due, keeping the fraction for the next tick so rates hold on average. */
  private take(kind: keyof TickPlanner["credit"], due: number): number {
    this.credit[kind] += due;
    const whole = Math.floor(this.credit[kind]);
    this.credit[kind] -= whole;
    return whole;
  }

  private creates(count: number): PlannedStatement[] {
    const rows: ClusterRow[] = [];
    for (let i = 0; i < count; i++)
      rows.push(newClusterRow(this.account, `${this.streamSeed}/${this.created++}`));
    const statements: PlannedStatement[] = [];
    for (let from = 0; from < rows.length; from += INSERT_ROWS_PER_STATEMENT) {
      const chunk = rows.slice(from, from + INSERT_ROWS_PER_STATEMENT);
      statements.push({
        sql: insertClusters(chunk),
        effect: "inserted",
        transitions: false,
        commit: (ids) => {
          for (const row of chunk) {
            if (!ids.has(row.id)) continue;
            this.model.add({
              id: row.id,
              status: row.status as Status,
              gpuType: row.gpu_type as SimCluster["gpuType"],
              hourlyRateCents: row.hourly_rate_cents,
              billedUntilMs: 0,
              centsRemainder: 0,
            });
          }
        },
      });
    }
    return statements;
  }

  private transitions(count: number, picked: Set<string>, nowMs: number): PlannedStatement | null {
    const changes: (Transition & { cluster: SimCluster; remainder: number })[] = [];
    for (let i = 0; i < count; i++) {
      const failure = this.rng.chance(FAILURE_SHARE);
      const cluster = this.model.pick(this.rng, failure ? CAN_FAIL : ADVANCE_WEIGHT, picked);
      const to = failure ? FAILED_STATUS : cluster && NEXT_STATUS[cluster.status];
      if (!cluster || !to) continue;
      picked.add(cluster.id);
      const bill = cluster.status === "running" ? accrue(cluster, nowMs) : { cents: 0, remainder: 0 };
      const metricsNow = to === "running" ? metrics(this.rng) : null;
      changes.push({
        id: cluster.id,
        from: cluster.status,
        to,
        cents: bill.cents,
        metrics: metricsNow,
        cluster,
        remainder: bill.remainder,
      });
    }
    if (changes.length === 0) return null;
    return {
      sql: transitionClusters(changes),
      effect: "updated",
      transitions: true,
      commit: (ids) => {
        for (const change of changes) {
          if (!ids.has(change.id)) {
            this.model.delete(change.id);
            continue;
          }
          // Billing restarts when a cluster starts running; the fraction of a cent it ended with stays.
          if (change.from === "running") this.model.billed(change.id, nowMs, change.remainder);
          if (change.to === "running") this.model.billed(change.id, nowMs, change.cluster.centsRemainder);
          this.model.setStatus(change.cluster, change.to);
        }
      },
    };
  }

  private edits(count: number, picked: Set<string>, nowMs: number): PlannedStatement[] {
    const byKind = new Map<EditKind, Edit[]>();
    for (let i = 0; i < count; i++) {
      const kind = this.rng.pick(EDIT_KINDS);
      const cluster = this.model.pick(this.rng, kind === "resize" ? NOT_RUNNING : ANY, picked);
      if (!cluster) continue;
      picked.add(cluster.id);
      const edits = byKind.get(kind) ?? [];
      edits.push({ id: cluster.id, ...drawEdit(kind, cluster, this.account, this.rng, nowMs) });
      byKind.set(kind, edits);
    }
    return [...byKind].map(([kind, edits]) => ({
      sql: editClusters(kind, edits),
      effect: "updated",
      transitions: false,
      commit: (ids) => {
        for (const edit of edits) {
          const cluster = this.model.get(edit.id);
          if (!ids.has(edit.id)) this.model.delete(edit.id);
          else if (cluster && edit.hourlyRateCents !== undefined)
            cluster.hourlyRateCents = edit.hourlyRateCents;
        }
      },
    }));
  }

  private deletes(count: number, picked: Set<string>): PlannedStatement | null {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const cluster = this.model.pick(this.rng, DELETABLE, picked);
      if (!cluster) continue;
      picked.add(cluster.id);
      ids.push(cluster.id);
    }
    if (ids.length === 0) return null;
    return {
      sql: deleteClusters(ids, DELETABLE_STATUSES),
      effect: "deleted",
      transitions: false,
      // Deleted, or changed by someone else so that it may not be: either way no longer ours.
      commit: () => {
        for (const id of ids) this.model.delete(id);
      },
    };
  }

  private refresh(count: number, picked: ReadonlySet<string>, nowMs: number): PlannedStatement | null {
    const samples = this.model
      .nextToRefresh(count)
      .filter((cluster) => !picked.has(cluster.id))
      .map((cluster) => ({ id: cluster.id, metrics: metrics(this.rng), ...accrue(cluster, nowMs) }));
    if (samples.length === 0) return null;
    return {
      sql: refreshRunning(samples),
      effect: "updated",
      transitions: false,
      commit: (ids) => {
        for (const sample of samples) {
          if (ids.has(sample.id)) this.model.billed(sample.id, nowMs, sample.remainder);
          else this.model.delete(sample.id);
        }
      },
    };
  }
}
