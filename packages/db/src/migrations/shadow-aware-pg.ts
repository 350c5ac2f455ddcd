// The migration-aware pg adapter factory handed to the schema engine. It differs from
// @prisma/adapter-pg's own connectToShadowDb in two ways that matter here: adapter-pg spreads
// `{ ...config, database }`, but a connectionString wins over `database`, so its "shadow" pool
// would hit the main database; and it drops the shadow database before closing the pool
// ("being accessed by other users"). We build the shadow URL ourselves and drop WITH (FORCE) last.
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { CharAsTextClient, withCharColumns } from "./char-columns.ts";

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function poolConfig(url: string): pg.PoolConfig {
  return { connectionString: url, max: 2, Client: CharAsTextClient };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export class ShadowAwarePg implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "@prisma/adapter-pg";
  private readonly main: PrismaPg;
  /** The engine does not dispose what it connects when freed; we close these ourselves. */
  private readonly open = new Set<SqlDriverAdapter>();

  constructor(private readonly url: string) {
    this.main = new PrismaPg(poolConfig(url));
  }

  async connect(): Promise<SqlDriverAdapter> {
    return this.track(await this.main.connect());
  }

  async close(): Promise<void> {
    await Promise.all([...this.open].map((adapter) => adapter.dispose()));
  }

  private track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    const dispose = adapter.dispose.bind(adapter);
    withCharColumns(adapter);
    wholeScripts(adapter);
    this.open.add(adapter);
    adapter.dispose = async () => {
      if (!this.open.delete(adapter)) return;
      await dispose();
    };
    return adapter;
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `prisma_shadow_${randomBytes(6).toString("hex")}`;
    await adminQuery(this.url, `CREATE DATABASE "${name}"`);
    const adapter = await new PrismaPg(poolConfig(withDatabase(this.url, name))).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await adminQuery(this.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    };
    return this.track(adapter);
  }
}

/**
 * adapter-pg's executeScript splits a migration on every ";", which cuts dollar-quoted bodies
 * (trigger functions) apart. PostgreSQL's simple query protocol runs a multi-statement script whole,
 * as Prisma's native schema engine does; errors still go through the adapter's own mapping.
 */
function wholeScripts(adapter: SqlDriverAdapter): void {
  // Internal fields of adapter-pg's PgQueryable (7.10.0): its pool and its error mapper.
  const internals = adapter as SqlDriverAdapter & { client: pg.Pool; onError(error: unknown): never };
  adapter.executeScript = async (script: string) => {
    try {
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
}
