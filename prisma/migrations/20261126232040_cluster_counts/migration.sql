-- CreateTable
CREATE TABLE "cluster_counts" (
    "account_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "gpu_type" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "gpu_count" INTEGER NOT NULL,
    "clusters" BIGINT NOT NULL,

    CONSTRAINT "cluster_counts_pkey" PRIMARY KEY ("account_id","project_id","status","gpu_type","region","gpu_count")
);

-- CreateTable
CREATE TABLE "cluster_count_versions" (
    "account_id" TEXT NOT NULL,
    "version" BIGINT NOT NULL,

    CONSTRAINT "cluster_count_versions_pkey" PRIMARY KEY ("account_id")
);

-- Exact counts, maintained in the same transaction as every write to "clusters" (statement-level
-- triggers with transition tables: one aggregated upsert per statement, so a 1,000,000-row COPY
-- costs one GROUP BY, not a million upserts). Rows are upserted in key order so concurrent writers
-- lock counters in the same order and cannot deadlock each other.
CREATE FUNCTION cluster_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO cluster_counts AS c (account_id, project_id, status, gpu_type, region, gpu_count, clusters)
    SELECT account_id, project_id, status, gpu_type, region, gpu_count, count(*)
      FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (account_id, project_id, status, gpu_type, region, gpu_count)
      DO UPDATE SET clusters = c.clusters + EXCLUDED.clusters;
    INSERT INTO cluster_count_versions AS v (account_id, version)
    SELECT DISTINCT account_id, 1 FROM new_rows ORDER BY 1
    ON CONFLICT (account_id) DO UPDATE SET version = v.version + 1;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO cluster_counts AS c (account_id, project_id, status, gpu_type, region, gpu_count, clusters)
    SELECT account_id, project_id, status, gpu_type, region, gpu_count, -count(*)
      FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (account_id, project_id, status, gpu_type, region, gpu_count)
      DO UPDATE SET clusters = c.clusters + EXCLUDED.clusters;
    INSERT INTO cluster_count_versions AS v (account_id, version)
    SELECT DISTINCT account_id, 1 FROM old_rows ORDER BY 1
    ON CONFLICT (account_id) DO UPDATE SET version = v.version + 1;
  ELSE
    -- Only rows whose filtered columns changed count: metrics and cost updates touch nothing here.
    WITH changed AS (
      SELECT n.account_id AS n_account, n.project_id AS n_project, n.status AS n_status,
             n.gpu_type AS n_gpu_type, n.region AS n_region, n.gpu_count AS n_gpu_count,
             o.account_id AS o_account, o.project_id AS o_project, o.status AS o_status,
             o.gpu_type AS o_gpu_type, o.region AS o_region, o.gpu_count AS o_gpu_count
        FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (n.account_id, n.project_id, n.template_id, n.status, n.gpu_type, n.region, n.gpu_count,
              n.name, n.description, n.created_at)
             IS DISTINCT FROM
             (o.account_id, o.project_id, o.template_id, o.status, o.gpu_type, o.region, o.gpu_count,
              o.name, o.description, o.created_at)
    ), deltas AS (
      SELECT n_account AS account_id, n_project AS project_id, n_status AS status, n_gpu_type AS gpu_type,
             n_region AS region, n_gpu_count AS gpu_count, 1 AS delta FROM changed
      UNION ALL
      SELECT o_account, o_project, o_status, o_gpu_type, o_region, o_gpu_count, -1 FROM changed
    ), counted AS (
      INSERT INTO cluster_counts AS c (account_id, project_id, status, gpu_type, region, gpu_count, clusters)
      SELECT account_id, project_id, status, gpu_type, region, gpu_count, sum(delta)
        FROM deltas GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (account_id, project_id, status, gpu_type, region, gpu_count)
        DO UPDATE SET clusters = c.clusters + EXCLUDED.clusters
    )
    INSERT INTO cluster_count_versions AS v (account_id, version)
    SELECT DISTINCT account_id, 1 FROM deltas ORDER BY 1
    ON CONFLICT (account_id) DO UPDATE SET version = v.version + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION cluster_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM cluster_counts;
  UPDATE cluster_count_versions SET version = version + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER cluster_counts_insert AFTER INSERT ON clusters
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cluster_counts_apply();
CREATE TRIGGER cluster_counts_delete AFTER DELETE ON clusters
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cluster_counts_apply();
-- (PostgreSQL allows no column list with transition tables; the function skips unfiltered changes.)
CREATE TRIGGER cluster_counts_update AFTER UPDATE
  ON clusters REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cluster_counts_apply();
CREATE TRIGGER cluster_counts_truncate AFTER TRUNCATE ON clusters
  FOR EACH STATEMENT EXECUTE FUNCTION cluster_counts_truncate();

-- Clusters that exist before this migration.
INSERT INTO cluster_counts (account_id, project_id, status, gpu_type, region, gpu_count, clusters)
SELECT account_id, project_id, status, gpu_type, region, gpu_count, count(*)
  FROM clusters GROUP BY 1, 2, 3, 4, 5, 6;
