// Two server instances over one fresh test database, each with its own database client and so its
// own change hub: what two servers behind a load balancer are to the change log and the stream limit.
import { createPrismaClient } from "@fleet/db";
import { createTestDatabase, type TestDatabase } from "@fleet/db/testing";
import { startApp, type TestApp } from "./test-app.ts";

export interface TwoApps {
  database: TestDatabase;
  one: TestApp;
  two: TestApp;
  close(): Promise<void>;
}

export async function startTwoApps(): Promise<TwoApps> {
  const database = await createTestDatabase();
  const second = createPrismaClient(database.url);
  const one = await startApp({ db: database.db });
  const two = await startApp({ db: second });
  return {
    database,
    one,
    two,
    close: async () => {
      await one.close();
      await two.close();
      await second.$disconnect();
      await database.drop();
    },
  };
}
