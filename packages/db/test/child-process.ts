// Runs a TypeScript fixture in a separate Node process (through tsx), as another program would.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

export interface Child {
  process: ChildProcess;
  /** The first line the child printed on stdout, parsed as JSON. */
  firstLine: Promise<unknown>;
  /** Closes the child's stdin and waits for it to exit; resolves to its exit code. */
  stop(): Promise<number | null>;
  /** Resolves to the exit code once the child exits by itself. */
  exited: Promise<number | null>;
}

export function runFixture(name: string, args: string[], env: NodeJS.ProcessEnv = process.env): Child {
  const script = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    stdio: ["pipe", "pipe", "inherit"],
    env,
  });
  let stdout = "";
  const firstLine = new Promise<unknown>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf("\n");
      if (newline >= 0) resolve(JSON.parse(stdout.slice(0, newline)));
    });
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}) before printing`)));
  });
  firstLine.catch(() => {});
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return {
    process: child,
    firstLine,
    exited,
    stop: async () => {
      child.stdin?.end();
      return exited;
    },
  };
}
