// The real fetch handler (createFleetHandler) on a real node:http server on 127.0.0.1 (port 0), with
// every pino line captured raw (to search for leaked secrets) and parsed (to check the fields).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { createFleetHandler, createLogger, type FleetHandlerOptions } from "@fleet/api";
import { getRequestListener } from "@hono/node-server";

export interface FleetServer {
  url: string;
  server: Server;
  /** Raw log output, exactly as written. */
  rawLogs: string[];
  /** The same lines, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startFleetServer(opts: FleetHandlerOptions): Promise<FleetServer> {
  const rawLogs: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) {
        if (!line.trim()) continue;
        rawLogs.push(line);
        logs.push(JSON.parse(line));
      }
      done();
    },
  });
  const logger = opts.logger ?? createLogger({ level: "info", destination });
  const server = createServer(getRequestListener(createFleetHandler({ ...opts, logger })));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    rawLogs,
    logs,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
