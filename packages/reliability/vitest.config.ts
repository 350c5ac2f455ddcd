import { defineConfig } from "vitest/config";

// Suites start real servers and PostgreSQL instances and make thousands of requests: allow time, and
// run files one after another so they do not compete for the 2 cores (timings stay meaningful).
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
