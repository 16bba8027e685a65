-- Syndication per outlet pair and per day, for time series (same_group: within one publisher group).
CREATE VIEW v_outlet_pairs_daily AS
SELECT
    day,
    source_outlet,
    copy_outlet,
    relation,
    same_group,
    COUNT(*) AS syndications,
    SUM(copied_chars) AS copied_chars
FROM v_syndications
GROUP BY day, source_outlet, copy_outlet, relation, same_group
