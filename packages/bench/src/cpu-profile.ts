// Summarises a V8 .cpuprofile: self time by package and by function, and inclusive time of frames
// matching a pattern. Used by profile.ts; also runnable on any profile: `tsx src/cpu-profile.ts FILE`.
import { readFileSync } from "node:fs";

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: Frame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const label = (f: Frame) =>
  `${f.functionName || "(anonymous)"} ${f.url.replace(/.*node_modules\//, "").replace(/.*\/work\/[^/]+\//, "")}:${f.lineNumber}`;

function packageOf(f: Frame): string {
  const pnpm = /node_modules\/\.pnpm\/((?:@[^+/]+\+)?[^@/]+)/.exec(f.url);
  if (pnpm?.[1]) return pnpm[1].replace("+", "/");
  const workspace = /\/((?:packages|apps)\/[^/]+)\//.exec(f.url);
  if (workspace?.[1]) return workspace[1];
  if (f.url.startsWith("node:")) return "node (internal)";
  return f.url ? "other" : f.functionName || "(native)";
}

export function summarise(file: string, inclusivePattern = /packages\/|apps\//, top = 20): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, time] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    byPackage.set(packageOf(frame), (byPackage.get(packageOf(frame)) ?? 0) + time);
    byFunction.set(label(frame), (byFunction.get(label(frame)) ?? 0) + time);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (!f || !inclusivePattern.test(f.url)) continue;
      const key = label(f);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + time);
    }
  }
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`)
      .join("\n");
  return [
    `${(total / 1e6).toFixed(1)} s sampled`,
    "self time by package:",
    list(byPackage),
    "self time by function:",
    list(byFunction),
    "inclusive time of project frames:",
    list(inclusive),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: tsx src/cpu-profile.ts FILE.cpuprofile");
  console.log(summarise(file));
}
