// Runs a fetch handler on a real node:http server on 127.0.0.1 with an OS-assigned port.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(handler: (req: Request) => Promise<Response>): Promise<TestServer> {
  const server: Server = createServer(getRequestListener(handler));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
