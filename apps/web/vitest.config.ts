import { defineConfig } from "vitest/config";

// Two groups, one after the other. "browser": tests against the test build, with one server and one
// browser, files in sequence, long timeouts (the global setup may run `next build` on a 2-core
// machine). "build-isolation": then rebuilds that test build while a portal serves `pnpm start`'s
// build, which would break the browser group's server if the two overlapped.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "browser",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/e2e/global-setup.ts"],
          sequence: { groupOrder: 0 },
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 900_000,
          // Browser assertions poll until the page shows what they check; 1 s (vitest's default) is
          // far too short for a production build on a loaded 2-core CI machine.
          expect: { poll: { timeout: 30_000, interval: 100 } },
        },
      },
      {
        test: {
          name: "build-isolation",
          include: ["test/build-isolation.test.ts"],
          sequence: { groupOrder: 1 },
          testTimeout: 900_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
