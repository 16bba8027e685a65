-- Every passage added to shared text, with where it sits and what it looks like, for every
-- relation (filter relation = 'republication' for copiers, as what_copiers_add and
-- v_added_by_outlet do; same_wire rows show what a subscriber adds to the wire copy):
-- position = lead (before the first copied passage), tail (after the last), inside (between);
-- kind = quote (carries quotation marks), credit (names where the text came from),
-- note (under 200 characters), paragraph (longer own text).
CREATE VIEW v_added_passages AS
SELECT
    p.passage_id,
    p.syndication_id,
    y.copy_outlet,
    y.source_outlet,
    y.relation,
    p.copy_end - p.copy_start AS chars,
    CASE
        WHEN p.copy_end <= (SELECT MIN(q.copy_start) FROM passages q
                            WHERE q.syndication_id = p.syndication_id AND q.kind = 'copied') THEN 'lead'
        WHEN p.copy_start >= (SELECT MAX(q.copy_end) FROM passages q
                              WHERE q.syndication_id = p.syndication_id AND q.kind = 'copied') THEN 'tail'
        ELSE 'inside'
    END AS position,
    CASE
        WHEN p.text LIKE '%“%' OR p.text LIKE '%"%' OR p.text LIKE '%«%' THEN 'quote'
        WHEN LOWER(p.text) LIKE '%first appeared%' OR LOWER(p.text) LIKE '%published by%'
          OR LOWER(p.text) LIKE '%courtesy of%' OR LOWER(p.text) LIKE '%reprinted%'
          OR LOWER(p.text) LIKE '%republished%' THEN 'credit'
        WHEN LENGTH(p.text) < 200 THEN 'note'
        ELSE 'paragraph'
    END AS kind,
    p.text
FROM passages p
JOIN v_syndications y ON y.syndication_id = p.syndication_id
WHERE p.kind = 'added'
