-- One row per syndication with both outlets, titles, days and the latest researcher verdict.
-- Verdicts are kept on the article pair (URLs, either order), so they survive re-detection;
-- verdict_current is the latest verdict given on both texts as they are now: a verdict with no
-- verdict_current is stale (a text changed since it was given).
-- same_group is true when both outlets belong to one publisher group (outlets.yaml groups:,
-- named in group_name): sharing inside one owner rather than copying across owners;
-- source_group and copy_group name each outlet's group, if any.
-- The base of the other views. `day` is the copy's publication day (its detection day when the
-- copy has no date): UTC on SQLite; on PostgreSQL the session time zone (SET TIME ZONE 'UTC').
CREATE VIEW v_syndications AS
SELECT
    y.syndication_id,
    y.relation,
    y.direction,
    y.attributed,
    y.wire_source,
    y.confidence,
    y.copied_chars,
    y.added_chars,
    y.removed_chars,
    y.copied_fraction,
    y.source_coverage,
    y.headline_changed,
    y.same_group,
    y.group_name,
    y.source_id,
    s.outlet AS source_outlet,
    s.title AS source_title,
    s.url AS source_url,
    s.published AS source_published,
    gs.group_name AS source_group,
    y.copy_id,
    c.outlet AS copy_outlet,
    c.title AS copy_title,
    c.url AS copy_url,
    c.published AS copy_published,
    gc.group_name AS copy_group,
    date(COALESCE(c.published, y.detected_at)) AS day,
    (SELECT v.verdict FROM verdicts v
      WHERE (v.source_url = s.url AND v.copy_url = c.url) OR (v.source_url = c.url AND v.copy_url = s.url)
      ORDER BY v.at DESC, v.verdict_id DESC LIMIT 1) AS verdict,
    (SELECT v.verdict FROM verdicts v
      WHERE ((v.source_url = s.url AND v.copy_url = c.url AND v.source_hash = s.body_hash AND v.copy_hash = c.body_hash)
          OR (v.source_url = c.url AND v.copy_url = s.url AND v.source_hash = c.body_hash AND v.copy_hash = s.body_hash))
      ORDER BY v.at DESC, v.verdict_id DESC LIMIT 1) AS verdict_current
FROM syndications y
JOIN articles s ON s.article_id = y.source_id
JOIN articles c ON c.article_id = y.copy_id
LEFT JOIN outlet_groups gs ON gs.outlet = s.outlet
LEFT JOIN outlet_groups gc ON gc.outlet = c.outlet
