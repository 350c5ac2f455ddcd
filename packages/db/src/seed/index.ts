export {
  DEMO_ACCOUNT_ID,
  DEMO_ACCOUNT_NAME,
  DEMO_CLUSTER_COUNT,
  DEMO_KEY_NAME,
  demoKeyFile,
  type EnsureDemoDataOptions,
  ensureDemoData,
} from "./demo.ts";
export { LARGE_ACCOUNT_SHARE } from "./generate.ts";
export { formatSeedSummary, SeedConflictError, type SeedOptions, type SeedSummary, seed } from "./seed.ts";
