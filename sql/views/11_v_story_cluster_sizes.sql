-- One row per story cluster: how many articles and outlets ran it, and when it first appeared.
CREATE VIEW v_story_cluster_sizes AS
SELECT
    cluster_id,
    COUNT(*) AS articles,
    COUNT(DISTINCT outlet) AS outlets,
    MIN(published) AS first_published,
    MAX(published) AS last_published
FROM v_story_clusters
GROUP BY cluster_id
