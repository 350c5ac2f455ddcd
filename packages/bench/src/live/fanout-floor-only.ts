// The fan-out floor alone: `tsx src/live/fanout-floor-only.ts [--watchers N] [--duration-s S]
// [--events-per-s E] [--event-bytes B]`. Prints the floor's delivery latency.
import { parseArgs } from "node:util";
import { measureFanoutFloor } from "./fanout-floor.ts";

const { values } = parseArgs({
  options: {
    watchers: { type: "string", default: "1000" },
    "duration-s": { type: "string", default: "20" },
    "events-per-s": { type: "string", default: "115" },
    "event-bytes": { type: "string", default: "700" },
  },
});
const result = await measureFanoutFloor({
  watchers: Number(values.watchers),
  durationMs: Number(values["duration-s"]) * 1000,
  eventsPerSecondPerStream: Number(values["events-per-s"]),
  eventBytes: Number(values["event-bytes"]),
  probeEveryMs: 100,
  tickMs: 10,
});
console.log(JSON.stringify(result, null, 2));
