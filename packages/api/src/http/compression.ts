// Content coding of the API's JSON responses (RFC 9110 §12.5.3): br or gzip, as the request's
// Accept-Encoding allows, for bodies of 1 kB or more. Only whole JSON bodies are coded: a stream
// (text/event-stream, tRPC's chunked jsonl) is never buffered.
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { ifNoneMatchHits } from "../rest/etag.ts";

export type ContentCoding = "br" | "gzip";

/** Below this, coding saves a few hundred bytes at most and costs more than it saves. */
export const MIN_CODED_BYTES = 1024;

// The fastest levels: every answer is coded afresh, and on a busy server the CPU a higher level
// spends costs more throughput than its few extra percent of bytes save.
const BROTLI_QUALITY = 1;
const GZIP_LEVEL = 1;

// A qvalue is 0 to 1 with at most three decimals; an entry with any other q is ignored.
const QVALUE = /^\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$/i;
// Unlisted, identity is acceptable but preferred less than any listed coding.
const IMPLICIT_IDENTITY = 0.0001;

function weights(acceptEncoding: string): Map<string, number> {
  const weight = new Map<string, number>();
  for (const entry of acceptEncoding.split(",")) {
    const [name = "", ...params] = entry.split(";");
    const coding = name
      .trim()
      .toLowerCase()
      .replace(/^x-gzip$/, "gzip");
    if (!coding || weight.has(coding)) continue;
    let q = 1;
    let valid = true;
    for (const param of params) {
      if (!/^\s*q\s*=/i.test(param)) continue;
      const match = QVALUE.exec(param);
      if (match) q = Number(match[1]);
      else valid = false;
    }
    if (valid) weight.set(coding, q);
  }
  return weight;
}

/**
 * The coding for a body of `byteLength` bytes, or null to send it as is: the more wanted of br and
 * gzip (br on a tie), unless identity is wanted more, or the body is small and identity allowed.
 */
export function negotiateCoding(acceptEncoding: string | null, byteLength: number): ContentCoding | null {
  if (!acceptEncoding) return null;
  const weight = weights(acceptEncoding);
  const star = weight.get("*");
  const q = (coding: string) => weight.get(coding) ?? star ?? (coding === "identity" ? IMPLICIT_IDENTITY : 0);
  const [coding, wanted]: [ContentCoding, number] =
    q("br") >= q("gzip") ? ["br", q("br")] : ["gzip", q("gzip")];
  const identity = q("identity");
  if (wanted === 0 || identity > wanted) return null;
  return byteLength < MIN_CODED_BYTES && identity > 0 ? null : coding;
}

// Synchronous on purpose: answers are bounded (the largest, a 100-row page or a full tRPC batch,
// codes in well under a millisecond at these levels), and a hop to libuv's threadpool costs more
// than the coding itself.
function encode(body: string | Buffer, byteLength: number, coding: ContentCoding) {
  const coded =
    coding === "gzip"
      ? gzipSync(body, { level: GZIP_LEVEL })
      : brotliCompressSync(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: byteLength,
          },
        });
  // zlib's output owns a plain ArrayBuffer (never a shared one), which is what a body may be.
  return coded as Buffer<ArrayBuffer>;
}

// A coded variant is not byte-identical to the identity one, so its tag is weak; it keeps the same
// opaque tag, and If-None-Match compares weakly, so the tag of any variant revalidates any other.
const weak = (etag: string) => (etag.startsWith("W/") ? etag : `W/${etag}`);

/** What an answer is negotiated from: the method (HEAD) and the headers (Accept-Encoding, If-None-Match). */
export type NegotiatedRequest = Pick<Request, "method" | "headers">;

/**
 * A JSON response: coded as negotiated, with `Vary: Accept-Encoding` whether coded or not, a weak
 * ETag when coded, a 304 when If-None-Match matches the ETag, and no body for HEAD (whose headers
 * are the GET's, coding included, without computing it). `headers` become the response's own.
 */
export function jsonResponse(
  req: NegotiatedRequest,
  body: string,
  status: number,
  headers: Record<string, string>,
): Response {
  headers.Vary = headers.Vary ? `${headers.Vary}, Accept-Encoding` : "Accept-Encoding";
  const accept = req.headers.get("accept-encoding");
  const byteLength = accept ? Buffer.byteLength(body) : 0;
  const coding = negotiateCoding(accept, byteLength);
  if (coding) {
    headers["Content-Encoding"] = coding;
    if (headers.ETag) headers.ETag = weak(headers.ETag);
  }
  if (headers.ETag && ifNoneMatchHits(req.headers.get("if-none-match"), headers.ETag)) {
    const { "Content-Type": _type, "Content-Encoding": _coding, ...notModified } = headers;
    return new Response(null, { status: 304, headers: notModified });
  }
  if (req.method === "HEAD") return new Response(null, { status, headers });
  return new Response(coding ? encode(body, byteLength, coding) : body, { status, headers });
}

const CODABLE_TYPE = /^application\/(?:problem\+)?json\s*(?:;|$)/i;

/** The same coding for a response built elsewhere (tRPC's): whole JSON bodies only. */
export async function codedResponse(req: Request, response: Response): Promise<Response> {
  const { headers, status } = response;
  const codable =
    req.method !== "HEAD" &&
    status !== 204 &&
    status !== 304 &&
    CODABLE_TYPE.test(headers.get("content-type") ?? "") &&
    !headers.has("transfer-encoding") &&
    !headers.has("content-encoding");
  if (!codable) return response;
  headers.append("Vary", "Accept-Encoding");
  const accept = req.headers.get("accept-encoding");
  if (!accept) return response;
  const body = Buffer.from(await response.arrayBuffer());
  const coding = negotiateCoding(accept, body.byteLength);
  if (coding) {
    headers.set("Content-Encoding", coding);
    headers.delete("Content-Length");
    const etag = headers.get("etag");
    if (etag) headers.set("ETag", weak(etag));
  }
  return new Response(coding ? encode(body, body.byteLength, coding) : body, { status, headers });
}
