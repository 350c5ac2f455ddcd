export { UnknownAccountError } from "./load.ts";
export { freshClusterId } from "./new-cluster.ts";
export {
  DEFAULT_OPTIONS,
  MAX_RATE_PER_SECOND,
  MAX_WRITERS,
  type ResolvedOptions,
  type SimulationOptions,
} from "./options.ts";
export { type SimulatedAccount, type Simulation, startSimulation } from "./simulation.ts";
export {
  CREATED_STATUS,
  DELETABLE_STATUSES,
  isAllowedTransition,
  NEXT_STATUS,
} from "./state-machine.ts";
export type { SimulationStats } from "./stats.ts";
