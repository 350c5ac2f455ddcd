// What the generated-client tests share: the document the app serves, and a typecheck of a
// consumer against the code generated from it, with this package's TypeScript.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { TestApp } from "@fleet/api/testing";

const run = promisify(execFile);
const tsc = join(import.meta.dirname, "..", "node_modules", ".bin", "tsc");

/** The app's /v1/openapi.json, parsed (as the generator's document type); throws unless it answers 200. */
export async function servedDocument<Document>(app: TestApp): Promise<Document> {
  const response = await fetch(`${app.url}/v1/openapi.json`);
  if (response.status !== 200) throw new Error(`/v1/openapi.json answered ${response.status}`);
  return (await response.json()) as Document;
}

/** What `tsc --noEmit -p tsconfig` reports: "" when the project typechecks. */
export async function typecheckErrors(tsconfig: string): Promise<string> {
  const result = await run(tsc, ["--noEmit", "-p", tsconfig]).catch(
    (e: { stdout: string; code: number }) => e,
  );
  return "code" in result ? result.stdout : "";
}

/** `tsc --version`'s line, e.g. "Version 5.9.3". */
export async function typescriptVersion(): Promise<string> {
  return (await run(tsc, ["--version"])).stdout.trim();
}
