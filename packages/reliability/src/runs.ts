// fast-check settings: a fixed seed so CI is reproducible, and bounded runs. FLEET_FC_RUNS_SCALE
// (read in env.ts) multiplies the run counts for the long script.
import { reliabilityEnv } from "./env.ts";

export const FC_SEED = 0x5eed_f1ee;

export const runs = (base: number) => Math.max(1, Math.round(base * reliabilityEnv().FLEET_FC_RUNS_SCALE));
