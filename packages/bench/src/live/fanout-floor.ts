// The fan-out floor: what delivering the watcher phase's traffic costs on this machine with no
// Fleet in the way. A bare node:http server in its own process (fanout-floor-server.ts) sends the
// same number of streams the same background events per second, of the same size, and a probe
// event on the same schedule; the same stream clients and ledger, in one process, parse it all.
// Its delivery latency is the floor Fleet's delivery is compared with in the same run.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Agent } from "undici";
import { type Delivery, deliveryOf } from "./delivery-latency.ts";
import { EventLedger } from "./event-ledger.ts";
import type { FloorMessage, FloorServerConfig } from "./fanout-floor-server.ts";
import { StreamClient } from "./stream-client.ts";

export interface FanoutFloorOptions extends Omit<FloorServerConfig, "tickMs"> {
  watchers: number;
  durationMs: number;
  probeEveryMs: number;
  /** The hub's poll interval: the floor writes its background once per tick too. */
  tickMs: number;
}

export interface FanoutFloorResult {
  options: FanoutFloorOptions;
  delivery: Delivery;
  arrivals: number;
  expectedArrivals: number;
  eventsPerSecond: number;
}

const SERVER = fileURLToPath(new URL("./fanout-floor-server.ts", import.meta.url));
const OPEN_CONCURRENCY = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureFanoutFloor(options: FanoutFloorOptions): Promise<FanoutFloorResult> {
  const config: FloorServerConfig = {
    eventsPerSecondPerStream: options.eventsPerSecondPerStream,
    eventBytes: options.eventBytes,
    tickMs: options.tickMs,
  };
  const child = fork(SERVER, {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, FLEET_FLOOR_CONFIG: JSON.stringify(config) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const send = (message: FloorMessage) => child.send(message);
  const streams = new Agent({ bodyTimeout: 0, headersTimeout: 60_000 });
  const clients: StreamClient[] = [];
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once("message", (m: { port: number }) => resolve(m.port));
      child.once("exit", (code) => reject(new Error(`the fan-out floor's server exited (${code})`)));
    });
    const ledger = new EventLedger();
    for (let i = 0; i < options.watchers; i++) {
      clients.push(
        new StreamClient(0, { url: `http://127.0.0.1:${port}/`, apiKey: "floor" }, ledger, streams),
      );
    }
    for (let i = 0; i < clients.length; i += OPEN_CONCURRENCY) {
      await Promise.all(clients.slice(i, i + OPEN_CONCURRENCY).map((c) => c.start(1)));
    }
    const changes0 = clients.reduce((n, c) => n + c.changes, 0);
    const sentAt: number[] = [];
    const start = performance.now();
    for (let n = 0; performance.now() - start < options.durationMs; n++) {
      sentAt[n] = performance.now();
      send({ type: "probe", n });
      const wait = start + (n + 1) * options.probeEveryMs - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const ms = performance.now() - start;
    // The last probes' arrivals.
    await sleep(1_000);
    const changes = clients.reduce((n, c) => n + c.changes, 0) - changes0;
    const { delivery, arrivals } = deliveryOf(ledger, (n) => sentAt[n]);
    return {
      options,
      delivery,
      arrivals,
      expectedArrivals: sentAt.length * clients.filter((c) => c.opens > 0).length,
      eventsPerSecond: Math.round((changes * 1000) / ms),
    };
  } finally {
    send({ type: "stop" });
    await Promise.all(clients.map((c) => c.close()));
    await streams.close();
    if (child.exitCode === null) await new Promise((resolve) => child.once("exit", resolve));
  }
}
