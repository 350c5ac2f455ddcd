import "server-only";
import { isEmbeddedDatabase } from "@fleet/db/env";
import { z } from "zod";
import { processSingleton } from "./process-singleton";

// The only place the portal reads process.env (the packages it uses validate their own).
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  FLEET_DEMO_SIMULATE: z
    .enum(["0", "1"], { error: 'must be "0" or "1"' })
    .default("1")
    .describe(
      "Embedded demo mode only: 1 runs `fleet simulate` at a gentle rate inside the portal, so the demo fleet moves (statuses, metrics, costs, now and then a new or deleted cluster); 0 keeps it still.",
    ),
  NEXT_PHASE: z
    .string()
    .optional()
    .describe("Set by Next.js; `phase-production-build` while `next build` runs."),
});

export const webEnv = () =>
  processSingleton("web-env", () =>
    EnvSchema.parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""))),
  );

/** Embedded demo mode: no DATABASE_URL, so the portal runs its own PostgreSQL with demo data. */
export const isEmbeddedMode = isEmbeddedDatabase;
