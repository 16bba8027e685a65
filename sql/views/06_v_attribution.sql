-- How often copies credit their source, per copying outlet (republication only: a same_wire
-- subscriber credits the agency, never a fellow subscriber, and common_source copies nobody,
-- so neither is a copy that "did not credit"). relation is kept for queries written before.
CREATE VIEW v_attribution AS
SELECT
    copy_outlet AS outlet,
    relation,
    COUNT(*) AS copies,
    SUM(CASE WHEN attributed THEN 1 ELSE 0 END) AS credited,
    1.0 * SUM(CASE WHEN attributed THEN 1 ELSE 0 END) / COUNT(*) AS attribution_rate
FROM v_syndications
WHERE relation = 'republication'
GROUP BY copy_outlet, relation
