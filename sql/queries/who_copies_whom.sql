-- Who copies whom, and how much? Outlet pairs of different owners ranked by the number of copies,
-- with the characters taken and how often the copier credited the source. Republication only
-- (same_wire subscribers and common_source quoters copy no one: see wire_heavy_outlets), and
-- sharing inside one publisher group left out (see group_internal_sharing).
SELECT source_outlet, copy_outlet,
       SUM(syndications) AS copies,
       SUM(copied_chars) AS copied_chars,
       SUM(attributed) AS credited
FROM v_outlet_pairs
WHERE relation = 'republication' AND NOT same_group
GROUP BY source_outlet, copy_outlet
ORDER BY copies DESC, copied_chars DESC, source_outlet, copy_outlet;
