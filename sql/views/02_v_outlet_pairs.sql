-- Who copies whom: one row per (source outlet, copying outlet, relation). same_group marks
-- pairs inside one publisher group (group_name): sharing within one owner, not copying across owners.
CREATE VIEW v_outlet_pairs AS
SELECT
    source_outlet,
    copy_outlet,
    relation,
    same_group,
    group_name,
    COUNT(*) AS syndications,
    SUM(copied_chars) AS copied_chars,
    AVG(copied_fraction) AS mean_copied_fraction,
    SUM(CASE WHEN attributed THEN 1 ELSE 0 END) AS attributed,
    MIN(day) AS first_day,
    MAX(day) AS last_day
FROM v_syndications
GROUP BY source_outlet, copy_outlet, relation, same_group, group_name
