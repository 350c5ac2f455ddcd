import { defineConfig } from "tsup";

// The published client: ESM + .d.ts. @fleet/api is imported with `import type` only, so nothing of
// the server can reach the bundle; test/bundle.test.ts proves it.
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  dts: true,
  clean: true,
  target: "node20",
  platform: "neutral",
  external: ["@trpc/client", "@trpc/server"],
});
