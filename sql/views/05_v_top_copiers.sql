-- Outlets that take the most text from others (common_source left out, as above).
CREATE VIEW v_top_copiers AS
SELECT
    copy_outlet AS outlet,
    COUNT(*) AS copies,
    COUNT(DISTINCT source_outlet) AS sources,
    COUNT(DISTINCT copy_id) AS articles_with_copied_text,
    SUM(copied_chars) AS copied_chars,
    AVG(copied_fraction) AS mean_copied_fraction,
    SUM(added_chars) AS added_chars
FROM v_syndications
WHERE relation <> 'common_source'
GROUP BY copy_outlet
