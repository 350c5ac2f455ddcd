export {
  API_KEY_SCOPES,
  type ApiKeyScope,
  type GeneratedApiKey,
  generateApiKey,
  hashApiKeySecret,
  parseApiKey,
  secretHashesMatch,
  verifyApiKeySecret,
} from "./api-keys.ts";
export {
  createPrismaClient,
  type Db,
  type PrismaClientOptions,
  type RowReader,
  rowReader,
} from "./client.ts";
export { resolveDatabaseUrl } from "./database-url.ts";
export { isEmbeddedDatabase } from "./env.ts";
export type {
  Account,
  ApiKey,
  Cluster,
  Project,
  RateLimitWindow,
  Session,
  Template,
} from "./generated/prisma/client.ts";
export { Prisma, PrismaClient } from "./generated/prisma/client.ts";
export { migrate } from "./migrations/migrate.ts";
export { dataRoot, repoRoot } from "./paths.ts";
export { type PreparedSql, pgQuery, prepared, type Statement } from "./prepared-statements.ts";
export { type TableRow, tableColumns } from "./table-columns.ts";
