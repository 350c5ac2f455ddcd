// Turns matrix entries into prepared queries for one account: parsed filters (the shared parser, as
// REST does), and for cursor entries a real cursor at the requested depth of the default sort.
import { encodeCursor, listingFingerprint, type Principal } from "@fleet/api";
import { parseClusterQuery } from "@fleet/schema";
import type pg from "pg";
import type { BenchAccount } from "./accounts.ts";
import type { MatrixQuery } from "./matrix.ts";
import type { PreparedQuery } from "./paths.ts";

function parse(query: string) {
  const parsed = parseClusterQuery(new URLSearchParams(query));
  if (!parsed.success)
    throw new Error(`matrix query "${query}" is invalid: ${JSON.stringify(parsed.errors)}`);
  return parsed.data;
}

/** What the queries of an account need of it: which, how large, and a key to read it with. */
export type QueryAccount = Pick<BenchAccount, "id" | "clusters" | "apiKey" | "apiKeyId">;

export async function prepareQueries(
  client: pg.Client,
  account: QueryAccount,
  matrix: MatrixQuery[],
): Promise<PreparedQuery[]> {
  const principal: Principal = {
    accountId: account.id,
    apiKeyId: account.apiKeyId,
    scopes: ["clusters:read"],
    projectIds: null,
  };
  const prepared: PreparedQuery[] = [];
  for (const m of matrix) {
    if (m.cursorDepth === undefined) {
      prepared.push({
        name: m.name,
        query: m.query,
        filter: parse(m.query),
        principal,
        apiKey: account.apiKey,
        after: null,
      });
      continue;
    }
    // A typical account is shallower than the big one's depth: go as deep as it allows.
    const depth = Math.max(1, Math.min(m.cursorDepth, account.clusters - 100));
    const { rows } = await client.query(
      "SELECT created_at, id FROM clusters WHERE account_id = $1 ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1",
      [account.id, depth - 1],
    );
    const after = { key: (rows[0].created_at as Date).toISOString(), id: rows[0].id as string };
    const base = parse(m.query);
    const cursor = encodeCursor(after, listingFingerprint(account.id, base));
    const query = [m.query, `cursor=${cursor}`].filter(Boolean).join("&");
    const name = m.name.replace("99,900", depth.toLocaleString("en-US"));
    prepared.push({ name, query, filter: parse(query), principal, apiKey: account.apiKey, after });
  }
  return prepared;
}
