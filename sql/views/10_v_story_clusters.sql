-- Clusters of one story across outlets: articles joined by any syndication (either direction),
-- transitively. cluster_id is the smallest article_id in the cluster.
CREATE VIEW v_story_clusters AS
WITH RECURSIVE
edges(a, b) AS (
    SELECT source_id, copy_id FROM syndications
    UNION
    SELECT copy_id, source_id FROM syndications
),
reach(root, member) AS (
    SELECT a, a FROM edges
    UNION
    SELECT r.root, e.b FROM reach r JOIN edges e ON e.a = r.member
)
SELECT
    m.cluster_id,
    a.article_id,
    a.outlet,
    a.title,
    a.url,
    a.published
FROM (SELECT member AS article_id, MIN(root) AS cluster_id FROM reach GROUP BY member) m
JOIN articles a ON a.article_id = m.article_id
