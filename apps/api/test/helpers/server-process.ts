// apps/api as a real subprocess: started on PORT=0 (its "listening" log line gives the URL), stopped
// by the test that started it.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { TEST_CURSOR_SECRET } from "@fleet/api/testing";

export const appDir = fileURLToPath(new URL("../..", import.meta.url));

export interface Running {
  child: ChildProcess;
  url: string;
  output: string[];
}

export const FROM_SOURCE = ["--import", "tsx", "src/main.ts"];

/** Spawns the server on PORT=0 and waits for its "listening" log line to learn the URL. */
export async function startServer(
  env: Record<string, string | undefined>,
  args = FROM_SOURCE,
): Promise<Running> {
  const child = spawn(process.execPath, args, {
    cwd: appDir,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      CURSOR_SECRET: TEST_CURSOR_SECRET,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line:\n${output.join("")}`)), 30_000);
    child.stderr?.on("data", (chunk) => output.push(String(chunk)));
    child.stdout?.on("data", (chunk) => {
      output.push(String(chunk));
      for (const line of String(chunk).split("\n")) {
        if (!line.includes("listening")) continue;
        clearTimeout(timer);
        resolve(JSON.parse(line).url);
      }
    });
    child.once("exit", (code) => reject(new Error(`exited ${code}:\n${output.join("")}`)));
  });
  return { child, url, output };
}

/** After a describe: a server its tests did not stop (they wait for the exit of one they stop). */
export function killIfRunning(server: Running | undefined): void {
  if (server?.child.exitCode === null) server.child.kill("SIGKILL");
}
