-- What the change log costs the writers is mostly per changed row: building the row's JSON images
-- (to_jsonb) and storing them.

-- Each image is built once per row: an update's new image serves both the record of the change
-- and, for a row moved to another account, the new account's insert record. The records are those
-- of the cluster_changes migration, column for column and in the same order.
CREATE OR REPLACE FUNCTION cluster_changes_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO cluster_changes (account_id, cluster_id, new_row, key_change)
    SELECT n.account_id, n.id, to_jsonb(n), true FROM new_rows n ORDER BY n.id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO cluster_changes (account_id, cluster_id, old_row, key_change)
    SELECT o.account_id, o.id, to_jsonb(o), true FROM old_rows o ORDER BY o.id;
  ELSE
    WITH pairs AS MATERIALIZED (
      SELECT o.account_id AS old_account, o.id AS old_id, to_jsonb(o) AS old_image,
             n.account_id AS new_account, n.id AS new_id, to_jsonb(n) AS new_image,
             n.account_id IS DISTINCT FROM o.account_id
               OR (o.project_id, o.template_id, o.status, o.gpu_type, o.region, o.gpu_count, o.name, o.description, o.created_at)
                  IS DISTINCT FROM
                  (n.project_id, n.template_id, n.status, n.gpu_type, n.region, n.gpu_count, n.name, n.description, n.created_at)
               AS key_change
        FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
    )
    INSERT INTO cluster_changes (account_id, cluster_id, old_row, new_row, key_change)
    SELECT r.account_id, r.cluster_id, r.old_row, r.new_row, r.key_change
      FROM pairs p
     CROSS JOIN LATERAL (VALUES
       (p.old_account, p.old_id, p.old_image, CASE WHEN p.new_account = p.old_account THEN p.new_image END, p.key_change),
       (CASE WHEN p.old_id IS NULL OR p.new_account <> p.old_account THEN p.new_account END, p.new_id, NULL::jsonb, p.new_image, true)
     ) AS r (account_id, cluster_id, old_row, new_row, key_change)
     WHERE r.account_id IS NOT NULL AND r.old_row IS DISTINCT FROM r.new_row
     ORDER BY r.cluster_id, r.new_row IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;

-- A record with both images is a little over 2 kB, past the size at which PostgreSQL compresses a
-- row (pglz, in the writer's transaction). The log is short-lived (pruned after the retention) and
-- read soon after it is written: its rows are stored as they are unless they outgrow a page.
ALTER TABLE cluster_changes SET (toast_tuple_target = 8160);
