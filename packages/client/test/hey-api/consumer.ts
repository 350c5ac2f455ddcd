// An external REST client as a customer would write it with @hey-api/openapi-ts: the SDK and its
// fetch client generated from the served /v1/openapi.json (into ./generated at test time). It
// lists, follows X-Next-Cursor to the end, reads X-Total-Count, revalidates with the ETag (a 304)
// and reads a 400 problem. test/hey-api-client.test.ts typechecks this file against the fresh
// code, then runs it against the real app.
import { type Client, createClient } from "./generated/client/index.ts";
import { listClusters } from "./generated/sdk.gen.ts";
import type { Cluster, ListClustersData, Problem } from "./generated/types.gen.ts";

type Query = NonNullable<ListClustersData["query"]>;

/** The SDK has no response when fetch itself failed (the network): that is an error here. */
function answered(response: Response | undefined): Response {
  if (!response) throw new Error("no response from the API");
  return response;
}

export function createFleetClient(baseUrl: string, apiKey: string): Client {
  return createClient({ baseUrl, auth: () => apiKey });
}

/** Every cluster of `query`, page by page along X-Next-Cursor, and the X-Total-Count of each page. */
export async function listAll(client: Client, query: Omit<Query, "cursor" | "page">) {
  const clusters: Cluster[] = [];
  const totals: number[] = [];
  let cursor: string | null = "first";
  while (cursor !== null) {
    const page: Awaited<ReturnType<typeof listClusters>> = await listClusters({
      client,
      query: { ...query, cursor },
    });
    const response = answered(page.response);
    if (page.error !== undefined || page.data === undefined)
      throw new Error(`listing failed: ${response.status}`);
    clusters.push(...page.data);
    totals.push(Number(response.headers.get("X-Total-Count")));
    cursor = response.headers.get("X-Next-Cursor");
  }
  return { clusters, totals };
}

/** A first page, then the same page again with its ETag: unchanged, it is a 304 and the first is reused. */
export async function revalidate(client: Client, query: Query) {
  const first = await listClusters({ client, query });
  const etag = answered(first.response).headers.get("ETag") ?? "";
  const again = await listClusters({ client, query, headers: { "If-None-Match": etag } });
  // The fetch client reads every status outside 2xx as an error, a 304 included: look at the status.
  const againStatus = answered(again.response).status;
  const page = againStatus === 304 ? first.data : again.data;
  return { firstStatus: answered(first.response).status, againStatus, names: page?.map((c) => c.name) };
}

/** A request the API refuses: its problem, as the SDK types it. */
export async function refused(client: Client) {
  const { data, error, response } = await listClusters({
    client,
    query: { limit: 500, status: ["running"] },
  });
  const problem: Problem | undefined = error;
  return {
    status: answered(response).status,
    data,
    code: problem?.code,
    params: problem?.errors?.map((e) => e.param),
    documentation: problem?.documentation_url,
  };
}
