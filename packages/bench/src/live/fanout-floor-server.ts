// The fan-out floor's server, run in a process of its own (as apps/api is): a bare node:http
// server that holds every stream open and writes change-stream frames to all of them, with no
// database, no filter and no per-stream state. Its parent tells it over IPC when to send a probe;
// between probes it sends every stream the run's background events, in one write per stream every
// tick, as the hub does after each poll.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { probeMarker } from "./probe-writer.ts";

export interface FloorServerConfig {
  /** Background change events each stream gets per second (fractional rates accumulate). */
  eventsPerSecondPerStream: number;
  /** About how long each event's JSON is. */
  eventBytes: number;
  tickMs: number;
}

export type FloorMessage = { type: "probe"; n: number } | { type: "stop" };

const config = JSON.parse(process.env.FLEET_FLOOR_CONFIG ?? "{}") as FloorServerConfig;
const streams = new Set<http.ServerResponse>();
let nextId = 1;

/** A cluster-shaped payload of about `bytes` of JSON. */
function cluster(id: number, description: string | null): string {
  const base = {
    id: `cl_floor${String(id).padStart(12, "0")}`,
    name: "floor-train-whisper-1109",
    description,
    status: "running",
    gpu_type: "H100",
    gpu_count: 8,
    region: "us-east-1",
    project_id: "prj_floor000000000",
    template_id: null,
    hourly_cost: "98.32",
    metrics: { gpu_utilization: 71.5, memory_utilization: 40.2 },
    created_at: "2026-12-01T00:00:00.000Z",
    updated_at: new Date().toISOString(),
  };
  const json = JSON.stringify(base);
  const pad = Math.max(0, config.eventBytes - json.length);
  return JSON.stringify({ ...base, labels: "x".repeat(pad) });
}

const frame = (id: number, data: string) => `id: ${id}\nevent: upsert\ndata: ${data}\n\n`;

function broadcast(text: string): void {
  for (const res of streams) res.write(text);
}

const server = http.createServer((req, res) => {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
  res.flushHeaders();
  streams.add(res);
  req.on("close", () => streams.delete(res));
});

let owed = 0;
let last = performance.now();
const ticker = setInterval(() => {
  const now = performance.now();
  owed += (config.eventsPerSecondPerStream * (now - last)) / 1000;
  last = now;
  let text = "";
  for (; owed >= 1; owed--) {
    const id = nextId++;
    text += frame(id, cluster(id, null));
  }
  if (text) broadcast(text);
}, config.tickMs);

process.on("message", (message: FloorMessage) => {
  if (message.type === "probe") {
    const id = nextId++;
    broadcast(frame(id, cluster(id, probeMarker(message.n))));
  } else {
    clearInterval(ticker);
    for (const res of streams) res.end();
    server.close(() => process.exit(0));
  }
});

server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
