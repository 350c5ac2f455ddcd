// Cursors for tests: the secret spawned servers are given, and cursors with any content whose MAC
// verifies (signed with this process's own cursor secret, as the in-process test app uses).
import { cursorMac } from "../clusters/cursor.ts";
import { cursorSecret } from "../clusters/cursor-secret.ts";

/** CURSOR_SECRET for servers that tests start with an external DATABASE_URL. */
export const TEST_CURSOR_SECRET = "fleet-test-cursor-secret-not-for-production";

/** A cursor whose body is `json` (any text, valid JSON or not), with a MAC this process accepts. */
export function signedCursor(json: string): string {
  const body = Buffer.from(json).toString("base64url");
  return `${body}.${cursorMac(body, cursorSecret())}`;
}
