-- Outlets whose text is taken most by other owners: how often, by how many outlets, how many
-- characters. Only republication counts as copying: common_source (two outlets quoting the same
-- statement) and same_wire (two subscribers of one wire, each crediting the agency, not the
-- other) copy nobody (see v_wire_share); sharing inside one publisher group is counted apart
-- in group_internal_copies.
CREATE VIEW v_top_sources AS
SELECT
    source_outlet AS outlet,
    SUM(CASE WHEN same_group THEN 0 ELSE 1 END) AS times_copied,
    COUNT(DISTINCT CASE WHEN same_group THEN NULL ELSE copy_outlet END) AS copiers,
    COUNT(DISTINCT CASE WHEN same_group THEN NULL ELSE source_id END) AS articles_copied,
    SUM(CASE WHEN same_group THEN 0 ELSE copied_chars END) AS copied_chars,
    SUM(CASE WHEN attributed AND NOT same_group THEN 1 ELSE 0 END) AS times_credited,
    SUM(CASE WHEN same_group THEN 1 ELSE 0 END) AS group_internal_copies
FROM v_syndications
WHERE relation = 'republication'
GROUP BY source_outlet
