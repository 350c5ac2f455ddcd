// Runs a synchronous cleanup when the process ends: normal exit, process.exit(), or a fatal signal.
// When the application installed its own signal handler we leave the signal to it (it will exit,
// which fires "exit"); otherwise we clean up and re-raise the signal so the exit status is unchanged.
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export function onProcessExit(cleanup: () => void): () => void {
  let done = false;
  const runOnce = () => {
    if (done) return;
    done = true;
    cleanup();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return;
    runOnce();
    unregister();
    process.kill(process.pid, signal);
  };
  const unregister = () => {
    process.removeListener("exit", runOnce);
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
  process.on("exit", runOnce);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return unregister;
}
