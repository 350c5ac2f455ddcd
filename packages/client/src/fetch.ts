import { HttpResponseError } from "./errors.ts";

/**
 * tRPC reads every response as JSON; a non-JSON error (a proxy's HTML 502, an empty 503) would
 * surface as a bare "Unexpected token" with the status lost. Fail with the response instead.
 */
export function statusPreservingFetch(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    const isJson = response.headers.get("content-type")?.includes("json") ?? false;
    if (!response.ok && !isJson) throw new HttpResponseError(response);
    return response;
  };
}
