// A loopback TCP proxy in front of PostgreSQL that a test can cut and restore, to simulate the
// database going away (existing connections reset, new ones refused) and coming back on the same port.
import { connect, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  port: number;
  /** Drops every connection and stops accepting new ones. */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  /** Black-holes traffic: connections stay open but nothing is forwarded (a hung database). */
  hang(): void;
  /** Forwards again what was held back by hang(). */
  unhang(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let hung = false;
  let server: Server | undefined;
  let port = 0;

  const listen = async () => {
    server = createServer((client) => {
      const upstream = connect(targetPort, "127.0.0.1");
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      if (hung) for (const s of [client, upstream]) s.pause();
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => server?.listen(port, "127.0.0.1", resolve));
    const address = server.address();
    if (address && typeof address === "object") port = address.port;
  };
  const stop = async () => {
    for (const s of sockets) s.resetAndDestroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  };

  await listen();
  const hang = () => {
    hung = true;
    for (const s of sockets) s.pause();
  };
  const unhang = () => {
    hung = false;
    for (const s of sockets) s.resume();
  };
  return { port, cut: stop, restore: listen, hang, unhang, close: stop };
}
