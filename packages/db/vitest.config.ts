import { defineConfig } from "vitest/config";

// Tests start real PostgreSQL servers and child processes: allow more than the 5 s default.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
