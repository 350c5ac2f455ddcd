// CSV export of ALL clusters matching a filter, streamed: keyset pages in the listing's default
// order (newest first), so memory stays flat and deep pages stay as cheap as the first.
import type { Db } from "@fleet/db";
import type { Cluster, ClusterSelector } from "@fleet/schema";
import type { Principal } from "../auth/principal.ts";
import { DEFAULT_SORT, positionOf } from "./cluster-order.ts";
import { toCluster } from "./cluster-row.ts";
import { clusterWhere } from "./cluster-where.ts";
import type { CursorPosition } from "./cursor.ts";
import { keysetPageQuery, type PageRow } from "./page-query.ts";

const DEFAULT_BATCH = 500;

const CSV_COLUMNS: [string, (c: Cluster) => string | number | boolean | null][] = [
  ["id", (c) => c.id],
  ["name", (c) => c.name],
  ["description", (c) => c.description],
  ["status", (c) => c.status],
  ["gpu_type", (c) => c.gpu_type],
  ["gpu_count", (c) => c.gpu_count],
  ["cpu_cores", (c) => c.cpu_cores],
  ["memory_gb", (c) => c.memory_gb],
  ["storage_gb", (c) => c.storage_gb],
  ["region", (c) => c.region],
  ["project_id", (c) => c.project_id],
  ["template_id", (c) => c.template_id],
  ["ssh_enabled", (c) => c.ssh_enabled],
  ["ssh_connection", (c) => c.ssh_connection?.connection_string ?? null],
  ["proxy_url", (c) => c.proxy_url],
  [
    "port_mappings",
    (c) => c.port_mappings.map((p) => `${p.external_port}:${p.internal_port}/${p.protocol}`).join(" "),
  ],
  ["gpu_utilization", (c) => c.metrics?.gpu_utilization ?? null],
  ["gpu_memory_utilization", (c) => c.metrics?.gpu_memory_utilization ?? null],
  ["cpu_utilization", (c) => c.metrics?.cpu_utilization ?? null],
  ["memory_utilization", (c) => c.metrics?.memory_utilization ?? null],
  ["metrics_updated_at", (c) => c.metrics?.updated_at ?? null],
  ["hourly_rate_usd", (c) => c.cost.hourly_rate.toFixed(2)],
  ["total_cost_usd", (c) => c.cost.total_cost.toFixed(2)],
  ["created_at", (c) => c.created_at],
  ["updated_at", (c) => c.updated_at],
  ["expires_at", (c) => c.expires_at],
];

/** RFC 4180 quoting; text that a spreadsheet would run as a formula is prefixed with `'`. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvHeaderLine = () => `${CSV_COLUMNS.map(([name]) => name).join(",")}\r\n`;
export const csvLine = (c: Cluster) => `${CSV_COLUMNS.map(([, get]) => csvCell(get(c))).join(",")}\r\n`;

export function streamClustersCsv(
  db: Db,
  principal: Principal,
  filter: ClusterSelector,
  opts: { batchSize?: number } = {},
): ReadableStream<Uint8Array> {
  const batch = opts.batchSize ?? DEFAULT_BATCH;
  const encoder = new TextEncoder();
  const where = clusterWhere(principal, filter);
  let after: CursorPosition | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvHeaderLine()));
        return;
      }
      const rows = await db.$rows<PageRow>(keysetPageQuery(where, DEFAULT_SORT, after, batch));
      if (rows.length > 0)
        controller.enqueue(encoder.encode(rows.map((r) => csvLine(toCluster(r))).join("")));
      const last = rows.at(-1);
      if (!last || rows.length < batch) controller.close();
      else after = positionOf(last);
    },
  });
}
