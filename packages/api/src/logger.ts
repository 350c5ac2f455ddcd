// Structured JSON logs (pino). Credentials never reach a log line: request logs carry the principal's
// ids, not headers, and the redact list catches any header object logged by mistake.
import pino, { type Logger } from "pino";
import { apiEnv } from "./env.ts";

export type { Logger };

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: "fleet-api",
      level: opts.level ?? apiEnv().LOG_LEVEL,
      redact: {
        paths: [
          "headers.authorization",
          "headers.cookie",
          'headers["set-cookie"]',
          "req.headers.authorization",
          "req.headers.cookie",
          "authorization",
          "cookie",
          "apiKey",
          "secret",
          "token",
        ],
        censor: "[redacted]",
      },
    },
    opts.destination,
  );
}
