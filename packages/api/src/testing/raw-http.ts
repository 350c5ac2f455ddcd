// A raw HTTP/1.1 client over a TCP socket: sends exactly the bytes given (invalid UTF-8, NUL bytes,
// malformed headers), which fetch() would refuse or normalise before they reach the server.
import { connect } from "node:net";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** Without its transfer and content codings (chunked, gzip, br). */
  body: string;
  /** Milliseconds from connect to the server closing the connection. */
  elapsedMs: number;
}

export interface RawRequest {
  method?: string;
  /** The request target exactly as sent (may hold bytes no URL parser accepts). */
  target: string | Buffer;
  /** Sent in this order, after Host (the server's address unless one of these is a Host). */
  headers?: [string | Buffer, string | Buffer][];
  /** Sent as is after the head (set Content-Length yourself). */
  body?: Buffer;
  timeoutMs?: number;
}

const CRLF = Buffer.from("\r\n");

export function rawRequest(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const hostGiven = (req.headers ?? []).some(([name]) => String(name).toLowerCase() === "host");
  const lines: Buffer[] = [
    Buffer.concat([
      Buffer.from(`${req.method ?? "GET"} `),
      Buffer.from(req.target),
      Buffer.from(" HTTP/1.1"),
    ]),
    ...(hostGiven ? [] : [Buffer.from(`Host: ${hostname}:${port}`)]),
    ...(req.headers ?? []).map(([name, value]) =>
      Buffer.concat([Buffer.from(name), Buffer.from(": "), Buffer.from(value)]),
    ),
    Buffer.from("Connection: close"),
  ];
  const bytes = Buffer.concat([...lines.flatMap((line) => [line, CRLF]), CRLF, req.body ?? Buffer.alloc(0)]);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete response within ${req.timeoutMs ?? 10_000} ms`));
    }, req.timeoutMs ?? 10_000);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", (error) => {
      // The server may reset after answering (e.g. 431 then close): keep what arrived.
      if (chunks.length === 0) {
        clearTimeout(timer);
        reject(error);
      }
    });
    socket.on("close", () => {
      clearTimeout(timer);
      try {
        resolve({ ...parseResponse(Buffer.concat(chunks)), elapsedMs: performance.now() - started });
      } catch (error) {
        reject(error);
      }
    });
    // No half-close: a server may drop a request whose client already sent FIN. Connection: close ends it.
    socket.write(bytes);
  });
}

function parseResponse(raw: Buffer): Omit<RawResponse, "elapsedMs"> {
  const end = raw.indexOf("\r\n\r\n");
  if (end < 0)
    throw new Error(`incomplete response: ${JSON.stringify(raw.toString("latin1").slice(0, 200))}`);
  const [statusLine = "", ...headerLines] = raw.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!status) throw new Error(`bad status line: ${statusLine}`);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (headers["transfer-encoding"]?.includes("chunked")) body = dechunk(body);
  // Content codings are undone as any client would (the header stays, for tests that check it).
  if (headers["content-encoding"] === "gzip") body = gunzipSync(body);
  if (headers["content-encoding"] === "br") body = brotliDecompressSync(body);
  return { status, headers, body: body.toString("utf8") };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const eol = data.indexOf("\r\n", at);
    if (eol < 0) break;
    const size = Number.parseInt(data.subarray(at, eol).toString("latin1"), 16);
    if (!size) break;
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
