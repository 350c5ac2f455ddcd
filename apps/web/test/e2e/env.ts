// The only place the browser suite reads process.env: validated once, on first use.
import { z } from "zod";

const EnvSchema = z.object({
  CHROMIUM_PATH: z
    .string()
    .min(1)
    .optional()
    .describe("A Chromium or Chrome binary to drive instead of the one from @sparticuz/chromium."),
  E2E_CPU_THROTTLE: z.coerce
    .number()
    .min(1)
    .default(1)
    .describe("Runs pages N times slower (Chromium's CPU throttling), to reproduce a loaded CI machine."),
});

let cached: z.infer<typeof EnvSchema> | undefined;

export function e2eEnv() {
  cached ??= EnvSchema.parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));
  return cached;
}
