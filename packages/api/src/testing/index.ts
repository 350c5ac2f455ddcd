// Test support for every package's HTTP and database tests (`@fleet/api/testing`): the real app on
// a fresh test database, rows with chosen values, a raw HTTP client, the reference listing to check
// answers against, and the child-process harness both servers are started with. Not part of the
// production API.
export { type ClusterOptions, createCluster, createClusters } from "./clusters.ts";
export { signedCursor, TEST_CURSOR_SECRET } from "./cursors.ts";
export { type EventStreamClient, openEventStream, type StreamEvent } from "./event-stream.ts";
export { type RawRequest, type RawResponse, rawRequest } from "./raw-http.ts";
export { type ReferenceQuery, type ReferenceRow, referenceList } from "./reference-list.ts";
export { createAccount, createKey, type KeyOptions, type TestAccount } from "./rows.ts";
export {
  type RunningServer,
  type ServerExit,
  type ServerProcessOptions,
  startServerProcess,
} from "./server-process.ts";
export { createTenant, type Tenant, type TenantCluster } from "./tenant.ts";
export { startApp, type TestApp, type TestAppOptions } from "./test-app.ts";
export { startTwoApps, type TwoApps } from "./two-apps.ts";
