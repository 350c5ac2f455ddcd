// Stand-in for Prisma's native `schema-engine` binary, which the CLI cannot download here. The
// Prisma CLI (PRISMA_SCHEMA_ENGINE_BINARY=bin/schema-engine) spawns it exactly like the binary:
//   schema-engine --version
//   schema-engine --datasource <json> cli can-connect-to-database | create-database | drop-database
//   schema-engine --datamodels <schema> … --datasource <json>   (then JSON-RPC 2.0 over stdin/stdout)
// and we forward to Prisma's own engine compiled to WebAssembly (see engine-rpc.ts).
import { parseArgs } from "node:util";
import pg from "pg";
import { serveJsonRpc } from "./engine-rpc.ts";
import { withDatabase } from "./shadow-aware-pg.ts";
import { standinDatabaseUrl } from "./standin-url.ts";

/** The engine build @prisma/schema-engine-wasm 7.10.0 was compiled from (the CLI checks it). */
const ENGINE_VERSION = "schema-engine-cli 0edf323efd1d98336f3f0a68684b56f689b900d3";

const { values, positionals } = parseArgs({
  options: {
    version: { type: "boolean" },
    datamodels: { type: "string", multiple: true },
    datasource: { type: "string" },
    "enabled-preview-features": { type: "string" },
    "extension-types": { type: "string" },
  },
  allowPositionals: true,
});

/** Errors go to stderr as the native engine's JSON log lines, which the CLI parses. */
function fail(message: string, errorCode = "P1001"): never {
  const line = {
    level: "ERROR",
    target: "schema_engine::logger",
    fields: { message, error_code: errorCode },
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
  process.exit(1);
}

async function adminQuery(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function runCliCommand(command: string | undefined, url: string): Promise<void> {
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  const maintenance = withDatabase(url, "postgres");
  switch (command) {
    case "can-connect-to-database":
      await adminQuery(url, "SELECT 1");
      return;
    case "create-database":
      await adminQuery(maintenance, `CREATE DATABASE "${database}"`);
      return;
    case "drop-database":
      await adminQuery(maintenance, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      return;
    default:
      throw new Error(`unsupported command: cli ${command}`);
  }
}

async function main(): Promise<void> {
  if (values.version) {
    console.log(ENGINE_VERSION);
    return;
  }
  const url = await standinDatabaseUrl(values.datasource);
  if (positionals[0] === "cli") await runCliCommand(positionals[1], url);
  else await serveJsonRpc({ url, datamodelPaths: values.datamodels ?? [] });
}

// Exit explicitly: the embedded server's exit hook releases it. Any failure is reported in the
// engine's JSON log format, which the CLI parses (a plain stack trace would confuse it).
main().then(
  () => process.exit(0),
  (error: Error) => fail(error.message),
);
