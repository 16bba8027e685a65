-- Which outlets credit what they take? Attribution rate per copying outlet (republication: wire
-- subscribers and outlets quoting one statement took nothing from each other); lowest rate first.
SELECT outlet, SUM(copies) AS copies, SUM(credited) AS credited,
       1.0 * SUM(credited) / SUM(copies) AS attribution_rate
FROM v_attribution
GROUP BY outlet
ORDER BY attribution_rate, copies DESC, outlet;
