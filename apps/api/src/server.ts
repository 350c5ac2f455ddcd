// A node:http server around a fetch handler, with a graceful close: stop accepting, let in-flight
// requests finish (bounded), including those whose client has already gone, then cut what is left.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type FleetHandler, malformedRequestResponse } from "@fleet/api";
import { getRequestListener, type Http2Bindings, type HttpBindings } from "@hono/node-server";

export interface ListeningServer {
  url: string;
  port: number;
  /**
   * Stops accepting connections and resolves once in-flight requests are done, those whose client
   * left included (or cut at the deadline).
   */
  close(drainTimeoutMs: number): Promise<void>;
}

export async function listen(
  handler: FleetHandler,
  opts: { port: number; host: string },
): Promise<ListeningServer> {
  // Handler calls still running: a request whose client has gone keeps no connection open, yet its
  // statements still need the pool, so close() waits for these too before the caller ends it.
  let running = 0;
  let onIdle = () => {};
  const counted = async (req: Request, env: HttpBindings | Http2Bindings) => {
    running++;
    try {
      return await handler(req, { remoteAddress: env.incoming.socket.remoteAddress });
    } finally {
      running--;
      if (running === 0) onIdle();
    }
  };
  const server = createServer(getRequestListener(counted, { errorHandler: malformedRequestResponse }));
  // Keep-alive sockets outlive a typical load balancer's idle timeout, so it closes them first.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    close: (drainTimeoutMs) =>
      new Promise<void>((resolve) => {
        let closed = false;
        const done = () => {
          clearTimeout(deadline);
          clearInterval(sweep);
          resolve();
        };
        const deadline = setTimeout(() => {
          server.closeAllConnections();
          done();
        }, drainTimeoutMs);
        deadline.unref();
        onIdle = () => closed && done();
        // close() waits for active requests; idle keep-alive sockets would otherwise hold it open.
        // Sockets whose in-flight response finishes later become idle then: sweep them too, or a
        // keep-alive client would hold the exit until the deadline.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        sweep.unref();
        server.close(() => {
          closed = true;
          if (running === 0) done();
        });
        server.closeIdleConnections();
      }),
  };
}
