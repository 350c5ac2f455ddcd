// The only place @fleet/api reads process.env: validated once, on first use.
import { z } from "zod";

/** A cursor-signing key, wherever it comes from (CURSOR_SECRET or the embedded mode's generated file). */
export const CursorSecret = z.string().min(16, { error: "must be at least 16 characters" });

const EnvSchema = z.object({
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(600)
    .describe("Requests per API key per minute, shared by every server instance."),
  CURSOR_SECRET: CursorSecret.optional().describe(
    "HMAC key that signs pagination cursors; every instance behind one endpoint must share it. Required with an external DATABASE_URL; unset in embedded mode, one is generated and kept in the data directory.",
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
