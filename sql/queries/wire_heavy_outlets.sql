-- Which outlets are mostly wire copy? Outlets ranked by the share of their articles that are
-- wire stories or near-whole copies; a diverse-looking outlet running a wire feed shows here.
SELECT outlet, articles, wire_articles, whole_copies, wire_share
FROM v_wire_share
ORDER BY wire_share DESC, articles DESC, outlet;
