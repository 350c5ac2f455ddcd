// The simulator of a live phase in a process of its own, as the services that own clusters are:
// in the bench's process, its ticks (building each transaction's statements) would run on the
// event loop that times every request, and show in the latencies the phase reports. Started and
// stopped by simulation-process.ts over IPC.
import { type SimulationOptions, startSimulation } from "@fleet/db/simulate";
import type { ChildMessage, ParentMessage } from "./simulation-process.ts";

const { databaseUrl, options } = JSON.parse(process.env.FLEET_BENCH_SIMULATION ?? "{}") as {
  databaseUrl: string;
  options: SimulationOptions;
};
const send = (message: ChildMessage) =>
  new Promise<void>((resolve) => process.send?.(message, undefined, {}, () => resolve()));

try {
  const simulation = await startSimulation(databaseUrl, options);
  process.on("message", (message: ParentMessage) => {
    if (message.type !== "stop") return;
    void simulation.stop().then(async (stats) => {
      await send({ type: "stopped", stats });
      process.exit(0);
    });
  });
  await send({ type: "started", accounts: simulation.accounts });
} catch (error) {
  await send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
