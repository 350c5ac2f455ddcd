import "server-only";
import { startSimulation } from "@fleet/db/simulate";

// A gentle stand-in for the services that own clusters, so the demo portal visibly moves: about
// one status change every three seconds, metrics and costs every minute, a cluster created or
// deleted every minute or so (the fleet stays near its size). Off with FLEET_DEMO_SIMULATE=0.
const DEMO_RATES = {
  transitionsPerSecond: 0.3,
  createsPerSecond: 0.015,
  deletesPerSecond: 0.015,
  editsPerSecond: 0.05,
  metricsEveryMs: 60_000,
  writers: 1,
  rollbackRate: 0.02,
};

export async function startDemoSimulation(url: string): Promise<void> {
  try {
    await startSimulation(url, DEMO_RATES);
    console.log("fleet: the demo fleet is moving (FLEET_DEMO_SIMULATE=0 keeps it still)");
  } catch (error) {
    // The demo works without it; say why it is still.
    console.warn(`fleet: the demo fleet stays still: ${error instanceof Error ? error.message : error}`);
  }
}
