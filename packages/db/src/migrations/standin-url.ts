import { resolveEmbeddedDatabaseUrl, toolingDatabaseUrl } from "../database-url.ts";
import { isEmbeddedDatabase } from "../env.ts";

/**
 * The database the stand-in engine works on. With DATABASE_URL set, prisma.config.ts passes it
 * as the datasource and we use what the CLI sends. Without it, the config's datasource is only a
 * placeholder: we use the embedded database instead (started or joined, never migrated here,
 * since `prisma migrate deploy` is what applies migrations).
 */
export async function standinDatabaseUrl(datasourceJson: string | undefined): Promise<string> {
  if (isEmbeddedDatabase()) return resolveEmbeddedDatabaseUrl();
  const datasource = JSON.parse(datasourceJson ?? "{}") as { url?: string };
  return datasource.url ?? (await toolingDatabaseUrl());
}
