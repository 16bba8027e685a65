-- Which stories travelled furthest? Story clusters by the number of outlets that ran them,
-- with the first article of each (the earliest published).
SELECT z.cluster_id, z.outlets, z.articles, z.first_published, c.outlet AS first_outlet, c.title AS first_title
FROM v_story_cluster_sizes z
JOIN v_story_clusters c ON c.cluster_id = z.cluster_id AND c.published = z.first_published
ORDER BY z.outlets DESC, z.articles DESC, z.cluster_id;
