// The only place the bench reads process.env. DATABASE_URL selects an external server (it is read
// here rather than through @fleet/db because the bench, unlike the apps, must not fall back to the
// development database: it uses its own embedded server and data directory).
import { z } from "zod";

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional()
    .describe("Benchmark against this server (a database per seed and size is created on it)."),
});

export function benchEnv() {
  const raw = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  return EnvSchema.parse(raw);
}
