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
    // Browser assertions poll until the page shows what they check; 1 s (vitest's default) is far too
    // short for a production build on a loaded 2-core CI machine.
    expect: { poll: { timeout: 30_000, interval: 100 } },
  },
});
