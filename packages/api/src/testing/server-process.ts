// A Fleet server (apps/api or the portal's server.mjs) as a child process on a free loopback port:
// ready once a path answers 2xx, stopped with SIGTERM to its process group. Both servers are started
// through this, by every test suite and the bench, so they are started, awaited and stopped alike.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "@fleet/db/testing";

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** performance.now() when it exited. */
  at: number;
}

export interface RunningServer {
  baseUrl: string;
  pid: number;
  child: ChildProcess;
  /** What it wrote to stdout and stderr, in order (the last MiB of it). */
  output: string[];
  exited: Promise<ServerExit>;
  /** SIGTERM to its process group (SIGKILL after 10 s); resolves with the exit (at once if it has exited). */
  stop(): Promise<ServerExit>;
}

export interface ServerProcessOptions {
  cwd: string;
  /** node's arguments: flags, then the entry script. */
  args: string[];
  /** Over this process's environment; `undefined` removes a variable. PORT and HOST are set here. */
  env: Record<string, string | undefined>;
  /** Ready once this path answers 2xx. */
  readyPath: string;
  /** The port to listen on (a restart on the one a client knows); default: a free one. */
  port?: number;
  /** Each line it writes to stdout, as it arrives. */
  onLine?: (line: string) => void;
}

const READY_WITHIN_MS = 90_000;
const OUTPUT_KEPT = 1 << 20;
const KILL_AFTER_MS = 10_000;
/** A free port can be taken between asking for it and the child binding it: then try another. */
const ATTEMPTS = 3;

export async function startServerProcess(opts: ServerProcessOptions): Promise<RunningServer> {
  if (opts.port !== undefined) return startOnce(opts, opts.port);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts, await freePort());
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === ATTEMPTS) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function startOnce(opts: ServerProcessOptions, port: number): Promise<RunningServer> {
  const child = spawn(process.execPath, opts.args, {
    cwd: opts.cwd,
    // Its own process group, so stopping it also stops anything it spawned.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: withoutUnset({ ...process.env, ...opts.env, PORT: String(port), HOST: "127.0.0.1" }),
  });
  const exited = new Promise<ServerExit>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, at: performance.now() })),
  );
  const output: string[] = [];
  let kept = 0;
  const keep = (text: string) => {
    output.push(text);
    kept += text.length;
    while (kept > OUTPUT_KEPT && output.length > 1) kept -= (output.shift() as string).length;
  };
  // Once both pipes have ended, `output` holds everything (they may end after the exit event).
  const drained = Promise.all([child.stdout, child.stderr].map((s) => s && once(s, "end"))).catch(() => {});
  let partial = "";
  child.stdout?.on("data", (chunk) => {
    keep(String(chunk));
    const lines = (partial + String(chunk)).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) opts.onLine?.(line);
  });
  child.stderr?.on("data", (chunk) => keep(String(chunk)));
  const pid = child.pid as number;
  let exit: ServerExit | undefined;
  void exited.then((e) => {
    exit = e;
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone already
    }
  };
  const stop = async () => {
    if (!exit) {
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), KILL_AFTER_MS);
      await exited;
      clearTimeout(timer);
    }
    return exited;
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (exit) {
      await Promise.race([drained, sleep(1_000)]);
      const text = output.join("");
      if (text.includes("EADDRINUSE")) throw new PortTakenError(text);
      throw new Error(`server exited (${exit.code ?? exit.signal}) before it was ready:\n${text}`);
    }
    if (await answersOk(`${baseUrl}${opts.readyPath}`)) return { baseUrl, pid, child, output, exited, stop };
    await sleep(200);
  }
  await stop();
  throw new Error(
    `server not ready on ${opts.readyPath} within ${READY_WITHIN_MS / 1000} s:\n${output.join("")}`,
  );
}

const answersOk = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
    async (res) => {
      await res.body?.cancel();
      return res.ok;
    },
    () => false, // not listening yet
  );

/** `undefined` means "not set" for the child (e.g. no DATABASE_URL: embedded mode). */
function withoutUnset(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined),
  ) as NodeJS.ProcessEnv;
}
