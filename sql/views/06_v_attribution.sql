-- How often copies credit their source, per copying outlet and relation.
CREATE VIEW v_attribution AS
SELECT
    copy_outlet AS outlet,
    relation,
    COUNT(*) AS copies,
    SUM(CASE WHEN attributed THEN 1 ELSE 0 END) AS credited,
    1.0 * SUM(CASE WHEN attributed THEN 1 ELSE 0 END) / COUNT(*) AS attribution_rate
FROM v_syndications
WHERE relation <> 'common_source'
GROUP BY copy_outlet, relation
