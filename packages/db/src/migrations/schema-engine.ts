// Prisma's own schema engine, compiled to WebAssembly (@prisma/schema-engine-wasm), driven through
// the pg driver adapter. Node 20 cannot import the package's `.wasm` entry, so we instantiate the
// module by hand from its wasm-bindgen glue.
import { readFile } from "node:fs/promises";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine, SchemasContainer } from "@prisma/schema-engine-wasm";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import { resolveFromDbPackage, schemaPath } from "../paths.ts";
import { ShadowAwarePg } from "./shadow-aware-pg.ts";

export type { SchemaEngine };

let loaded: Promise<typeof glue> | undefined;

/** Where the wasm code reports a Rust panic's message before throwing (the CLI installs the same). */
const panicRegistry = {
  message: "",
  set_message(message: string) {
    this.message = message;
  },
};
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof panicRegistry }).PRISMA_WASM_PANIC_REGISTRY ??=
  panicRegistry;

function loadEngineModule(): Promise<typeof glue> {
  loaded ??= (async () => {
    const gluePath = resolveFromDbPackage("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(gluePath.replace(/\.js$/, ".wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": withUnrefTimers(glue),
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return loaded;
}

/**
 * The engine arms timeouts (e.g. around its migration advisory lock) that it never clears, which
 * would keep a finished CLI process alive for 10 s. Unref'd timers still fire while work is pending.
 */
function withUnrefTimers(imports: typeof glue): WebAssembly.ModuleImports {
  const patched: WebAssembly.ModuleImports = { ...(imports as unknown as WebAssembly.ModuleImports) };
  for (const [name, fn] of Object.entries(patched)) {
    if (!name.startsWith("__wbg_setTimeout_") || typeof fn !== "function") continue;
    patched[name] = (...args: unknown[]) => {
      const timer = fn(...args) as NodeJS.Timeout | undefined;
      timer?.unref?.();
      return timer;
    };
  }
  return patched;
}

export async function readSchema(path = schemaPath): Promise<SchemasContainer> {
  return { files: [{ path, content: await readFile(path, "utf8") }] };
}

export interface EngineOptions {
  /** Database the engine connects to (and creates shadow databases next to). */
  url: string;
  /**
   * The Prisma schema the engine starts with (the CLI's --datamodels): besides the target of some
   * commands it carries the preview features, e.g. postgresqlExtensions. Defaults to prisma/schema.prisma.
   */
  schema?: SchemasContainer;
  onLog?: (line: string) => void;
}

/** Opens an engine on `url`, runs `fn`, and always frees the engine. */
export async function withSchemaEngine<T>(options: EngineOptions, fn: (engine: SchemaEngine) => Promise<T>) {
  const { engine, close } = await openSchemaEngine(options);
  try {
    return await fn(engine);
  } finally {
    await close();
  }
}

export interface OpenEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes every connection pool it opened. */
  close(): Promise<void>;
}

export async function openSchemaEngine(options: EngineOptions): Promise<OpenEngine> {
  const { SchemaEngine } = await loadEngineModule();
  const factory = new ShadowAwarePg(options.url);
  const engine = await SchemaEngine.new(
    { datamodels: (options.schema ?? (await readSchema())).files.map((f) => [f.path, f.content]) },
    options.onLog ?? (() => {}),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await factory.close();
    },
  };
}
