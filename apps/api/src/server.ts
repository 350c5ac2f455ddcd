// A node:http server around a fetch handler, with a graceful close: stop accepting, let in-flight
// requests finish (bounded), then cut whatever is left.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";

export interface ListeningServer {
  url: string;
  port: number;
  /** Stops accepting connections and resolves once in-flight requests are done (or cut at the deadline). */
  close(drainTimeoutMs: number): Promise<void>;
}

export async function listen(
  handler: (req: Request) => Promise<Response>,
  opts: { port: number; host: string },
): Promise<ListeningServer> {
  const server = createServer(getRequestListener(handler));
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
        const deadline = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
        deadline.unref();
        // close() waits for active requests; idle keep-alive sockets would otherwise hold it open.
        // Sockets whose in-flight response finishes later become idle then: sweep them too, or a
        // keep-alive client would hold the exit until the deadline.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        sweep.unref();
        server.close(() => {
          clearTimeout(deadline);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
