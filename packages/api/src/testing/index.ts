// Test support for every package's HTTP and database tests (`@fleet/api/testing`): the real app on
// a fresh test database, and rows with chosen values. Not part of the production API.
export { type ClusterOptions, createCluster, createClusters } from "./clusters.ts";
export { signedCursor, TEST_CURSOR_SECRET } from "./cursors.ts";
export { createAccount, createKey, type KeyOptions, type TestAccount } from "./rows.ts";
export { createTenant, type Tenant, type TenantCluster } from "./tenant.ts";
export { startApp, type TestApp, type TestAppOptions } from "./test-app.ts";
