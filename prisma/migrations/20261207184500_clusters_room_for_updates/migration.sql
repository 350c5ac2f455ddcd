-- Most writes to a live fleet refresh metrics and costs, columns no index holds. With room left on
-- the row's page, PostgreSQL writes the new version beside the old (a HOT update) and touches none
-- of the table's indexes; on a full page every index gets a new entry, the trigram ones about thirty
-- each. The room applies to pages written from now on: a table loaded before this migration gains
-- it as rows move or after a VACUUM FULL.
ALTER TABLE "clusters" SET (fillfactor = 80);

-- A search reads the whole of a GIN index's pending list, entry by entry, besides the index: the
-- default 4 MB list (thousands of rows) made a rare search several times slower while the fleet was
-- written. A short list is merged into the index by the writer that fills it, in one batch.
ALTER INDEX "clusters_name_trgm_idx" SET (gin_pending_list_limit = 256);
ALTER INDEX "clusters_description_trgm_idx" SET (gin_pending_list_limit = 256);
