// Worker thread: applies migrations (resolveDatabaseUrl) and posts the URL back. See migrated-url.ts.
import { parentPort } from "node:worker_threads";
import { resolveDatabaseUrl } from "@fleet/db";

parentPort?.postMessage(await resolveDatabaseUrl());
