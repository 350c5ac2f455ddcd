// The real apps/api server as a child process (`node --import tsx src/main.ts`) on PORT=0, found by
// its "listening" log line. Used where a separate OS process matters: SIGTERM, two instances, load.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { TEST_CURSOR_SECRET } from "@fleet/api/testing";

const apiDir = fileURLToPath(new URL("../../../apps/api", import.meta.url));

export interface ApiExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** performance.now() when it exited. */
  at: number;
}

export interface ApiProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  exited: Promise<ApiExit>;
  /** SIGTERM, then the exit. */
  stop(): Promise<ApiExit>;
}

export async function startApiProcess(opts: {
  databaseUrl: string;
  env?: Record<string, string>;
  /** Every stdout line (the JSON logs) as it arrives. */
  onLine?: (line: string) => void;
}): Promise<ApiProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: apiDir,
    env: {
      ...process.env,
      DATABASE_URL: opts.databaseUrl,
      CURSOR_SECRET: TEST_CURSOR_SECRET,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<ApiExit>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, at: performance.now() })),
  );
  const stderr: string[] = [];
  child.stderr?.on("data", (chunk) => stderr.push(String(chunk)));
  let buffered = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`apps/api did not start:\n${stderr.join("")}`)), 30_000);
    child.stdout?.on("data", (chunk) => {
      buffered += String(chunk);
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.trim()) continue;
        opts.onLine?.(line);
        if (line.includes('"url"') && line.includes("listening")) {
          clearTimeout(timer);
          resolve(JSON.parse(line).url);
        }
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`apps/api exited:\n${stderr.join("")}`));
    });
  });
  return {
    child,
    pid: child.pid as number,
    url,
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
