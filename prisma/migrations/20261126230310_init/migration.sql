-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateTable
CREATE TABLE "accounts" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "projects" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "templates" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "project_ids" TEXT[],
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "api_key_id" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_windows" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "rate_limit_windows_pkey" PRIMARY KEY ("key","window_start")
);

-- CreateTable
CREATE TABLE "clusters" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "template_id" TEXT,
    "name" TEXT NOT NULL,
    "name_lower" TEXT NOT NULL,
    "description" TEXT,
    "status" TEXT NOT NULL,
    "gpu_type" TEXT NOT NULL,
    "gpu_count" INTEGER NOT NULL,
    "cpu_cores" INTEGER NOT NULL,
    "memory_gb" INTEGER NOT NULL,
    "storage_gb" INTEGER NOT NULL,
    "region" TEXT NOT NULL,
    "ssh_enabled" BOOLEAN NOT NULL,
    "ssh_host" TEXT,
    "ssh_port" INTEGER,
    "ssh_username" TEXT,
    "port_mappings" JSONB NOT NULL DEFAULT '[]',
    "proxy_url" TEXT,
    "hourly_rate_cents" INTEGER NOT NULL,
    "total_cost_cents" BIGINT NOT NULL,
    "gpu_utilization" REAL,
    "gpu_memory_utilization" REAL,
    "cpu_utilization" REAL,
    "memory_utilization" REAL,
    "metrics_updated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "clusters_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "projects_account_id_name_idx" ON "projects"("account_id", "name");

-- CreateIndex
CREATE INDEX "templates_account_id_name_idx" ON "templates"("account_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- CreateIndex
CREATE INDEX "api_keys_account_id_idx" ON "api_keys"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");

-- CreateIndex
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");

-- CreateIndex
CREATE INDEX "rate_limit_windows_window_start_idx" ON "rate_limit_windows"("window_start");

-- CreateIndex
CREATE INDEX "clusters_account_id_created_at_id_idx" ON "clusters"("account_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "clusters_account_id_name_lower_id_idx" ON "clusters"("account_id", "name_lower", "id");

-- CreateIndex
CREATE INDEX "clusters_account_id_status_id_idx" ON "clusters"("account_id", "status", "id");

-- CreateIndex
CREATE INDEX "clusters_account_id_gpu_count_id_idx" ON "clusters"("account_id", "gpu_count", "id");

-- CreateIndex
CREATE INDEX "clusters_account_id_hourly_rate_cents_id_idx" ON "clusters"("account_id", "hourly_rate_cents", "id");

-- CreateIndex
CREATE INDEX "clusters_account_id_status_created_at_id_idx" ON "clusters"("account_id", "status", "created_at", "id");

-- CreateIndex
CREATE INDEX "clusters_account_id_gpu_type_created_at_id_idx" ON "clusters"("account_id", "gpu_type", "created_at", "id");

-- CreateIndex
CREATE INDEX "clusters_account_id_region_created_at_id_idx" ON "clusters"("account_id", "region", "created_at", "id");

-- CreateIndex
CREATE INDEX "clusters_account_id_project_id_created_at_id_idx" ON "clusters"("account_id", "project_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "clusters_account_id_template_id_created_at_id_idx" ON "clusters"("account_id", "template_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "clusters_name_trgm_idx" ON "clusters" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "clusters_description_trgm_idx" ON "clusters" USING GIN ("description" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "templates" ADD CONSTRAINT "templates_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "templates"("id") ON DELETE SET NULL ON UPDATE CASCADE;
