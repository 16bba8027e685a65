-- Added-text statistics per copying outlet: how often and how much copiers add to what they take
-- (republication only, like v_top_copiers and what_copiers_add).
CREATE VIEW v_added_by_outlet AS
SELECT
    y.copy_outlet AS outlet,
    COUNT(*) AS copies,
    SUM(CASE WHEN y.added_chars > 0 THEN 1 ELSE 0 END) AS copies_with_additions,
    1.0 * SUM(CASE WHEN y.added_chars > 0 THEN 1 ELSE 0 END) / COUNT(*) AS share_with_additions,
    SUM(y.added_chars) AS added_chars,
    AVG(1.0 * y.added_chars) AS mean_added_chars,
    1.0 * SUM(y.added_chars) / NULLIF(SUM(y.added_chars + y.copied_chars), 0) AS added_share_of_text,
    SUM(y.removed_chars) AS removed_source_chars
FROM v_syndications y
WHERE y.relation = 'republication'
GROUP BY y.copy_outlet
