-- Prints every fund year whose running figures (006-fund-tally.sql)
-- differ from what its applications and payments add up to.
SELECT 'year ' || year || ': tally differs' FROM (
	SELECT y.year,
	    (SELECT coalesce(sum(granted), 0) FROM application a
	     WHERE a.year = y.year AND a.status IN ('approved', 'paid', 'closed')),
	    (SELECT coalesce(sum(returned), 0) FROM application a
	     WHERE a.year = y.year AND a.status = 'closed'),
	    (SELECT coalesce(sum(p.amount), 0) FROM payment p
	     JOIN application a ON a.id = p.application_id WHERE a.year = y.year)
	FROM fund_year y
	EXCEPT SELECT year, committed, returned, paid FROM fund_year_tally);
