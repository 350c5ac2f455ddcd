// The database a command works on: DATABASE_URL, or the embedded PostgreSQL (shared with a
// running server), resolved and migrated by @fleet/db.
import { createPrismaClient, type Db, resolveDatabaseUrl } from "@fleet/db";

export async function withDb<T>(run: (db: Db, url: string) => Promise<T>): Promise<T> {
  const url = await resolveDatabaseUrl();
  const db = createPrismaClient(url, { max: 2, statementTimeoutMs: 0 });
  try {
    return await run(db, url);
  } finally {
    await db.$disconnect();
  }
}
