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
SELECT 'year ' || year || ' ' || kind || ': tally differs' FROM (
	SELECT a.year, p.kind, count(*),
	    sum(a.status IN ('approved', 'paid', 'closed')),
	    sum(iif(a.status IN ('approved', 'paid', 'closed'), a.granted, 0)),
	    sum(a.returned),
	    coalesce(sum((SELECT sum(amount) FROM payment WHERE application_id = a.id)), 0)
	FROM application a JOIN applicant p ON p.id = a.applicant_id
	WHERE a.year IS NOT NULL GROUP BY a.year, p.kind
	EXCEPT SELECT year, kind, applications, granted, committed, returned, paid
	FROM fund_kind_tally WHERE applications != 0);
SELECT 'year ' || year || ' ' || kind || ': tally left over' FROM fund_kind_tally
WHERE applications = 0 AND (granted != 0 OR committed != 0 OR returned != 0 OR paid != 0);
