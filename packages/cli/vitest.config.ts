import { defineConfig } from "vitest/config";

// Every test spawns the CLI (tsx + Prisma start-up, ~1 s each on 2 cores).
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
