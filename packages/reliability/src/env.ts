// The only place @fleet/reliability reads process.env: validated once, on first use.
import { z } from "zod";

const EnvSchema = z.object({
  FLEET_FC_RUNS_SCALE: z.coerce
    .number()
    .positive()
    .default(1)
    .describe("Multiplies the property-based run counts (CI: 1; the long script: more)."),
});

let cached: z.infer<typeof EnvSchema> | undefined;

export function reliabilityEnv() {
  cached ??= EnvSchema.parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));
  return cached;
}
