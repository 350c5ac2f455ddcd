// Runs `fleet simulate`'s writers for a live phase in a child process (simulation-child.ts), with
// the same options and the same stats as startSimulation in this one.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { SimulatedAccount, SimulationOptions, SimulationStats } from "@fleet/db/simulate";

export type ParentMessage = { type: "stop" };
export type ChildMessage =
  | { type: "started"; accounts: SimulatedAccount[] }
  | { type: "stopped"; stats: SimulationStats }
  | { type: "failed"; message: string };

export interface SimulationProcess {
  accounts: SimulatedAccount[];
  /** Lets the transactions in flight finish, then resolves with the final stats. */
  stop(): Promise<SimulationStats>;
}

const CHILD = fileURLToPath(new URL("./simulation-child.ts", import.meta.url));

export async function startSimulationProcess(
  databaseUrl: string,
  options: SimulationOptions,
): Promise<SimulationProcess> {
  const child = fork(CHILD, {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, FLEET_BENCH_SIMULATION: JSON.stringify({ databaseUrl, options }) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = () =>
    new Promise<ChildMessage>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the simulator's process exited (${code})`));
      child.once("exit", exited);
      child.once("message", (message: ChildMessage) => {
        child.off("exit", exited);
        resolve(message);
      });
    });
  const started = await next();
  if (started.type === "failed") throw new Error(started.message);
  if (started.type !== "started") throw new Error(`the simulator's process said ${started.type} first`);
  let stopped: Promise<SimulationStats> | null = null;
  return {
    accounts: started.accounts,
    stop: () => {
      stopped ??= (async () => {
        const reply = next();
        child.send({ type: "stop" } satisfies ParentMessage);
        const message = await reply;
        if (message.type !== "stopped")
          throw new Error(`the simulator's process said ${message.type} on stop`);
        return message.stats;
      })();
      return stopped;
    },
  };
}
