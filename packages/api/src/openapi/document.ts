// The OpenAPI 3.1 document for the REST API, generated from the shared zod schemas (zod-openapi):
// the filter shape gives the parameters, Cluster the response items, Problem every error body.
import { Cluster, ERRORS, type ErrorCode, Problem } from "@fleet/schema";
import { z } from "zod";
import { createDocument, type ZodOpenApiResponseObject } from "zod-openapi";
import { problemHeaders, rateLimitHeaderSchemas, successHeaders } from "./headers.ts";
import { queryParameters, watchQueryParameters } from "./parameters.ts";

const problemContent = { "application/problem+json": { schema: Problem.meta({ id: "Problem" }) } };

/** The OpenAPI description of a problem answer with `code`. */
function problemSpec(code: ErrorCode, description: string, headers = {}): ZodOpenApiResponseObject {
  return {
    description: `${ERRORS[code].title} (\`${code}\`). ${description}`,
    headers: z.object({ ...problemHeaders, ...headers }),
    content: problemContent,
  };
}

/** What every endpoint that reads clusters answers a caller it cannot serve. */
const readerProblems = {
  "401": problemSpec("UNAUTHORIZED", "Missing, malformed, unknown, expired or revoked key.", {
    "WWW-Authenticate": z.string().describe("Always `Bearer`."),
  }),
  "403": problemSpec("FORBIDDEN", "The key lacks the `clusters:read` scope.", rateLimitHeaderSchemas),
};

export function createOpenApiDocument() {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Fleet API",
      version: "1.0.0",
      contact: { name: "Fleet team", url: "https://fleet.dev" },
      description:
        "List the GPU clusters of your account. Authenticate with `Authorization: Bearer <API key>`; " +
        "listing needs the `clusters:read` scope. Errors are RFC 9457 problem details.",
    },
    servers: [{ url: "/", description: "This server" }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An API key, e.g. `fleet_3kq9x2ab_…`." },
      },
    },
    tags: [
      { name: "clusters", description: "GPU clusters" },
      { name: "health", description: "Liveness and readiness probes" },
    ],
    paths: {
      "/v1/clusters": {
        get: {
          operationId: "listClusters",
          tags: ["clusters"],
          summary: "List clusters",
          description:
            "One page of the clusters of the key's account (and projects), filtered, searched and sorted. " +
            "Filters combine with AND; comma-separated values within one parameter combine with OR. " +
            "A parameter with an empty value counts as absent; unknown or repeated parameters are rejected.",
          requestParams: { query: z.object(queryParameters) },
          responses: {
            "200": {
              description: "The page of clusters (an empty array past the last page).",
              headers: z.object({ ...successHeaders, ...rateLimitHeaderSchemas }),
              content: { "application/json": { schema: z.array(Cluster.meta({ id: "Cluster" })) } },
            },
            "304": {
              description: "Not modified: the `If-None-Match` ETag still matches. No body.",
              headers: z.object({ ...successHeaders, ...rateLimitHeaderSchemas }),
            },
            "400": problemSpec(
              "VALIDATION_ERROR",
              "`errors` names each offending parameter and what is allowed.",
              rateLimitHeaderSchemas,
            ),
            ...readerProblems,
            "405": problemSpec("METHOD_NOT_ALLOWED", "Only GET and HEAD.", {
              Allow: z.string().describe("The allowed methods: `GET, HEAD`."),
            }),
            "429": problemSpec("RATE_LIMIT_EXCEEDED", "Too many requests for this key in this window.", {
              ...rateLimitHeaderSchemas,
              "Retry-After": z.int().min(0).describe("Seconds until requests are accepted again."),
            }),
            "500": problemSpec("INTERNAL_ERROR", "An unexpected error; no internals are disclosed."),
            "503": problemSpec("SERVICE_UNAVAILABLE", "The database is unreachable; retry later.", {
              "Retry-After": z.int().min(0).describe("Seconds to wait before retrying."),
            }),
          },
        },
      },
      "/v1/clusters/watch": {
        get: {
          operationId: "watchClusters",
          tags: ["clusters"],
          summary: "Follow the changes of a filtered list",
          description:
            "Server-sent events (`text/event-stream`): list first, then watch from the list's `X-Fleet-Revision`. " +
            "`event: upsert` (data: the whole cluster, as the list returns it) for a cluster that now matches and was created, changed or entered the filter; " +
            "`event: remove` (data: `{id, reason}`, reason `deleted` or `left_filter`) for one that matched and no longer does; " +
            "`event: heartbeat` (data: `{}`) at least every 15 s. Every event's `id` is a revision: reconnect with `Last-Event-ID` (or `since`) to go on " +
            "without repeating or missing a change. Events come in commit order, each flushed when it happens.",
          requestParams: {
            query: z.object(watchQueryParameters),
            header: z.object({
              "Last-Event-ID": z
                .string()
                .optional()
                .describe(
                  "The id of the last event received; wins over `since` (an EventSource sends it on reconnect).",
                ),
            }),
          },
          responses: {
            "200": {
              description:
                "The stream, until the client closes it or the server ends it (the client then reconnects).",
              headers: z.object({ "Cache-Control": z.literal("no-cache"), ...rateLimitHeaderSchemas }),
              content: {
                "text/event-stream": {
                  schema: z
                    .string()
                    .describe(
                      "`id: <revision>`, `event: upsert | remove | heartbeat`, `data: <JSON>` blocks.",
                    ),
                },
              },
            },
            "400": problemSpec(
              "VALIDATION_ERROR",
              "`errors` names each offending parameter; `page`, `limit`, `sort_by`, `sort_order` and `cursor` are not parameters of a stream; a malformed `since` or `Last-Event-ID` names `since`.",
              rateLimitHeaderSchemas,
            ),
            ...readerProblems,
            "410": problemSpec(
              "REVISION_EXPIRED",
              "The change log no longer reaches back to `since` (older than the retention, or the clusters were reset): list again, then watch from the new revision.",
              rateLimitHeaderSchemas,
            ),
            "429": problemSpec(
              "RATE_LIMIT_EXCEEDED",
              "Too many requests, or already 10 open streams for this key.",
              {
                ...rateLimitHeaderSchemas,
                "Retry-After": z.int().min(0).describe("Seconds to wait before retrying."),
              },
            ),
            "503": problemSpec("SERVICE_UNAVAILABLE", "The database is unreachable; retry later.", {
              "Retry-After": z.int().min(0).describe("Seconds to wait before retrying."),
            }),
          },
        },
      },
      "/healthz": {
        get: {
          operationId: "healthz",
          tags: ["health"],
          summary: "Liveness",
          description: "The process answers; does not touch the database.",
          security: [],
          responses: {
            "200": {
              description: "Up.",
              content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } },
            },
          },
        },
      },
      "/readyz": {
        get: {
          operationId: "readyz",
          tags: ["health"],
          summary: "Readiness",
          description: "The database answers within 2 seconds.",
          security: [],
          responses: {
            "200": {
              description: "Ready.",
              content: {
                "application/json": {
                  schema: z.object({ status: z.literal("ok"), database: z.literal("up") }),
                },
              },
            },
            "503": problemSpec("SERVICE_UNAVAILABLE", "The database is unreachable.", {
              "Retry-After": z.int().min(0).describe("Seconds to wait before retrying."),
            }),
          },
        },
      },
    },
  });
}

let cachedJson: string | undefined;

/** The serialized document, generated once per process. */
export function openApiDocumentJson(): string {
  cachedJson ??= JSON.stringify(createOpenApiDocument());
  return cachedJson;
}
