-- Which outlets of one owner share text among themselves? Pairs inside one publisher group
-- (outlets.yaml groups:), apart from copying across owners (republication only).
SELECT group_name, source_outlet, copy_outlet,
       SUM(syndications) AS copies,
       SUM(copied_chars) AS copied_chars,
       SUM(attributed) AS credited
FROM v_outlet_pairs
WHERE relation = 'republication' AND same_group
GROUP BY group_name, source_outlet, copy_outlet
ORDER BY group_name, copies DESC, copied_chars DESC, source_outlet, copy_outlet;
