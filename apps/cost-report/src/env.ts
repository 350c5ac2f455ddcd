import { z } from "zod";

/** The only place cost-report reads the environment. */
const Env = z.object({
  FLEET_URL: z.url({ error: "must be the Fleet base URL, e.g. http://127.0.0.1:3000" }),
  FLEET_API_KEY: z.string({ error: "must be a Fleet API key with clusters:read" }).min(1),
});

export type Env = z.infer<typeof Env>;

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = Env.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`invalid environment:\n${lines.join("\n")}`);
}
