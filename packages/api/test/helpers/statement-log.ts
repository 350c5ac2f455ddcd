// What PostgreSQL is asked to run, seen on the wire: a loopback proxy in front of the test server
// that reads the client's half of the protocol (v3) and records the SQL of every statement executed
// (simple `Query`, and `Bind` of a statement prepared by an earlier `Parse` on that connection), so a
// test sees every statement of a database client, Prisma's and `$rows`' alike, without wrapping it.
import { connect, createServer, type Socket } from "node:net";
import { createPrismaClient, type Db } from "@fleet/db";
import { createTestDatabase } from "@fleet/db/testing";

export interface WatchedDatabase {
  /** A client that reaches the database only through the watching proxy. */
  db: Db;
  /** The SQL of every statement executed so far, in the order the server received them. */
  statements: string[];
  close(): Promise<void>;
}

// The first message of a connection has no type byte; SSL and GSS encryption requests precede it.
const ENCRYPTION_REQUESTS = new Set([80877103, 80877104]);

/** Reads the frontend messages of one connection and reports each executed statement's SQL. */
function frontendReader(onStatement: (sql: string) => void): (chunk: Buffer) => void {
  const prepared = new Map<string, string>();
  let buffered = Buffer.alloc(0);
  let started = false;
  const cString = (payload: Buffer, from: number) => {
    const end = payload.indexOf(0, from);
    return { text: payload.toString("utf8", from, end), next: end + 1 };
  };
  return (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      if (!started) {
        if (buffered.length < 8) return;
        const length = buffered.readInt32BE(0);
        if (buffered.length < length) return;
        started = !ENCRYPTION_REQUESTS.has(buffered.readInt32BE(4));
        buffered = buffered.subarray(length);
        continue;
      }
      if (buffered.length < 5) return;
      const length = buffered.readInt32BE(1);
      if (buffered.length < 1 + length) return;
      const type = String.fromCharCode(buffered[0] as number);
      const payload = buffered.subarray(5, 1 + length);
      buffered = buffered.subarray(1 + length);
      if (type === "Q") onStatement(cString(payload, 0).text);
      if (type === "P") {
        const name = cString(payload, 0);
        prepared.set(name.text, cString(payload, name.next).text);
      }
      if (type === "B") {
        const portal = cString(payload, 0);
        const statement = cString(payload, portal.next).text;
        onStatement(prepared.get(statement) ?? `(unknown prepared statement ${statement})`);
      }
    }
  };
}

/** A fresh test database and a client whose every statement is recorded. */
export async function watchedDatabase(): Promise<WatchedDatabase & { owner: Db }> {
  const database = await createTestDatabase();
  const target = new URL(database.url);
  const statements: string[] = [];
  const sockets = new Set<Socket>();
  const proxy = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => socket.destroy());
    }
    const read = frontendReader((sql) => statements.push(sql));
    client.on("data", (chunk: Buffer) => {
      read(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const address = proxy.address();
  if (!address || typeof address !== "object") throw new Error("proxy has no port");
  const via = new URL(database.url);
  via.hostname = "127.0.0.1";
  via.port = String(address.port);
  const db = createPrismaClient(via.href, { max: 4 });
  return {
    db,
    owner: database.db,
    statements,
    close: async () => {
      await db.$disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await database.drop();
    },
  };
}
