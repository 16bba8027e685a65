-- Outlets whose text is taken most: how often, by how many outlets, how many characters.
-- common_source rows are left out: two outlets quoting the same statement copy nobody.
CREATE VIEW v_top_sources AS
SELECT
    source_outlet AS outlet,
    COUNT(*) AS times_copied,
    COUNT(DISTINCT copy_outlet) AS copiers,
    COUNT(DISTINCT source_id) AS articles_copied,
    SUM(copied_chars) AS copied_chars,
    SUM(CASE WHEN attributed THEN 1 ELSE 0 END) AS times_credited
FROM v_syndications
WHERE relation <> 'common_source'
GROUP BY source_outlet
