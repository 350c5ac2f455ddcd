// The OpenAPI 3.1 document for the REST API, generated from the shared zod schemas (zod-openapi):
// the filter shape gives the parameters, Cluster the response items, Problem every error body.
import { Cluster, ERRORS, type ErrorCode, Problem } from "@fleet/schema";
import { z } from "zod";
import { type CreateDocumentOptions, createDocument, type ZodOpenApiResponseObject } from "zod-openapi";
import { problemSlug } from "../rest/problem-pages.ts";
import { clusterExample, problemExample } from "./examples.ts";
import { problemHeaders, rateLimitHeaderSchemas, successHeaders } from "./headers.ts";
import { queryParameters, watchQueryParameters } from "./parameters.ts";

const ProblemSchema = Problem.meta({ id: "Problem" });

/** The OpenAPI description of a problem answer with `code`. */
function problemSpec(code: ErrorCode, description: string, headers = {}): ZodOpenApiResponseObject {
  return {
    description: `${ERRORS[code].title} (\`${code}\`). ${description}`,
    headers: z.object({ ...problemHeaders, ...headers }),
    content: {
      "application/problem+json": {
        schema: ProblemSchema,
        examples: { [problemSlug(code)]: { value: problemExample(code) } },
      },
    },
  };
}

const PROBLEM_SLUGS = (Object.keys(ERRORS) as ErrorCode[]).map(problemSlug) as [string, ...string[]];

/** What every endpoint that reads clusters answers a caller it cannot serve. */
const readerProblems = {
  "401": problemSpec("UNAUTHORIZED", "Missing, malformed, unknown, expired or revoked key.", {
    "WWW-Authenticate": z.string().describe("Always `Bearer`."),
  }),
  "403": problemSpec("FORBIDDEN", "The key lacks the `clusters:read` scope.", rateLimitHeaderSchemas),
};

/** What a page of clusters answers: its body and headers. */
const pageResponse = {
  headers: z.object({ ...successHeaders, ...rateLimitHeaderSchemas }),
  content: {
    "application/json": {
      schema: z.array(Cluster.meta({ id: "Cluster" })),
      examples: { page: { summary: "A page of one running cluster", value: [clusterExample] } },
    },
  },
};

const conditionalHeaders = z.object({
  "If-None-Match": z
    .string()
    .optional()
    .describe("The `ETag` of an earlier answer: a 304 with no body if the page is still the same."),
});

const notModified = {
  description: "Not modified: the `If-None-Match` ETag still matches. No body; the headers are the 200's.",
  headers: pageResponse.headers,
};

/** What the listing answers a request it cannot serve. */
const listingProblems = {
  "400": problemSpec(
    "VALIDATION_ERROR",
    "`errors` names each offending parameter and what is allowed.",
    rateLimitHeaderSchemas,
  ),
  ...readerProblems,
  "405": methodNotAllowedSpec(),
  "429": problemSpec("RATE_LIMIT_EXCEEDED", "Too many requests for this key in this window.", {
    ...rateLimitHeaderSchemas,
    "Retry-After": z.int().min(0).describe("Seconds until requests are accepted again."),
  }),
  "500": problemSpec("INTERNAL_ERROR", "An unexpected error; no internals are disclosed."),
  "503": unavailableSpec("The database is unreachable; retry later."),
};

/** What a read-only path answers another method with. */
function methodNotAllowedSpec(): ZodOpenApiResponseObject {
  return problemSpec("METHOD_NOT_ALLOWED", "Only GET and HEAD.", {
    Allow: z.string().describe("The allowed methods: `GET, HEAD`."),
  });
}

function unavailableSpec(description: string): ZodOpenApiResponseObject {
  return problemSpec("SERVICE_UNAVAILABLE", description, {
    "Retry-After": z.int().min(0).describe("Seconds to wait before retrying."),
  });
}

export function createOpenApiDocument() {
  return createDocument(
    {
      openapi: "3.1.0",
      info: {
        title: "Fleet API",
        version: "1.0.0",
        contact: { name: "Fleet team", url: "https://fleet.dev" },
        license: { name: "UNLICENSED (proprietary)", url: "https://fleet.dev/terms" },
        description:
          "List the GPU clusters of your account. Authenticate with `Authorization: Bearer <API key>`; " +
          "listing needs the `clusters:read` scope. Errors are RFC 9457 problem details.",
      },
      servers: [
        {
          url: "{protocol}://{host}",
          description:
            "Where Fleet runs: apps/api (port 3001 by default) or the portal, which serves the same API.",
          variables: {
            protocol: { enum: ["https", "http"], default: "http" },
            host: { default: "127.0.0.1:3001", description: "Host name and port." },
          },
        },
      ],
      security: [{ bearerAuth: [] }],
      components: {
        securitySchemes: {
          bearerAuth: { type: "http", scheme: "bearer", description: "An API key, e.g. `fleet_3kq9x2ab_…`." },
        },
      },
      tags: [
        { name: "clusters", description: "GPU clusters" },
        { name: "health", description: "Liveness and readiness probes" },
        { name: "documents", description: "This document, and a page per problem type" },
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
            requestParams: { query: z.object(queryParameters), header: conditionalHeaders },
            responses: {
              "200": {
                description: "The page of clusters (an empty array past the last page).",
                ...pageResponse,
              },
              "304": notModified,
              ...listingProblems,
            },
          },
          head: {
            operationId: "headClusters",
            tags: ["clusters"],
            summary: "The headers of a page of clusters",
            description:
              "Exactly the GET's status and headers (`X-Total-Count`, `Link`, `X-Next-Cursor`, `ETag`, …) without the body: a count, or a revalidation, without downloading the page.",
            requestParams: { query: z.object(queryParameters), header: conditionalHeaders },
            responses: {
              "200": { description: "The page's headers; no body.", headers: pageResponse.headers },
              "304": notModified,
              ...listingProblems,
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
              "503": unavailableSpec("The database is unreachable; retry later."),
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
              "405": methodNotAllowedSpec(),
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
              "405": methodNotAllowedSpec(),
              "503": unavailableSpec("The database is unreachable."),
            },
          },
        },
        "/v1/openapi.json": {
          get: {
            operationId: "openApiDocument",
            tags: ["documents"],
            summary: "This document",
            description:
              "The OpenAPI 3.1 description of the API, generated from the schemas the server validates with.",
            security: [],
            responses: {
              "200": {
                description: "The document.",
                content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
              },
              "405": methodNotAllowedSpec(),
            },
          },
        },
        "/problems/{type}": {
          get: {
            operationId: "problemType",
            tags: ["documents"],
            summary: "A problem type's page",
            description:
              "What a problem type means and what a client should do about it: where every problem's `documentation_url` leads. `/problems` lists them all.",
            security: [],
            requestParams: {
              path: z.object({
                type: z
                  .enum(PROBLEM_SLUGS)
                  .describe("The problem type's last path segment, e.g. `validation-error`."),
              }),
            },
            responses: {
              "200": {
                description: "The page.",
                content: { "text/html": { schema: z.string() } },
              },
              "404": problemSpec("NOT_FOUND", "No problem type has that name."),
              "405": methodNotAllowedSpec(),
            },
          },
        },
      },
    },
    { override: withoutSafeIntegerBounds },
  );
}

/** zod gives every z.int() the safe-integer bounds, which say nothing to a reader: left out. */
export const withoutSafeIntegerBounds: NonNullable<CreateDocumentOptions["override"]> = ({ jsonSchema }) => {
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
};

let cachedJson: string | undefined;

/** The serialized document, generated once per process. */
export function openApiDocumentJson(): string {
  cachedJson ??= JSON.stringify(createOpenApiDocument());
  return cachedJson;
}
