-- Every edit: the few words a copier changed inside copied text (passages of kind 'edited'), for
-- every relation (filter relation = 'republication' for copiers' house style). side = copy (the
-- copier's words, copy offsets) or source (the source's words they replaced, source offsets).
-- An edit is paired with the other side's edit of the same syndication that lies between the same
-- copied passages (after_copied / before_copied: the copied passage just before and just after it,
-- NULL at the body's edge): a copy row's paired_text is the source words it replaced, a source
-- row's paired_text the copier's words (two edits there on one side: a row per combination). An
-- edit that only inserts or only deletes has no pair.
CREATE VIEW v_edited_passages AS
WITH edits AS (
    SELECT
        p.passage_id,
        p.syndication_id,
        CASE WHEN p.copy_start IS NOT NULL THEN 'copy' ELSE 'source' END AS side,
        COALESCE(p.copy_start, p.source_start) AS start_char,
        COALESCE(p.copy_end, p.source_end) AS end_char,
        CASE WHEN p.copy_start IS NOT NULL THEN
            (SELECT q.passage_id FROM passages q
             WHERE q.syndication_id = p.syndication_id AND q.kind = 'copied' AND q.copy_end <= p.copy_start
             ORDER BY q.copy_end DESC LIMIT 1)
        ELSE
            (SELECT q.passage_id FROM passages q
             WHERE q.syndication_id = p.syndication_id AND q.kind = 'copied' AND q.source_end <= p.source_start
             ORDER BY q.source_end DESC LIMIT 1)
        END AS after_copied,
        CASE WHEN p.copy_start IS NOT NULL THEN
            (SELECT q.passage_id FROM passages q
             WHERE q.syndication_id = p.syndication_id AND q.kind = 'copied' AND q.copy_start >= p.copy_end
             ORDER BY q.copy_start LIMIT 1)
        ELSE
            (SELECT q.passage_id FROM passages q
             WHERE q.syndication_id = p.syndication_id AND q.kind = 'copied' AND q.source_start >= p.source_end
             ORDER BY q.source_start LIMIT 1)
        END AS before_copied,
        p.text
    FROM passages p
    WHERE p.kind = 'edited'
)
SELECT
    e.passage_id,
    e.syndication_id,
    y.copy_outlet,
    y.source_outlet,
    y.relation,
    e.side,
    e.start_char,
    e.end_char,
    e.after_copied,
    e.before_copied,
    e.text,
    o.passage_id AS paired_passage_id,
    o.text AS paired_text
FROM edits e
JOIN v_syndications y ON y.syndication_id = e.syndication_id
LEFT JOIN edits o
    ON o.syndication_id = e.syndication_id
   AND o.side <> e.side
   AND COALESCE(o.after_copied, 0) = COALESCE(e.after_copied, 0)
   AND COALESCE(o.before_copied, 0) = COALESCE(e.before_copied, 0)
