-- What do copiers add to the text they take? Added passages counted by where they sit in the
-- copy (lead, inside, tail) and what they look like (quote, credit, note, paragraph). Copiers
-- are republications, as in v_added_by_outlet (common_source and same_wire outlets copy no one).
SELECT copy_outlet, position, kind, COUNT(*) AS passages, SUM(chars) AS chars
FROM v_added_passages
WHERE relation = 'republication'
GROUP BY copy_outlet, position, kind
ORDER BY copy_outlet, passages DESC, position, kind;
