-- Wire share per outlet: of an outlet's articles, how many are a wire story or a near-whole
-- copy (>= 80% of the article copied). An outlet running a whole wire feed shows a high share.
-- The view where same_wire counts: the copier views leave it out (subscribers copy no one).
CREATE VIEW v_wire_share AS
SELECT
    a.outlet,
    COUNT(*) AS articles,
    SUM(CASE WHEN EXISTS (SELECT 1 FROM syndications y
                           WHERE y.copy_id = a.article_id
                             AND (y.relation = 'same_wire' OR y.wire_source IS NOT NULL))
             THEN 1 ELSE 0 END) AS wire_articles,
    SUM(CASE WHEN EXISTS (SELECT 1 FROM syndications y
                           WHERE y.copy_id = a.article_id AND y.relation <> 'common_source'
                             AND y.copied_fraction >= 0.8)
             THEN 1 ELSE 0 END) AS whole_copies,
    1.0 * SUM(CASE WHEN EXISTS (SELECT 1 FROM syndications y
                                 WHERE y.copy_id = a.article_id
                                   AND (y.relation = 'same_wire' OR y.wire_source IS NOT NULL
                                        OR (y.relation <> 'common_source' AND y.copied_fraction >= 0.8)))
                   THEN 1 ELSE 0 END) / COUNT(*) AS wire_share
FROM articles a
GROUP BY a.outlet
