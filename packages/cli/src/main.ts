#!/usr/bin/env tsx
import { run } from "./program.ts";

const code = await run(process.argv.slice(2));
// Exit explicitly: an embedded PostgreSQL lease or an idle pool timer must not keep the CLI alive.
process.exit(code);
