// The portal's HTTP server: `pnpm start` (and `pnpm dev` with --dev). The API paths go straight to the
// API handler that Next.js compiled and published at start-up (src/server/api-front.ts); everything
// else (pages, assets, /healthz, /readyz) goes through Next.js. The API skips Next.js's router,
// which costs more per request than the listing itself.
import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";

const dev = process.argv.includes("--dev");
process.env.NODE_ENV ??= dev ? "development" : "production";
// Imported after NODE_ENV is settled: Next.js reads it as it loads.
const { default: next } = await import("next");
const host = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`fleet: PORT must be an integer from 0 to 65535, got "${process.env.PORT}"`);
  process.exit(2);
}
// On SIGTERM/SIGINT, how long in-flight requests may finish before connections are cut.
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** `/v1/…`, `/api/trpc[/…]` and `/problems[/…]`: the API's own paths, which no Next.js route handles. */
function isApiPath(url = "/") {
  const path = url.split("?", 1)[0];
  return (
    path.startsWith("/v1/") ||
    path === "/api/trpc" ||
    path.startsWith("/api/trpc/") ||
    path === "/problems" ||
    path.startsWith("/problems/")
  );
}

// instrumentation.ts hands over the API front (its handler and helpers) once Next.js has started,
// through the process slot "api-handler-receiver" (see api-front.ts and process-singleton.ts).
const apiFront = new Promise((resolve) => {
  globalThis[Symbol.for("fleet.api-handler-receiver")] = resolve;
});
const app = next({ dev, hostname: host, port, dir: import.meta.dirname });
await app.prepare();
const handleNext = app.getRequestHandler();
// It comes right after prepare(); a missing one is a broken build: fail the start, never hang requests.
const publishTimeout = setTimeout(() => {
  console.error("fleet: instrumentation.ts did not hand over the API handler");
  process.exit(1);
}, 60_000);
const front = await apiFront;
clearTimeout(publishTimeout);
// Next.js owns the global Request/Response: hono must not swap in its lightweight ones. The handler
// learns the TCP peer's address from here, as apps/api's does.
const handleApi = getRequestListener(
  (request, env) => front.handleApi(request, { remoteAddress: env.incoming.socket.remoteAddress }),
  { overrideGlobalObjects: false, errorHandler: front.malformedRequest },
);
const server = createServer((req, res) => {
  if (isApiPath(req.url)) return handleApi(req, res);
  front.markRemoteAddress(req);
  return handleNext(req, res);
});
// Keep-alive sockets outlive a typical load balancer's idle timeout, so it closes them first.
server.keepAliveTimeout = 65_000;

// Requests in flight per connection, for the drain. closeIdleConnections() leaves a connection that
// has carried no request yet (a browser's preconnected spare): Node counts it busy until its headers
// timeout, and it would hold the drain to its deadline. So the drain cuts every connection with
// nothing in flight itself.
const inFlight = new Map();
server.on("connection", (socket) => {
  inFlight.set(socket, 0);
  socket.once("close", () => inFlight.delete(socket));
});
server.on("request", (req, res) => {
  const { socket } = req;
  inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
  res.once("close", () => {
    const requests = inFlight.get(socket);
    if (requests !== undefined) inFlight.set(socket, requests - 1);
  });
});
function closeIdleConnections() {
  for (const [socket, requests] of inFlight) if (requests === 0) socket.destroy();
}
if (dev) server.on("upgrade", app.getUpgradeHandler()); // hot reload

await new Promise((resolve, reject) => {
  server.once("error", reject);
  server.listen(port, host, resolve);
});
console.log(`Ready on http://${host.includes(":") ? `[${host}]` : host}:${port}${dev ? " (dev)" : ""}`);

let stopping = false;
function shutdown() {
  if (stopping) return;
  stopping = true;
  // Open change streams never finish by themselves: end them (their clients resume elsewhere, or
  // here after a restart), so draining waits only for requests. Then stop accepting, let in-flight
  // requests finish (bounded), and exit: the embedded PostgreSQL's lease is released by its exit hook.
  void front.endChangeStreams();
  const deadline = setTimeout(() => process.exit(0), SHUTDOWN_TIMEOUT_MS);
  deadline.unref();
  const sweep = setInterval(closeIdleConnections, 50);
  sweep.unref();
  server.close(() => process.exit(0));
  closeIdleConnections();
}
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
