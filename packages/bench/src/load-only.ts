// Loads (or reuses) a bench database without running the bench: `tsx src/load-only.ts [--quick]`.
import { openBenchDatabase } from "./database.ts";
import { sizeFor } from "./sizes.ts";

const db = await openBenchDatabase(sizeFor(process.argv.includes("--quick")), console.log);
console.log(db.url);
await db.release();
