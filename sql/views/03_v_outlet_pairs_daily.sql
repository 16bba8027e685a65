-- Syndication per outlet pair and per day, for time series.
CREATE VIEW v_outlet_pairs_daily AS
SELECT
    day,
    source_outlet,
    copy_outlet,
    relation,
    COUNT(*) AS syndications,
    SUM(copied_chars) AS copied_chars
FROM v_syndications
GROUP BY day, source_outlet, copy_outlet, relation
