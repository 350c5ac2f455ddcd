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

type CsvValue = string | number | boolean | null;
type CsvColumn = [header: string, value: (c: Cluster) => CsvValue];

/**
 * The CSV's columns, by the cluster field each comes from: a field added to `Cluster` does not
 * compile until it is given its columns here. Nested fields are flattened; object order is column order.
 */
const COLUMNS_OF_FIELD = {
  id: [["id", (c) => c.id]],
  name: [["name", (c) => c.name]],
  description: [["description", (c) => c.description]],
  status: [["status", (c) => c.status]],
  gpu_type: [["gpu_type", (c) => c.gpu_type]],
  gpu_count: [["gpu_count", (c) => c.gpu_count]],
  cpu_cores: [["cpu_cores", (c) => c.cpu_cores]],
  memory_gb: [["memory_gb", (c) => c.memory_gb]],
  storage_gb: [["storage_gb", (c) => c.storage_gb]],
  region: [["region", (c) => c.region]],
  project_id: [["project_id", (c) => c.project_id]],
  template_id: [["template_id", (c) => c.template_id]],
  ssh_enabled: [["ssh_enabled", (c) => c.ssh_enabled]],
  ssh_connection: [["ssh_connection", (c) => c.ssh_connection?.connection_string ?? null]],
  proxy_url: [["proxy_url", (c) => c.proxy_url]],
  port_mappings: [
    [
      "port_mappings",
      (c) => c.port_mappings.map((p) => `${p.external_port}:${p.internal_port}/${p.protocol}`).join(" "),
    ],
  ],
  metrics: [
    ["gpu_utilization", (c) => c.metrics?.gpu_utilization ?? null],
    ["gpu_memory_utilization", (c) => c.metrics?.gpu_memory_utilization ?? null],
    ["cpu_utilization", (c) => c.metrics?.cpu_utilization ?? null],
    ["memory_utilization", (c) => c.metrics?.memory_utilization ?? null],
    ["metrics_updated_at", (c) => c.metrics?.updated_at ?? null],
  ],
  cost: [
    ["hourly_rate_usd", (c) => c.cost.hourly_rate.toFixed(2)],
    ["total_cost_usd", (c) => c.cost.total_cost.toFixed(2)],
  ],
  created_at: [["created_at", (c) => c.created_at]],
  updated_at: [["updated_at", (c) => c.updated_at]],
  expires_at: [["expires_at", (c) => c.expires_at]],
} satisfies Record<keyof Cluster, CsvColumn[]>;

const CSV_COLUMNS: CsvColumn[] = Object.values(COLUMNS_OF_FIELD).flat();

/** RFC 4180 quoting; text that a spreadsheet would run as a formula is prefixed with `'`. */
export function csvCell(value: CsvValue): string {
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
