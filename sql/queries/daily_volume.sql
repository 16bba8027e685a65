-- How much syndication happens each day? Copies and copied characters per day and relation.
SELECT day, relation, SUM(syndications) AS copies, SUM(copied_chars) AS copied_chars
FROM v_outlet_pairs_daily
GROUP BY day, relation
ORDER BY day, relation;
