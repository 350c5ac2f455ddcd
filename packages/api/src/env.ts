// The only place @fleet/api reads process.env: validated once, on first use.

import { durationMs } from "@fleet/schema";
import { z } from "zod";

/** A cursor-signing key, wherever it comes from (CURSOR_SECRET or the embedded mode's generated file). */
export const CursorSecret = z.string().min(16, { error: "must be at least 16 characters" });

/** FLEET_CHANGE_POLL_MS when unset. */
export const DEFAULT_CHANGE_POLL_MS = 10;

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
  AUTH_FAILURES_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(30)
    .describe(
      "Failed authentications per client address per minute, shared by every server instance; past it, that address's credentialed requests get 429 until the minute ends.",
    ),
  FLEET_TRUST_PROXY: z
    .enum(["0", "1"], { error: 'must be "0" or "1"' })
    .default("0")
    .transform((value) => value === "1")
    .describe(
      "1: the servers are behind one trusted reverse proxy, so X-Forwarded-For (its right-most entry), X-Forwarded-Host and X-Forwarded-Proto are believed. 0: they are ignored.",
    ),
  FLEET_CHANGE_POLL_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(DEFAULT_CHANGE_POLL_MS)
    .describe(
      "While change streams are open, how often (ms) a server looks for newly committed changes: the bound on how late an event is.",
    ),
  FLEET_WATCH_HEARTBEAT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(15_000)
    .default(15_000)
    .describe("A change stream with nothing to send gets a heartbeat event this often (ms)."),
  FLEET_WATCH_KEY_CHECK_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(30_000)
    .default(30_000)
    .describe(
      "How often (ms) the keys of open change streams are checked: a revoked or expired key's streams end within this.",
    ),
  FLEET_CHANGE_RETENTION: z
    .string()
    .default("1h")
    .transform((text, ctx) => {
      const ms = durationMs(text);
      if (ms === null)
        ctx.addIssue({ code: "custom", message: 'must be a duration like "90s", "30m" or "2h"' });
      return ms ?? 0;
    })
    .describe(
      "How long the change log keeps a committed change: a change stream resumes from any revision this recent; older ones get 410 REVISION_EXPIRED.",
    ),
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
