-- An update that changes no filtered column (most of a live fleet's writes: metrics and costs) is
-- recorded with its new image only. Whether a view or a count matches such a cluster is the same
-- before and after, so the new image answers both, and its old image was never read: building it
-- (to_jsonb) and storing it was half of what the record cost the writer. An update that changes
-- nothing is still not recorded, now told by comparing the rows themselves.
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
      SELECT o.account_id AS old_account, o.id AS old_id, o AS old_cluster,
             n.account_id AS new_account, n.id AS new_id, to_jsonb(n) AS new_image,
             n.account_id IS DISTINCT FROM o.account_id
               OR (o.project_id, o.template_id, o.status, o.gpu_type, o.region, o.gpu_count, o.name, o.description, o.created_at)
                  IS DISTINCT FROM
                  (n.project_id, n.template_id, n.status, n.gpu_type, n.region, n.gpu_count, n.name, n.description, n.created_at)
               AS key_change
        FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
       WHERE o IS DISTINCT FROM n
    )
    INSERT INTO cluster_changes (account_id, cluster_id, old_row, new_row, key_change)
    SELECT r.account_id, r.cluster_id, r.old_row, r.new_row, r.key_change
      FROM pairs p
     CROSS JOIN LATERAL (VALUES
       (p.old_account, p.old_id, CASE WHEN p.key_change THEN to_jsonb(p.old_cluster) END,
        CASE WHEN p.new_account = p.old_account THEN p.new_image END, p.key_change),
       (CASE WHEN p.old_id IS NULL OR p.new_account <> p.old_account THEN p.new_account END, p.new_id, NULL::jsonb, p.new_image, true)
     ) AS r (account_id, cluster_id, old_row, new_row, key_change)
     WHERE r.account_id IS NOT NULL
     ORDER BY r.cluster_id, r.new_row IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
