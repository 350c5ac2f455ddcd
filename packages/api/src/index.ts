export { countedKeyStatement } from "./auth/api-key-auth.ts";
export { authorize } from "./auth/authorize.ts";
export type { Principal } from "./auth/principal.ts";
export {
  createSession,
  deleteSession,
  resolveSession,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  signInRefusal,
} from "./auth/sessions.ts";
export { stopChangeStreams } from "./changes/hub-registry.ts";
export { pruneChanges } from "./changes/pruner.ts";
export { ALL_ACCOUNTS } from "./clusters/change-log.ts";
export { clusterStats } from "./clusters/cluster-stats.ts";
export { ClusterStats } from "./clusters/cluster-stats.types.ts";
export { streamClustersCsv } from "./clusters/clusters-csv.ts";
export { clusterCountQuery } from "./clusters/count-clusters.ts";
export { type CursorPosition, encodeCursor, listingFingerprint } from "./clusters/cursor.ts";
export { cursorSecret } from "./clusters/cursor-secret.ts";
export { listClusters } from "./clusters/list-clusters.ts";
export { readListingPage } from "./clusters/list-query.ts";
export { listProjects, listTemplates } from "./clusters/pickers.ts";
export { parseRevision } from "./clusters/revision.ts";
export { type Context, createContext, createContextInner, createPrincipalContext } from "./context.ts";
export { DEFAULT_CHANGE_POLL_MS } from "./env.ts";
export { FleetError, isDatabaseUnavailable, toFleetError } from "./errors.ts";
export { type ForwardedView, forwardedView } from "./http/forwarded.ts";
export {
  type ConnectionInfo,
  createFleetHandler,
  type FleetHandler,
  type FleetHandlerOptions,
} from "./http/handler.ts";
export { malformedRequestResponse } from "./http/malformed-request.ts";
export { createLogger } from "./logger.ts";
export { openApiDocumentJson } from "./openapi/document.ts";
export { problemResponse } from "./rest/problem.ts";
export { appRouter, createCaller } from "./root.ts";
export type { AppRouter, RouterInputs, RouterOutputs } from "./types.ts";
