// The stock Prisma CLI, offline, through bin/schema-engine (PRISMA_SCHEMA_ENGINE_BINARY).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../paths.ts";
import { createTestDatabase, type TestDatabase } from "../testing.ts";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const prismaBin = fileURLToPath(new URL("../../node_modules/.bin/prisma", import.meta.url));
const engineBin = fileURLToPath(new URL("../../bin/schema-engine", import.meta.url));

async function prisma(args: string[], databaseUrl: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      prismaBin,
      [...args, "--config", `${repoRoot}/prisma.config.ts`],
      {
        cwd: packageDir,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          PRISMA_SCHEMA_ENGINE_BINARY: engineBin,
          CHECKPOINT_DISABLE: "1",
        },
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe("stock prisma CLI through the schema-engine stand-in", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrated: false });
  });
  afterAll(() => database.drop());

  it("migrate deploy applies the committed migrations, then migrate status reports up to date", async () => {
    const deploy = await prisma(["migrate", "deploy"], database.url);
    expect(deploy.output).toContain("All migrations have been successfully applied.");
    expect(deploy.code).toBe(0);
    const rows = await database.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM _prisma_migrations`;
    expect(Number(rows[0]?.n)).toBeGreaterThan(0);

    const status = await prisma(["migrate", "status"], database.url);
    expect(status.output).toContain("Database schema is up to date!");
    expect(status.code).toBe(0);
  });

  it("migrate diff --exit-code finds no difference between the migrations and the schema", async () => {
    const diff = await prisma(
      [
        "migrate",
        "diff",
        "--from-migrations",
        "../../prisma/migrations",
        "--to-schema",
        "../../prisma/schema.prisma",
        "--exit-code",
      ],
      database.url,
    );
    expect(diff.output).toContain("No difference detected.");
    expect(diff.code).toBe(0);
  });
});
