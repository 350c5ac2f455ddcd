// Prisma CLI configuration. The connection URL is only needed by CLI commands that reach the
// database; `pnpm db:migrate` resolves it (embedded or DATABASE_URL) itself.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/fleet" },
});
