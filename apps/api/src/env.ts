// The only place apps/api reads process.env (the packages it mounts validate their own: DATABASE_URL
// in @fleet/db, RATE_LIMIT_PER_MINUTE, AUTH_FAILURES_PER_MINUTE, FLEET_TRUST_PROXY, LOG_LEVEL and
// CURSOR_SECRET in @fleet/api).
import { z } from "zod";

const EnvSchema = z.object({
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(3001)
    .describe("TCP port; 0 asks the OS for a free one."),
  HOST: z
    .string()
    .default("127.0.0.1")
    .describe("Interface to listen on; loopback unless deliberately exposed."),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10_000)
    .describe("On SIGTERM/SIGINT, how long in-flight requests may finish before connections are cut."),
});

export type ServerEnv = z.infer<typeof EnvSchema>;

export function serverEnv(): ServerEnv {
  // Empty strings mean "unset", as everywhere else in the project.
  const raw = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  return EnvSchema.parse(raw);
}
