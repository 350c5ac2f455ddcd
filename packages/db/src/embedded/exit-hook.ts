// Runs synchronous cleanups when the process ends: normal exit, process.exit(), or a fatal signal.
// When the application installed its own signal handler we leave the signal to it (it will exit,
// which fires "exit"); otherwise we clean up and re-raise the signal so the exit status is unchanged.
// One set of listeners for all cleanups, so several registrations never mistake each other for
// the application's handler.
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const cleanups = new Set<() => void>();

function runAll(): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch (error) {
      console.error("cleanup on exit failed:", error);
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  runAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  process.on("exit", runAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.removeListener("exit", runAll);
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}

/** Registers `cleanup` to run once at process end; returns a function that unregisters it. */
export function onProcessExit(cleanup: () => void): () => void {
  if (cleanups.size === 0) install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) uninstall();
  };
}
