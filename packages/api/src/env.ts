// The only place @fleet/api reads process.env: validated once, on first use.
import { z } from "zod";

const EnvSchema = z.object({
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(600)
    .describe("Requests per API key per minute, shared by every server instance."),
  CURSOR_SECRET: z
    .string()
    .min(16, { error: "must be at least 16 characters" })
    .default("fleet-embedded-single-machine-cursor-secret")
    .describe(
      "HMAC key that signs pagination cursors. Every instance behind one endpoint must share it; the default only suits the embedded single-machine mode.",
    ),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info")
    .describe("pino log level of the API's structured request logs."),
});

export type ApiEnv = z.infer<typeof EnvSchema>;

let cached: ApiEnv | undefined;

export function apiEnv(): ApiEnv {
  if (!cached) {
    // Empty strings (e.g. `RATE_LIMIT_PER_MINUTE= pnpm …`) mean "unset", not "invalid".
    const raw = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
    cached = EnvSchema.parse(raw);
  }
  return cached;
}
