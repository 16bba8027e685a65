-- Per publisher group (outlets.yaml groups:): text shared among its own outlets beside text
-- its outlets took from, and gave to, other owners (republication only: two outlets carrying one
-- wire story or quoting one statement share no text with each other).
CREATE VIEW v_group_sharing AS
SELECT
    g.group_name,
    (SELECT COUNT(DISTINCT o.outlet) FROM outlet_groups o WHERE o.group_name = g.group_name) AS outlets,
    SUM(CASE WHEN y.same_group AND y.group_name = g.group_name THEN 1 ELSE 0 END) AS internal_copies,
    SUM(CASE WHEN y.same_group AND y.group_name = g.group_name THEN y.copied_chars ELSE 0 END) AS internal_chars,
    SUM(CASE WHEN NOT y.same_group AND y.copy_group = g.group_name THEN 1 ELSE 0 END) AS copies_from_other_owners,
    SUM(CASE WHEN NOT y.same_group AND y.source_group = g.group_name THEN 1 ELSE 0 END) AS copies_by_other_owners
FROM (SELECT DISTINCT group_name FROM outlet_groups) g
LEFT JOIN v_syndications y
  ON y.relation = 'republication'
 AND (y.source_group = g.group_name OR y.copy_group = g.group_name)
GROUP BY g.group_name
