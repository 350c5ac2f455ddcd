// The only place @fleet/reliability reads process.env: validated once, on first use.
import { z } from "zod";

const EnvSchema = z.object({
  FLEET_FC_RUNS_SCALE: z.coerce
    .number()
    .positive()
    .default(1)
    .describe("Multiplies the property-based run counts (CI: 1; the long script: more)."),
  LOAD_DURATION_S: z.coerce.number().int().positive().default(60).describe("Measured load phase, seconds."),
  LOAD_WARMUP_S: z.coerce
    .number()
    .int()
    .positive()
    .default(20)
    .describe("Warm-up before the RSS baseline, seconds."),
  LOAD_CONNECTIONS: z.coerce.number().int().positive().default(100).describe("Concurrent connections."),
  LOAD_CLUSTERS: z.coerce
    .number()
    .int()
    .positive()
    .default(50_000)
    .describe("Clusters seeded for the load test."),
});

let cached: z.infer<typeof EnvSchema> | undefined;

export function reliabilityEnv() {
  cached ??= EnvSchema.parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));
  return cached;
}
