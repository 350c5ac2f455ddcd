// Bundles apps/api into dist/main.js for plain `node` (no TypeScript loader at run time: less memory,
// faster start). Workspace packages (TypeScript source) are bundled; npm dependencies stay external,
// imported from where pnpm installed them (absolute paths: run the bundle inside this checkout).
import { build } from "esbuild";

await build({
  entryPoints: ["src/main.ts", "src/migrate-worker.ts"],
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  plugins: [
    {
      name: "external-npm-dependencies",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, async (args) => {
          if (args.path.startsWith("@fleet/") || args.pluginData === "resolving") return undefined;
          if (args.path.startsWith("node:")) return { external: true };
          const resolved = await b.resolve(args.path, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            pluginData: "resolving",
          });
          if (resolved.errors.length > 0) return { errors: resolved.errors };
          return { path: resolved.path, external: true };
        });
      },
    },
  ],
});
