import { afterAll, beforeAll, expect, test } from "vitest";
import { Prisma } from "./generated/prisma/client.ts";
import { snakeCase, tableColumns } from "./table-columns.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";

// Every model, so a new one is held to the naming rule too (the compiler asks for its entry).
const MODELS = {
  Account: ["accounts", Prisma.AccountScalarFieldEnum],
  Project: ["projects", Prisma.ProjectScalarFieldEnum],
  Template: ["templates", Prisma.TemplateScalarFieldEnum],
  ApiKey: ["api_keys", Prisma.ApiKeyScalarFieldEnum],
  Session: ["sessions", Prisma.SessionScalarFieldEnum],
  WatchStreamLease: ["watch_stream_leases", Prisma.WatchStreamLeaseScalarFieldEnum],
  RateLimitWindow: ["rate_limit_windows", Prisma.RateLimitWindowScalarFieldEnum],
  SavedView: ["saved_views", Prisma.SavedViewScalarFieldEnum],
  Cluster: ["clusters", Prisma.ClusterScalarFieldEnum],
  ClusterChange: ["cluster_changes", Prisma.ClusterChangeScalarFieldEnum, ["xid"]],
  ClusterChangeLog: ["cluster_change_log", Prisma.ClusterChangeLogScalarFieldEnum],
} satisfies Record<
  Prisma.ModelName,
  | readonly [string, Readonly<Record<string, string>>]
  | readonly [string, Readonly<Record<string, string>>, string[]]
>;

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

test("snakeCase puts an underscore before each capital and lowers it", () => {
  expect(snakeCase("gpuMemoryUtilization")).toBe("gpu_memory_utilization");
  expect(snakeCase("id")).toBe("id");
  expect(snakeCase("windowStart")).toBe("window_start");
});

test.each(Object.entries(MODELS))(
  "%s: the migrated table has exactly its fields as columns, each @map-ped to its snake_case name",
  // Columns of a type Prisma cannot read (Unsupported(...)) are not fields: listed beside them.
  async (_model, [table, fields, unsupported = []]) => {
    const live = await database.db.$rows<{ column_name: string }>(
      Prisma.sql`SELECT column_name FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = ${table}`,
    );
    expect(live.length, table).toBeGreaterThan(0);
    expect([...tableColumns(fields), ...unsupported].sort()).toEqual(live.map((c) => c.column_name).sort());
  },
);
