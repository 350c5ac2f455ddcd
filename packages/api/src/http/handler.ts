// The one fetch handler (Request → Response) that the Next.js app and apps/api both mount:
//   /api/trpc/*          tRPC
//   /v1/clusters         REST listing (GET, HEAD)
//   /v1/clusters/watch   REST change stream, server-sent events (GET, HEAD)
//   /v1/openapi.json     OpenAPI 3.1 document (GET, HEAD)
//   /healthz, /readyz    liveness, readiness
//   /problems[/{slug}]   a page per problem type (GET, HEAD): where problems' documentation_url leads
//   csvExportPath        the listing as CSV (GET, HEAD), where the portal mounts it
import type { Db } from "@fleet/db";
import type { AuthLimits } from "../auth/auth-limits.ts";
import { changeHubFor } from "../changes/hub-registry.ts";
import { type Context, createContext, requestIdOf } from "../context.ts";
import { apiEnv } from "../env.ts";
import { FleetError, toFleetError } from "../errors.ts";
import { createLogger, type Logger } from "../logger.ts";
import { openApiDocumentJson } from "../openapi/document.ts";
import { contextLimitHeaders } from "../rate-limit/headers.ts";
import { sweepEndedWindows } from "../rate-limit/rate-limiter.ts";
import { clustersCsvResponse } from "../rest/clusters-csv-route.ts";
import { listClustersResponse } from "../rest/clusters-route.ts";
import { problemResponse } from "../rest/problem.ts";
import { PROBLEM_PAGES_PATH, problemPageResponse } from "../rest/problem-pages.ts";
import { watchClustersResponse } from "../rest/watch-route.ts";
import { jsonResponse } from "./compression.ts";
import { forwardedView, publicUrl } from "./forwarded.ts";
import { healthz, readyz } from "./health.ts";
import type { RequestRecord } from "./request-record.ts";
import { trpcResponse } from "./trpc-route.ts";

export interface FleetHandlerOptions {
  db: Db;
  logger?: Logger;
  /** Overrides RATE_LIMIT_PER_MINUTE (tests, embedded setups). */
  rateLimitPerMinute?: number;
  /** Overrides AUTH_FAILURES_PER_MINUTE. */
  authFailuresPerMinute?: number;
  /** Overrides FLEET_TRUST_PROXY: believe X-Forwarded-For/-Host/-Proto. */
  trustProxy?: boolean;
  /** Where tRPC is mounted; default /api/trpc. */
  trpcEndpoint?: string;
  /** Every request answers within this bound (503 past it), so a hung database never hangs clients. */
  requestTimeoutMs?: number;
  /** Where the listing's CSV export answers (the portal's "Export CSV"); unset: nowhere. */
  csvExportPath?: string;
}

/** What the server knows of the connection beside the Request: the TCP peer's address. */
export interface ConnectionInfo {
  remoteAddress?: string | null;
}

export type FleetHandler = (req: Request, connection?: ConnectionInfo) => Promise<Response>;

const READ_METHODS = ["GET", "HEAD"];

export function createFleetHandler(opts: FleetHandlerOptions): FleetHandler {
  const logger = opts.logger ?? createLogger();
  // The change log is kept moving (sequenced, pruned) by every server, streams open or not.
  changeHubFor(opts.db).startMaintenance(logger);
  const trpcEndpoint = opts.trpcEndpoint ?? "/api/trpc";
  const timeoutMs = opts.requestTimeoutMs ?? 10_000;
  const trustProxy = opts.trustProxy ?? apiEnv().FLEET_TRUST_PROXY;

  type Limits = Partial<AuthLimits>;
  async function route(req: Request, url: URL, record: RequestRecord, limits: Limits): Promise<Response> {
    const { pathname } = url;
    if (pathname === trpcEndpoint || pathname.startsWith(`${trpcEndpoint}/`)) {
      const response = await trpcResponse(req, record, { db: opts.db, endpoint: trpcEndpoint, limits });
      // tRPC builds its responses itself (its Headers are real ones, so this costs nothing extra).
      response.headers.set("X-Request-Id", record.requestId);
      return response;
    }
    const read = READ_ROUTES[pathname] ?? (isProblemPage(pathname) ? problemPages : undefined);
    if (!read) throw new FleetError("NOT_FOUND", { detail: `No resource at ${pathname}.` });
    if (!READ_METHODS.includes(req.method)) {
      return problemResponse(req, new FleetError("METHOD_NOT_ALLOWED"), record, {
        Allow: READ_METHODS.join(", "),
      });
    }
    return read(req, url, record, limits);
  }

  type ReadRoute = (req: Request, url: URL, record: RequestRecord, limits: Limits) => Promise<Response>;
  type CallerRoute = (req: Request, url: URL, ctx: Context) => Response | Promise<Response>;

  /** A route for a caller: the context first (caller resolved, request counted), then `respond`. */
  const forCaller =
    (respond: CallerRoute): ReadRoute =>
    async (req, url, record, limits) => {
      const ctx = await createContext(req, { db: opts.db, requestId: record.requestId, ...limits });
      record.principal = ctx.principal;
      try {
        return await respond(req, url, ctx);
      } catch (error) {
        return failure(error, req, record, contextLimitHeaders(ctx));
      }
    };

  const READ_ROUTES: Record<string, ReadRoute> = {
    "/v1/clusters": forCaller(listClustersResponse),
    "/v1/clusters/watch": forCaller(watchClustersResponse),
    ...(opts.csvExportPath ? { [opts.csvExportPath]: forCaller(clustersCsvResponse) } : {}),
    "/v1/openapi.json": async (req, _url, record) =>
      jsonResponse(req, openApiDocumentJson(), 200, {
        "Content-Type": "application/json",
        "Cache-Control": "public, max-age=300",
        "X-Request-Id": record.requestId,
      }),
    "/healthz": async (_req, _url, record) => healthz(record.requestId),
    "/readyz": async (_req, _url, record) => readyz(opts.db, record.requestId),
  };

  const isProblemPage = (pathname: string) =>
    pathname === PROBLEM_PAGES_PATH || pathname.startsWith(`${PROBLEM_PAGES_PATH}/`);
  const problemPages: ReadRoute = async (req, url, record) =>
    problemPageResponse(req, url.pathname, record.requestId);

  function failure(
    error: unknown,
    req: Request,
    record: RequestRecord,
    headers: Record<string, string> = {},
  ) {
    const fleet = toFleetError(error);
    if (fleet.status >= 500) record.error = error;
    return problemResponse(req, fleet, record, headers);
  }

  const sweepFailed = (err: unknown) => logger.warn({ err }, "rate-limit window sweep failed");

  return async function fleetHandler(req: Request, connection: ConnectionInfo = {}): Promise<Response> {
    const started = performance.now();
    sweepEndedWindows(opts.db, sweepFailed);
    const view = forwardedView(req.headers, connection.remoteAddress, trustProxy);
    const url = publicUrl(new URL(req.url), view);
    const record: RequestRecord = {
      requestId: requestIdOf(req),
      origin: url.origin,
      principal: null,
      error: undefined,
    };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<Response>((resolve) => {
      timer = setTimeout(() => {
        const error = new FleetError("SERVICE_UNAVAILABLE", {
          detail: "The request timed out; retry shortly.",
        });
        resolve(failure(error, req, record));
      }, timeoutMs);
    });
    const limits: Limits = {
      rateLimitPerMinute: opts.rateLimitPerMinute,
      authFailuresPerMinute: opts.authFailuresPerMinute,
      clientAddress: view.clientAddress,
    };
    const handled = route(req, url, record, limits).catch((error: unknown) => failure(error, req, record));
    // Every response is built with its X-Request-Id, so none is set here: reading `headers` back
    // would turn the server's plain header object into a Headers instance on every request.
    const response = await Promise.race([handled, deadline]).finally(() => clearTimeout(timer));
    const level = response.status >= 500 ? "error" : "info";
    // Most deployments log at info; at warn and above, skip building a line nobody will see.
    if (!logger.isLevelEnabled(level)) return response;
    const line = {
      request_id: record.requestId,
      method: req.method,
      path: url.pathname,
      status: response.status,
      duration_ms: Math.round((performance.now() - started) * 100) / 100,
      account_id: record.principal?.accountId,
      api_key_id: record.principal?.apiKeyId,
    };
    if (level === "error") logger.error({ ...line, err: record.error }, "request failed");
    else logger.info(line, "request");
    return response;
  };
}
