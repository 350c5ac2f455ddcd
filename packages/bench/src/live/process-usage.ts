// What a server process uses, read from outside it in Linux's /proc: resident memory and CPU time.
// Read from files rather than with `ps` (as servers.ts does for a whole process tree): a `ps` run
// blocks this process for milliseconds, and here the same event loop times event arrivals.
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on every Linux the bench runs on). */
const TICKS_PER_SECOND = 100;

/** Resident set size of the process, in kB. */
export function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`process ${pid}: no VmRSS in /proc/${pid}/status`);
  return Number(kb);
}

/** CPU time (user + system) the process has used so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces, so it is skipped by its closing paren);
  // utime and stime are the 14th and 15th fields.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Samples RSS every `everyMs` until stopped; the highest seen, in kB. */
export function sampleRss(pid: number, everyMs = 250): { peakKb(): number; stop(): void } {
  let peak = rssKb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssKb(pid));
  }, everyMs);
  return { peakKb: () => peak, stop: () => clearInterval(timer) };
}
