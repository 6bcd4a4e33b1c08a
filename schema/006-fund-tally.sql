-- 006: a fund year's running figures. What a year has committed,
-- returned and paid was summed from every application of the year, for
-- every year, whenever an application changed (the budget triggers read
-- fund_year_figures): a decision cost more with every year of history.
-- fund_year_tally keeps the three sums as applications and payments
-- change; fund_year_net reads it, so fund_year_figures walks the years
-- only. The budget rule is checked in the trigger that updates the tally,
-- so it can never see a figure that is not up to date. fund_kind_tally
-- keeps the same per kind of applicant, for Fund.ShowYear.

CREATE TABLE fund_year_tally (
	year      INTEGER PRIMARY KEY REFERENCES fund_year (year),
	committed INTEGER NOT NULL DEFAULT 0, -- granted: approved, paid, closed
	returned  INTEGER NOT NULL DEFAULT 0, -- returned by closed ones
	paid      INTEGER NOT NULL DEFAULT 0  -- payments
) STRICT;

INSERT INTO fund_year_tally (year, committed, returned, paid)
SELECT year, committed, returned, paid FROM fund_year_net;

-- Per fund year and kind of applicant: applications, how many were
-- granted, and their money.
CREATE TABLE fund_kind_tally (
	year         INTEGER NOT NULL REFERENCES fund_year (year),
	kind         TEXT NOT NULL,
	applications INTEGER NOT NULL,
	granted      INTEGER NOT NULL, -- applications approved, paid, closed
	committed    INTEGER NOT NULL,
	returned     INTEGER NOT NULL,
	paid         INTEGER NOT NULL,
	PRIMARY KEY (year, kind)
) STRICT, WITHOUT ROWID;

INSERT INTO fund_kind_tally (year, kind, applications, granted, committed,
    returned, paid)
SELECT a.year, p.kind, count(*),
	sum(a.status IN ('approved', 'paid', 'closed')),
	sum(iif(a.status IN ('approved', 'paid', 'closed'), a.granted, 0)),
	sum(a.returned),
	coalesce(sum((SELECT sum(amount) FROM payment
	    WHERE application_id = a.id)), 0)
FROM application a JOIN applicant p ON p.id = a.applicant_id
WHERE a.year IS NOT NULL GROUP BY a.year, p.kind;


CREATE TRIGGER fund_year_tally_new AFTER INSERT ON fund_year
BEGIN
	INSERT INTO fund_year_tally (year) VALUES (NEW.year);
END;

-- fund_year_figures (002) reads fund_year_net by name when it runs, so
-- replacing this view is enough: SQLite binds views at use, not at
-- creation.
DROP VIEW fund_year_net;

CREATE VIEW fund_year_net AS
SELECT year, committed, returned, paid FROM fund_year_tally;

DROP TRIGGER fund_budget_on_grant;
DROP TRIGGER fund_budget_on_insert;

CREATE TRIGGER application_tally_update
AFTER UPDATE OF status, granted, returned, year ON application
BEGIN
	UPDATE fund_year_tally SET
		committed = committed - iif(OLD.status IN ('approved', 'paid',
		    'closed'), coalesce(OLD.granted, 0), 0),
		returned = returned - iif(OLD.status = 'closed',
		    coalesce(OLD.returned, 0), 0),
		paid = paid - iif(OLD.year IS NOT NEW.year,
		    (SELECT coalesce(sum(amount), 0) FROM payment
		     WHERE application_id = OLD.id), 0)
	WHERE year = OLD.year;
	UPDATE fund_year_tally SET
		committed = committed + iif(NEW.status IN ('approved', 'paid',
		    'closed'), coalesce(NEW.granted, 0), 0),
		returned = returned + iif(NEW.status = 'closed',
		    coalesce(NEW.returned, 0), 0),
		paid = paid + iif(OLD.year IS NOT NEW.year,
		    (SELECT coalesce(sum(amount), 0) FROM payment
		     WHERE application_id = NEW.id), 0)
	WHERE year = NEW.year;
	INSERT INTO fund_kind_tally (year, kind, applications, granted,
	    committed, returned, paid)
	SELECT OLD.year, (SELECT kind FROM applicant WHERE id = OLD.applicant_id),
	    -1, -1 * (OLD.status IN ('approved', 'paid', 'closed')),
	    -1 * iif(OLD.status IN ('approved', 'paid', 'closed'),
	        coalesce(OLD.granted, 0), 0),
	    -1 * OLD.returned,
	    iif(OLD.year IS NOT NEW.year, -(SELECT coalesce(sum(amount), 0) FROM payment WHERE application_id = OLD.id), 0)
	WHERE OLD.year IS NOT NULL
	ON CONFLICT DO UPDATE SET
	    applications = applications + excluded.applications,
	    granted = granted + excluded.granted,
	    committed = committed + excluded.committed,
	    returned = returned + excluded.returned,
	    paid = paid + excluded.paid;
	INSERT INTO fund_kind_tally (year, kind, applications, granted,
	    committed, returned, paid)
	SELECT NEW.year, (SELECT kind FROM applicant WHERE id = NEW.applicant_id),
	    1, 1 * (NEW.status IN ('approved', 'paid', 'closed')),
	    1 * iif(NEW.status IN ('approved', 'paid', 'closed'),
	        coalesce(NEW.granted, 0), 0),
	    1 * NEW.returned,
	    iif(OLD.year IS NOT NEW.year, (SELECT coalesce(sum(amount), 0) FROM payment WHERE application_id = NEW.id), 0)
	WHERE NEW.year IS NOT NULL
	ON CONFLICT DO UPDATE SET
	    applications = applications + excluded.applications,
	    granted = granted + excluded.granted,
	    committed = committed + excluded.committed,
	    returned = returned + excluded.returned,
	    paid = paid + excluded.paid;
	SELECT RAISE(ABORT, 'civic:budget: a fund year would be overspent')
	WHERE EXISTS (SELECT 1 FROM fund_year_figures WHERE avail < 0);
END;

CREATE TRIGGER application_tally_insert AFTER INSERT ON application
BEGIN
	UPDATE fund_year_tally SET
		committed = committed + iif(NEW.status IN ('approved', 'paid',
		    'closed'), coalesce(NEW.granted, 0), 0),
		returned = returned + iif(NEW.status = 'closed',
		    coalesce(NEW.returned, 0), 0)
	WHERE year = NEW.year;
	INSERT INTO fund_kind_tally (year, kind, applications, granted,
	    committed, returned, paid)
	SELECT NEW.year, (SELECT kind FROM applicant WHERE id = NEW.applicant_id),
	    1, 1 * (NEW.status IN ('approved', 'paid', 'closed')),
	    1 * iif(NEW.status IN ('approved', 'paid', 'closed'),
	        coalesce(NEW.granted, 0), 0),
	    1 * NEW.returned,
	    0
	WHERE NEW.year IS NOT NULL
	ON CONFLICT DO UPDATE SET
	    applications = applications + excluded.applications,
	    granted = granted + excluded.granted,
	    committed = committed + excluded.committed,
	    returned = returned + excluded.returned,
	    paid = paid + excluded.paid;
	SELECT RAISE(ABORT, 'civic:budget: a fund year would be overspent')
	WHERE EXISTS (SELECT 1 FROM fund_year_figures WHERE avail < 0);
END;

-- Only drafts are deleted (application_frozen), which count for nothing;
-- this keeps the tally right whatever is.
CREATE TRIGGER application_tally_delete BEFORE DELETE ON application
BEGIN
	UPDATE fund_year_tally SET
		committed = committed - iif(OLD.status IN ('approved', 'paid',
		    'closed'), coalesce(OLD.granted, 0), 0),
		returned = returned - iif(OLD.status = 'closed',
		    coalesce(OLD.returned, 0), 0),
		paid = paid - (SELECT coalesce(sum(amount), 0) FROM payment
		    WHERE application_id = OLD.id)
	WHERE year = OLD.year;
	INSERT INTO fund_kind_tally (year, kind, applications, granted,
	    committed, returned, paid)
	SELECT OLD.year, (SELECT kind FROM applicant WHERE id = OLD.applicant_id),
	    -1, -1 * (OLD.status IN ('approved', 'paid', 'closed')),
	    -1 * iif(OLD.status IN ('approved', 'paid', 'closed'),
	        coalesce(OLD.granted, 0), 0),
	    -1 * OLD.returned,
	    -(SELECT coalesce(sum(amount), 0) FROM payment WHERE application_id = OLD.id)
	WHERE OLD.year IS NOT NULL
	ON CONFLICT DO UPDATE SET
	    applications = applications + excluded.applications,
	    granted = granted + excluded.granted,
	    committed = committed + excluded.committed,
	    returned = returned + excluded.returned,
	    paid = paid + excluded.paid;
END;

CREATE TRIGGER payment_tally AFTER INSERT ON payment
BEGIN
	UPDATE fund_year_tally SET paid = paid + NEW.amount
	WHERE year = (SELECT year FROM application
	              WHERE id = NEW.application_id);
	UPDATE fund_kind_tally SET paid = paid + NEW.amount
	WHERE (year, kind) = (SELECT a.year, p.kind FROM application a
	    JOIN applicant p ON p.id = a.applicant_id
	    WHERE a.id = NEW.application_id);
END;

-- An applicant whose kind is corrected takes its applications' figures
-- to the other kind.
CREATE TRIGGER applicant_kind_tally AFTER UPDATE OF kind ON applicant
WHEN OLD.kind != NEW.kind
BEGIN
	INSERT INTO fund_kind_tally (year, kind, applications, granted,
	    committed, returned, paid)
	SELECT a.year, k.kind, k.sign * count(*),
	    k.sign * sum(a.status IN ('approved', 'paid', 'closed')),
	    k.sign * sum(iif(a.status IN ('approved', 'paid', 'closed'),
	        a.granted, 0)),
	    k.sign * sum(a.returned),
	    k.sign * coalesce(sum((SELECT sum(amount) FROM payment
	        WHERE application_id = a.id)), 0)
	FROM application a,
	    (SELECT OLD.kind AS kind, -1 AS sign
	     UNION ALL SELECT NEW.kind, 1) k
	WHERE a.applicant_id = NEW.id AND a.year IS NOT NULL
	GROUP BY a.year, k.kind
	ON CONFLICT DO UPDATE SET
	    applications = applications + excluded.applications,
	    granted = granted + excluded.granted,
	    committed = committed + excluded.committed,
	    returned = returned + excluded.returned,
	    paid = paid + excluded.paid;
END;
