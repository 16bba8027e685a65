-- Who are the biggest sources and the biggest copiers? Each outlet's characters taken by
-- others next to the characters it took (0 when it did not).
SELECT o.outlet,
       COALESCE(s.times_copied, 0) AS times_copied,
       COALESCE(s.copied_chars, 0) AS chars_taken_from_it,
       COALESCE(c.copies, 0) AS copies_made,
       COALESCE(c.copied_chars, 0) AS chars_it_took
FROM (SELECT outlet FROM v_top_sources UNION SELECT outlet FROM v_top_copiers) o
LEFT JOIN v_top_sources s ON s.outlet = o.outlet
LEFT JOIN v_top_copiers c ON c.outlet = o.outlet
ORDER BY chars_taken_from_it DESC, chars_it_took DESC, o.outlet;
