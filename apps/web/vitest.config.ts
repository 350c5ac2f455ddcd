import { defineConfig } from "vitest/config";

// Browser tests against the production build: one server, one browser, files in sequence, long timeouts
// (the global setup may run `next build` on a 2-core machine).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 900_000,
  },
});
