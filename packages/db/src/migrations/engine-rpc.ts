// JSON-RPC 2.0 server (one message per line on stdin/stdout) that answers the Prisma CLI's schema
// engine calls with the wasm engine. Most methods forward unchanged; a few need help:
// - diff: the native engine sends its output to the CLI as a `print` request; the wasm engine
//   returns it instead, so we send the print ourselves.
// - createMigration / evaluateDataLoss / devDiagnostic: the wasm engine wants a shadow database
//   "provided through an external factory" for these; we answer from a diff of the migrations
//   (replayed on our own shadow database) against the schema.
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { SchemaEngine, SchemasContainer } from "@prisma/schema-engine-wasm";
import { pendingScript } from "./diff.ts";
import { migrationTimestamp } from "./new-migration.ts";
import { openSchemaEngine } from "./schema-engine.ts";

interface Request {
  id: number;
  method: string;
  params?: Record<string, unknown>;
}

interface Options {
  url: string;
  datamodelPaths: string[];
}

function send(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Engine log lines go to stderr, where the CLI parses the native engine's JSON log format. */
function log(line: string) {
  const trimmed = line.trim();
  const json = trimmed.startsWith("{")
    ? trimmed
    : JSON.stringify({ level: "INFO", fields: { message: trimmed } });
  process.stderr.write(`${json}\n`);
}

export async function serveJsonRpc({ url, datamodelPaths }: Options): Promise<void> {
  const schema: SchemasContainer | undefined =
    datamodelPaths.length > 0
      ? {
          files: await Promise.all(
            datamodelPaths.map(async (path) => ({ path, content: await readFile(path, "utf8") })),
          ),
        }
      : undefined;
  const { engine, close } = await openSchemaEngine({ url, schema, onLog: log });

  // Requests we send to the CLI (print) await its response, which arrives on stdin.
  const waiting = new Map<number, () => void>();
  let nextId = 1_000_000_000;
  const print = (content: string) =>
    new Promise<void>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      send({ jsonrpc: "2.0", id, method: "print", params: { content } });
    });

  const inFlight = new Set<Promise<void>>();
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (!line.trim()) continue;
    const message = JSON.parse(line) as Request & { result?: unknown };
    if (message.method === undefined) {
      waiting.get(message.id)?.();
      waiting.delete(message.id);
      continue;
    }
    const handled = answer(engine, message, print).then(send);
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  }
  await Promise.all(inFlight);
  await close();
}

async function answer(engine: SchemaEngine, request: Request, print: (content: string) => Promise<void>) {
  try {
    const result = await dispatch(engine, request, print);
    return { jsonrpc: "2.0", id: request.id, result: result ?? null };
  } catch (error) {
    const { message, code, meta } = error as Error & { code?: string; meta?: unknown };
    const data = { is_panic: false, message, meta, error_code: code };
    return {
      jsonrpc: "2.0",
      id: request.id,
      error: { code: 4466, message: "An error happened. Check the data field for details.", data },
    };
  }
}

type Print = (content: string) => Promise<void>;

async function dispatch(
  engine: SchemaEngine,
  { method, params = {} }: Request,
  print: Print,
): Promise<unknown> {
  // biome-ignore lint/suspicious/noExplicitAny: params are the CLI's JSON, typed by the engine itself.
  const p = params as any;
  switch (method) {
    case "diff":
      return diff(engine, p, print);
    case "createMigration":
      return native(engine.createMigration(p), () => createMigrationFromDiff(engine, p));
    case "evaluateDataLoss":
      return native(engine.evaluateDataLoss(p), async () => ({
        migrationSteps: (await pendingScript(engine, p.migrationsList, p.schema, p.filters)) ? 1 : 0,
        unexecutableSteps: [],
        warnings: [],
      }));
    case "devDiagnostic":
      return native(engine.devDiagnostic(p), () => ({ action: { tag: "createMigration" } }));
    case "getDatabaseVersion":
      return engine.version(p);
    default: {
      const fn = (engine as unknown as Record<string, unknown>)[method];
      if (typeof fn !== "function" || method === "free")
        throw new Error(`Unknown schema engine method: ${method}`);
      return (fn as (params: unknown) => Promise<unknown>).call(engine, p);
    }
  }
}

/** The wasm engine's answer, or `fallback` when it needs a native shadow database. */
async function native<T>(call: Promise<T>, fallback: () => Promise<unknown> | unknown): Promise<unknown> {
  try {
    return await call;
  } catch (error) {
    if (!String((error as Error).message).includes("provided through an external factory")) throw error;
    return fallback();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the CLI's DiffParams.
async function diff(engine: SchemaEngine, params: any, print: Print) {
  const result = await engine.diff(params);
  if (result.stdout) await print(result.stdout.replace(/\n$/, ""));
  return { exitCode: result.exitCode, stdout: null };
}

// biome-ignore lint/suspicious/noExplicitAny: the CLI's CreateMigrationInput.
async function createMigrationFromDiff(engine: SchemaEngine, params: any) {
  const script = await pendingScript(engine, params.migrationsList, params.schema, params.filters);
  return {
    connectorType: "postgresql",
    generatedMigrationName: `${migrationTimestamp(new Date())}_${params.migrationName}`,
    migrationScript: script || (params.draft ? "-- This is an empty migration." : null),
    extension: "sql",
  };
}
