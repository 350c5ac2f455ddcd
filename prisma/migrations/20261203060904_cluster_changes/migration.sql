-- Counts are kept exact from the change log below (a cached count plus the changes since), so the
-- counters and their per-account version row, which every writer of an account had to update, go.
DROP TRIGGER cluster_counts_insert ON clusters;
DROP TRIGGER cluster_counts_delete ON clusters;
DROP TRIGGER cluster_counts_update ON clusters;
DROP TRIGGER cluster_counts_truncate ON clusters;
DROP FUNCTION cluster_counts_apply();
DROP FUNCTION cluster_counts_truncate();

-- DropTable
DROP TABLE "cluster_count_versions";

-- DropTable
DROP TABLE "cluster_counts";

-- CreateTable
CREATE TABLE "cluster_changes" (
    "seq" BIGSERIAL NOT NULL,
    "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
    "account_id" TEXT NOT NULL,
    "cluster_id" TEXT NOT NULL,
    "old_row" JSONB,
    "new_row" JSONB,
    "key_change" BOOLEAN NOT NULL,
    "position" BIGINT,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cluster_changes_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "cluster_change_log" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "last_position" BIGINT NOT NULL DEFAULT 0,
    "pruned_through" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "cluster_change_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "cluster_changes_position_idx" ON "cluster_changes"("position");

-- CreateIndex
CREATE INDEX "cluster_changes_account_id_key_change_xid_idx" ON "cluster_changes"("account_id", "key_change", "xid");

-- One row, always.
ALTER TABLE "cluster_change_log" ADD CONSTRAINT "cluster_change_log_one_row" CHECK ("id");
INSERT INTO "cluster_change_log" DEFAULT VALUES;

-- Services that own clusters write them with plain SQL: the derived column and the update stamp
-- are kept here, so a writer needs to know neither.
CREATE FUNCTION clusters_derive() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.name_lower := lower(NEW.name);
  IF TG_OP = 'UPDATE' AND NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at AND NEW IS DISTINCT FROM OLD THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER clusters_derive BEFORE INSERT OR UPDATE ON clusters
  FOR EACH ROW EXECUTE FUNCTION clusters_derive();

-- Every committed change to "clusters", in the writer's own transaction (a rolled-back write takes
-- its records with it): statement-level triggers with transition tables, one INSERT per statement.
-- A row moved to another account is a delete for the old account and an insert for the new one, so
-- an account's records never show another account's row. `key_change` marks a change that can move
-- the cluster into or out of a filter: an insert, a delete, or an update of a column some filter
-- reads (the list is FILTERED_COLUMNS in packages/api/src/clusters/cluster-where.ts, held equal to
-- this one by a test); metrics and cost updates are not.
CREATE FUNCTION cluster_changes_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO cluster_changes (account_id, cluster_id, new_row, key_change)
    SELECT n.account_id, n.id, to_jsonb(n), true FROM new_rows n ORDER BY n.id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO cluster_changes (account_id, cluster_id, old_row, key_change)
    SELECT o.account_id, o.id, to_jsonb(o), true FROM old_rows o ORDER BY o.id;
  ELSE
    INSERT INTO cluster_changes (account_id, cluster_id, old_row, new_row, key_change)
    SELECT r.account_id, r.cluster_id, r.old_row, r.new_row, r.key_change
      FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
     CROSS JOIN LATERAL (VALUES
       (o.account_id, o.id, to_jsonb(o), CASE WHEN n.account_id = o.account_id THEN to_jsonb(n) END,
        n.account_id IS DISTINCT FROM o.account_id
          OR (o.project_id, o.template_id, o.status, o.gpu_type, o.region, o.gpu_count, o.name, o.description, o.created_at)
             IS DISTINCT FROM
             (n.project_id, n.template_id, n.status, n.gpu_type, n.region, n.gpu_count, n.name, n.description, n.created_at)),
       (CASE WHEN o.id IS NULL OR n.account_id <> o.account_id THEN n.account_id END, n.id, NULL::jsonb, to_jsonb(n), true)
     ) AS r (account_id, cluster_id, old_row, new_row, key_change)
     WHERE r.account_id IS NOT NULL AND r.old_row IS DISTINCT FROM r.new_row
     ORDER BY r.cluster_id, r.new_row IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;

-- TRUNCATE names no rows (nor, when it cascades from accounts, which accounts there were): it is one
-- reset record for every account (account_id '', no row before or after), which tells counts to
-- count afresh and streams that their clients must list again.
CREATE FUNCTION cluster_changes_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO cluster_changes (account_id, cluster_id, key_change) VALUES ('', '', true);
  RETURN NULL;
END
$$;

CREATE TRIGGER cluster_changes_insert AFTER INSERT ON clusters
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cluster_changes_record();
CREATE TRIGGER cluster_changes_update AFTER UPDATE ON clusters
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cluster_changes_record();
CREATE TRIGGER cluster_changes_delete AFTER DELETE ON clusters
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cluster_changes_record();
CREATE TRIGGER cluster_changes_truncate AFTER TRUNCATE ON clusters
  FOR EACH STATEMENT EXECUTE FUNCTION cluster_changes_reset();

-- True when every transaction visible in snapshot `a` is visible in `b` too (b is as new as a, or
-- newer): then the changes between them are those visible in b and not in a.
CREATE FUNCTION fleet_snapshot_within(a pg_snapshot, b pg_snapshot) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT pg_snapshot_xmax(a) <= pg_snapshot_xmax(b)
     AND NOT EXISTS (SELECT FROM pg_snapshot_xip(b) AS x WHERE pg_visible_in_snapshot(x, a))
$$;
