// Test support for every package's HTTP and database tests (`@fleet/api/testing`): the real app on
// a fresh test database, rows with chosen values, and a TCP proxy that can hang or cut PostgreSQL.
// Not part of the production API.
export { type ClusterOptions, createCluster, createClusters } from "./clusters.ts";
export { createAccount, createKey, type KeyOptions, type TestAccount } from "./rows.ts";
export { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";
export { createTenant, type Tenant, type TenantCluster } from "./tenant.ts";
export { startApp, type TestApp, type TestAppOptions } from "./test-app.ts";
