// The SQL a service that owns clusters would send: plain multi-row statements on "clusters", each
// re-checking the state it relies on (so a change made meanwhile by someone else is skipped, not
// overwritten) and returning the ids it changed. Every UPDATE sets updated_at = now().

import type { Status } from "../seed/catalog.ts";
import type { metrics } from "../seed/generate.ts";
import { CLUSTER_COLUMNS, type ClusterRow } from "../seed/rows.ts";

export interface Sql {
  text: string;
  values: unknown[];
}

/** A utilization sample, as the seed draws them. */
export type Metrics = ReturnType<typeof metrics>;

/** The database fills these itself (its clock, not this process's). */
const STAMPED = new Set<string>(["created_at", "updated_at"]);

export function insertClusters(rows: readonly ClusterRow[]): Sql {
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const cells = CLUSTER_COLUMNS.map((column) => {
      if (STAMPED.has(column)) return "now()";
      const value = row[column];
      values.push(column === "port_mappings" ? JSON.stringify(value) : value);
      return `$${values.length}`;
    });
    return `(${cells.join(", ")})`;
  });
  return {
    text: `INSERT INTO clusters (${CLUSTER_COLUMNS.join(", ")}) VALUES ${tuples.join(", ")} RETURNING id`,
    values,
  };
}

export interface Transition {
  id: string;
  from: Status;
  to: Status;
  /** Cost of the running time that ends with this transition. */
  cents: number;
  /** First metrics of a cluster that starts running; null clears them. */
  metrics: Metrics | null;
}

export function transitionClusters(changes: readonly Transition[]): Sql {
  return {
    text: `UPDATE clusters c
       SET status = u.next, total_cost_cents = c.total_cost_cents + u.cents,
           gpu_utilization = u.gpu, gpu_memory_utilization = u.gpu_memory,
           cpu_utilization = u.cpu, memory_utilization = u.memory,
           metrics_updated_at = CASE WHEN u.gpu IS NULL THEN NULL ELSE now() END, updated_at = now()
      FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::real[], $6::real[], $7::real[], $8::real[])
           AS u(id, prev, next, cents, gpu, gpu_memory, cpu, memory)
     WHERE c.id = u.id AND c.status = u.prev
     RETURNING c.id`,
    values: [
      changes.map((c) => c.id),
      changes.map((c) => c.from),
      changes.map((c) => c.to),
      changes.map((c) => c.cents),
      changes.map((c) => c.metrics?.gpu ?? null),
      changes.map((c) => c.metrics?.gpuMemory ?? null),
      changes.map((c) => c.metrics?.cpu ?? null),
      changes.map((c) => c.metrics?.memory ?? null),
    ],
  };
}

/** New metrics of running clusters, and the cost of their running time since the last refresh. */
export function refreshRunning(samples: readonly { id: string; metrics: Metrics; cents: number }[]): Sql {
  return {
    text: `UPDATE clusters c
       SET gpu_utilization = u.gpu, gpu_memory_utilization = u.gpu_memory,
           cpu_utilization = u.cpu, memory_utilization = u.memory, metrics_updated_at = now(),
           total_cost_cents = c.total_cost_cents + u.cents, updated_at = now()
      FROM unnest($1::text[], $2::real[], $3::real[], $4::real[], $5::real[], $6::bigint[])
           AS u(id, gpu, gpu_memory, cpu, memory, cents)
     WHERE c.id = u.id AND c.status = 'running'
     RETURNING c.id`,
    values: [
      samples.map((s) => s.id),
      samples.map((s) => s.metrics.gpu),
      samples.map((s) => s.metrics.gpuMemory),
      samples.map((s) => s.metrics.cpu),
      samples.map((s) => s.metrics.memory),
      samples.map((s) => s.cents),
    ],
  };
}

/** What an edit sets, from its one value `u.value` (text or NULL; a resize's is a JSON object). */
export const EDITS = {
  rename: "name = u.value, name_lower = lower(u.value)",
  describe: "description = u.value",
  move: "project_id = u.value",
  retemplate: "template_id = u.value",
  expiry: "expires_at = u.value::timestamptz",
  resize: `gpu_count = (u.value::jsonb ->> 'gpu_count')::int, cpu_cores = (u.value::jsonb ->> 'cpu_cores')::int,
           memory_gb = (u.value::jsonb ->> 'memory_gb')::int,
           hourly_rate_cents = (u.value::jsonb ->> 'hourly_rate_cents')::int`,
} as const;

export type EditKind = keyof typeof EDITS;

export function editClusters(kind: EditKind, edits: readonly { id: string; value: string | null }[]): Sql {
  return {
    text: `UPDATE clusters c SET ${EDITS[kind]}, updated_at = now()
      FROM unnest($1::text[], $2::text[]) AS u(id, value)
     WHERE c.id = u.id
     RETURNING c.id`,
    values: [edits.map((e) => e.id), edits.map((e) => e.value)],
  };
}

export function deleteClusters(ids: readonly string[], deletable: readonly Status[]): Sql {
  return {
    text: "DELETE FROM clusters WHERE id = ANY($1::text[]) AND status = ANY($2::text[]) RETURNING id",
    values: [ids, deletable],
  };
}
