-- Prints every fund year whose running figures (006-fund-tally.sql,
-- 010-repayments-closing.sql) differ from what its applications,
-- payments, repayments and bookings from closed years add up to.
SELECT 'year ' || year || ': tally differs' FROM (
	SELECT y.year,
	    (SELECT coalesce(sum(granted), 0) FROM application a
	     WHERE a.year = y.year AND a.status IN ('approved', 'paid', 'closed')),
	    (SELECT coalesce(sum(released), 0) FROM application a
	     WHERE a.year = y.year AND a.status = 'closed'),
	    (SELECT coalesce(sum(p.amount), 0) FROM payment p
	     JOIN application a ON a.id = p.application_id WHERE a.year = y.year),
	    (SELECT coalesce(sum(r.amount), 0) FROM repayment r
	     JOIN application a ON a.id = r.application_id WHERE a.year = y.year),
	    (SELECT coalesce(sum(due_back), 0) FROM application a
	     WHERE a.year = y.year),
	    (SELECT coalesce(sum(amount), 0) FROM fund_late l
	     WHERE l.year = y.year)
	FROM fund_year y
	EXCEPT SELECT year, committed, released, paid, repaid, due, late
	FROM fund_year_tally);
SELECT 'year ' || year || ' ' || kind || ': tally differs' FROM (
	SELECT a.year, p.kind, count(*),
	    sum(a.status IN ('approved', 'paid', 'closed')),
	    sum(iif(a.status IN ('approved', 'paid', 'closed'), a.granted, 0)),
	    sum(a.released),
	    coalesce(sum((SELECT sum(amount) FROM payment WHERE application_id = a.id)), 0),
	    coalesce(sum((SELECT sum(amount) FROM repayment WHERE application_id = a.id)), 0),
	    sum(a.due_back)
	FROM application a JOIN applicant p ON p.id = a.applicant_id
	WHERE a.year IS NOT NULL GROUP BY a.year, p.kind
	EXCEPT SELECT year, kind, applications, granted, committed, released,
	    paid, repaid, due
	FROM fund_kind_tally WHERE applications != 0);
SELECT 'year ' || year || ' ' || kind || ': tally left over' FROM fund_kind_tally
WHERE applications = 0 AND (granted != 0 OR committed != 0 OR released != 0
    OR paid != 0 OR repaid != 0 OR due != 0);
-- Every repayment to a year closed before it came is booked to an open
-- year, once; nothing else is.
SELECT 'repayment ' || r.id || ': booked wrong' FROM repayment r
JOIN application a ON a.id = r.application_id
WHERE (r.year != a.year) != EXISTS (SELECT 1 FROM fund_late l
    WHERE l.kind = 'repaid' AND l.application_id = a.id
    AND l.amount = r.amount AND l.year = r.year);
