// Rows of the seeded tables as COPY (and `json_populate_recordset`) take them: keyed by column name,
// so they go in without a mapping layer. Each table's columns come from its Prisma model (see
// ../table-columns.ts); an instant is written as an ISO string, an int8 as a number or bigint.
import {
  type Account,
  type Cluster,
  Prisma,
  type Project,
  type Template,
} from "../generated/prisma/client.ts";
import { type TableRow, tableColumns } from "../table-columns.ts";

type CopyValue<Value> = Value extends Date ? string : Value extends bigint ? bigint | number : Value;
type CopyRow<Model> = { [Column in keyof TableRow<Model>]: CopyValue<TableRow<Model>[Column]> };

export type AccountRow = CopyRow<Account>;
export type ProjectRow = CopyRow<Project>;
export type TemplateRow = CopyRow<Template>;
export type ClusterRow = CopyRow<Cluster>;

/** One element of `port_mappings` (a type, not an interface, so it is a JSON value). */
export type PortMappingValue = {
  internal_port: number;
  external_port: number;
  protocol: string;
  description: string | null;
  url: string | null;
};

export const ACCOUNT_COLUMNS = tableColumns(Prisma.AccountScalarFieldEnum);
export const PROJECT_COLUMNS = tableColumns(Prisma.ProjectScalarFieldEnum);
export const TEMPLATE_COLUMNS = tableColumns(Prisma.TemplateScalarFieldEnum);
export const CLUSTER_COLUMNS = tableColumns(Prisma.ClusterScalarFieldEnum);

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
