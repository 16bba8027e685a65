-- Which copies take text without crediting the source? The largest takings first, with links
-- to both articles so each case can be checked by eye (or in `synd serve`).
SELECT syndication_id, source_outlet, copy_outlet, copied_chars, copied_fraction, source_url, copy_url
FROM v_syndications
WHERE relation = 'republication' AND NOT attributed
ORDER BY copied_chars DESC, syndication_id;
