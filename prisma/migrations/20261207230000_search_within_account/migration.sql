-- A search is always within one account, but the trigram indexes held every account's rows: a term
-- made of common words (a full generated name) walked the trigrams' entries for the whole table and
-- only then met the account, so an account of a thousand clusters searched like the whole fleet.
-- With account_id as the indexes' first column (btree_gin), one index scan intersects the account's
-- entries with the trigrams', skipping what lies outside the account.
CREATE EXTENSION IF NOT EXISTS "btree_gin";

CREATE INDEX "clusters_account_id_name_trgm_idx" ON "clusters" USING GIN ("account_id" text_ops, "name" gin_trgm_ops);
CREATE INDEX "clusters_account_id_description_trgm_idx" ON "clusters" USING GIN ("account_id" text_ops, "description" gin_trgm_ops);
-- The short pending list of migration 20261207184500_clusters_room_for_updates, kept.
ALTER INDEX "clusters_account_id_name_trgm_idx" SET (gin_pending_list_limit = 256);
ALTER INDEX "clusters_account_id_description_trgm_idx" SET (gin_pending_list_limit = 256);

DROP INDEX "clusters_name_trgm_idx";
DROP INDEX "clusters_description_trgm_idx";
