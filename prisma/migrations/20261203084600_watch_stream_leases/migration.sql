-- The change stream limit per API key, counted across every server on the database: one lease per
-- open stream, renewed by its server while the stream is open; a lease past its expiry (its server
-- died) no longer counts.

-- CreateTable
CREATE TABLE "watch_stream_leases" (
    "id" TEXT NOT NULL,
    "api_key_id" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "watch_stream_leases_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "watch_stream_leases_api_key_id_expires_at_idx" ON "watch_stream_leases"("api_key_id", "expires_at");

-- AddForeignKey
ALTER TABLE "watch_stream_leases" ADD CONSTRAINT "watch_stream_leases_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE CASCADE ON UPDATE CASCADE;
