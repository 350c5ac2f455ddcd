// Row shapes of the seeded tables, keyed by column name so they can go straight into COPY
// or `json_populate_recordset` without a mapping layer.

export interface AccountRow {
  id: string;
  name: string;
  created_at: string;
}

export interface ProjectRow {
  id: string;
  account_id: string;
  name: string;
  created_at: string;
}

export interface TemplateRow {
  id: string;
  account_id: string;
  name: string;
  description: string | null;
  created_at: string;
}

export interface PortMappingValue {
  internal_port: number;
  external_port: number;
  protocol: string;
  description: string | null;
  url: string | null;
}

export interface ClusterRow {
  id: string;
  account_id: string;
  project_id: string;
  template_id: string | null;
  name: string;
  name_lower: string;
  description: string | null;
  status: string;
  gpu_type: string;
  gpu_count: number;
  cpu_cores: number;
  memory_gb: number;
  storage_gb: number;
  region: string;
  ssh_enabled: boolean;
  ssh_host: string | null;
  ssh_port: number | null;
  ssh_username: string | null;
  port_mappings: PortMappingValue[];
  proxy_url: string | null;
  hourly_rate_cents: number;
  total_cost_cents: number;
  gpu_utilization: number | null;
  gpu_memory_utilization: number | null;
  cpu_utilization: number | null;
  memory_utilization: number | null;
  metrics_updated_at: string | null;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
}

export const ACCOUNT_COLUMNS = ["id", "name", "created_at"] as const satisfies readonly (keyof AccountRow)[];
export const PROJECT_COLUMNS = [
  "id",
  "account_id",
  "name",
  "created_at",
] as const satisfies readonly (keyof ProjectRow)[];
export const TEMPLATE_COLUMNS = [
  "id",
  "account_id",
  "name",
  "description",
  "created_at",
] as const satisfies readonly (keyof TemplateRow)[];
export const CLUSTER_COLUMNS = [
  "id",
  "account_id",
  "project_id",
  "template_id",
  "name",
  "name_lower",
  "description",
  "status",
  "gpu_type",
  "gpu_count",
  "cpu_cores",
  "memory_gb",
  "storage_gb",
  "region",
  "ssh_enabled",
  "ssh_host",
  "ssh_port",
  "ssh_username",
  "port_mappings",
  "proxy_url",
  "hourly_rate_cents",
  "total_cost_cents",
  "gpu_utilization",
  "gpu_memory_utilization",
  "cpu_utilization",
  "memory_utilization",
  "metrics_updated_at",
  "created_at",
  "updated_at",
  "expires_at",
] as const satisfies readonly (keyof ClusterRow)[];

const NEEDS_ESCAPE = /[\\\t\n\r]/;

function field(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "boolean") return value ? "t" : "f";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return NEEDS_ESCAPE.test(text)
    ? text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
    : text;
}

/** One line of PostgreSQL's COPY text format. */
export function copyLine<Row extends object>(row: Row, columns: readonly (keyof Row)[]): string {
  let line = "";
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) line += "\t";
    line += field(row[columns[i] as keyof Row]);
  }
  return `${line}\n`;
}
