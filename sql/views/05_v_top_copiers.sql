-- Outlets that take the most text from other owners: republication only (common_source and
-- same_wire copy nobody, as above); sharing inside one publisher group is counted apart in
-- group_internal_copies.
CREATE VIEW v_top_copiers AS
SELECT
    copy_outlet AS outlet,
    SUM(CASE WHEN same_group THEN 0 ELSE 1 END) AS copies,
    COUNT(DISTINCT CASE WHEN same_group THEN NULL ELSE source_outlet END) AS sources,
    COUNT(DISTINCT CASE WHEN same_group THEN NULL ELSE copy_id END) AS articles_with_copied_text,
    SUM(CASE WHEN same_group THEN 0 ELSE copied_chars END) AS copied_chars,
    AVG(CASE WHEN same_group THEN NULL ELSE copied_fraction END) AS mean_copied_fraction,
    SUM(CASE WHEN same_group THEN 0 ELSE added_chars END) AS added_chars,
    SUM(CASE WHEN same_group THEN 1 ELSE 0 END) AS group_internal_copies
FROM v_syndications
WHERE relation = 'republication'
GROUP BY copy_outlet
