// Where `next build` writes the portal and `pnpm start` serves it from. The test suite builds into
// a directory of its own, so `pnpm test` never rewrites the build that a running portal serves.
// next.config.ts runs at build and at start, so both read the same directory from here.
import { z } from "zod";

/** What `pnpm build` writes and `pnpm start` serves. */
export const SERVED_DIST_DIR = ".next";
/** What the test suites build and serve. */
export const TEST_DIST_DIR = ".next-test";

const DistDir = z
  .string()
  .regex(/^\.next[A-Za-z0-9_-]*$/, {
    error: 'FLEET_WEB_DIST_DIR must be a directory name inside apps/web that starts with ".next"',
  })
  .default(SERVED_DIST_DIR);

export const distDir: string = DistDir.parse(process.env.FLEET_WEB_DIST_DIR || undefined);
