-- 010: money paid back, and fund years that close.
--
-- Accepting final accounts used to book all that a project did not keep
-- as "returned" to its year at once: the part of the grant never paid
-- out, and the part paid out and not spent, which the project still had
-- to pay back. The two are apart now. released is the grant never paid
-- (back in the year the moment the accounts are accepted); due_back is
-- what the project must pay back, by due_on; a repayment row records
-- money received, and only money received counts in a year's figures.
--
-- A fund year closes (closed_at) once its cases are settled or carried
-- on: what it had left then (closed_avail) is fixed, and with it what it
-- carries over to the next year. Money that comes back to a closed year
-- later (a carried grant's unpaid part released, a repayment) is booked
-- in fund_late to the first open year after it, and nothing may cost a
-- closed year money.
--
-- The tally's triggers and views are made again with the new figures;
-- SQLite checks every view and trigger when a column is renamed, so they
-- go first.

DROP TRIGGER application_tally_update;
DROP TRIGGER application_tally_insert;
DROP TRIGGER application_tally_delete;
DROP TRIGGER applicant_kind_tally;
DROP TRIGGER fund_budget_on_year;
DROP VIEW fund_year_figures;
DROP VIEW fund_year_net;

ALTER TABLE application RENAME COLUMN returned TO released;
ALTER TABLE fund_year_tally RENAME COLUMN returned TO released;
ALTER TABLE fund_kind_tally RENAME COLUMN returned TO released;

ALTER TABLE application ADD COLUMN due_back INTEGER NOT NULL DEFAULT 0
    CHECK (due_back >= 0 AND (due_back = 0 OR status = 'closed'));
ALTER TABLE application ADD COLUMN due_on TEXT
    CHECK ((due_on IS NULL) = (due_back = 0));

-- What the old "returned" held beyond the grant never paid was due back.
-- When it was due is not known; thirty days after the accounts were
-- accepted, as civic now says by default.
UPDATE application SET
	due_back = (SELECT sum(amount) FROM payment
	            WHERE application_id = application.id) - (granted - released),
	released = released - ((SELECT sum(amount) FROM payment
	            WHERE application_id = application.id) - (granted - released)),
	due_on = (SELECT date(decided_at, 'unixepoch', '+30 days')
	          FROM accounts WHERE application_id = application.id)
WHERE status = 'closed' AND (SELECT sum(amount) FROM payment
    WHERE application_id = application.id) > granted - released;

CREATE TABLE repayment (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	application_id INTEGER NOT NULL REFERENCES application (id),
	received_on    TEXT NOT NULL,
	amount         INTEGER NOT NULL CHECK (amount > 0),
	reference      TEXT NOT NULL,
	year           INTEGER NOT NULL REFERENCES fund_year (year), -- booked to
	recorded_at    INTEGER NOT NULL,
	recorded_by    INTEGER NOT NULL
) STRICT;

CREATE INDEX repayment_application ON repayment (application_id);

ALTER TABLE fund_year ADD COLUMN closed_at INTEGER;
ALTER TABLE fund_year ADD COLUMN closed_by INTEGER;
ALTER TABLE fund_year ADD COLUMN closed_avail INTEGER
    CHECK ((closed_avail IS NULL) = (closed_at IS NULL));

-- Money that came back to a closed year, booked to an open one.
CREATE TABLE fund_late (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	year           INTEGER NOT NULL REFERENCES fund_year (year),
	from_year      INTEGER NOT NULL REFERENCES fund_year (year),
	application_id INTEGER NOT NULL REFERENCES application (id),
	kind           TEXT NOT NULL CHECK (kind IN ('released', 'repaid')),
	amount         INTEGER NOT NULL CHECK (amount > 0),
	at             INTEGER NOT NULL,
	CHECK (year > from_year)
) STRICT;

CREATE INDEX fund_late_year ON fund_late (year);

-- The running figures, per year of the applications: repaid (received),
-- due (to be paid back in all); late is what closed years booked here.
ALTER TABLE fund_year_tally ADD COLUMN repaid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fund_year_tally ADD COLUMN due INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fund_year_tally ADD COLUMN late INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fund_kind_tally ADD COLUMN repaid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fund_kind_tally ADD COLUMN due INTEGER NOT NULL DEFAULT 0;

UPDATE fund_year_tally SET
	released = (SELECT coalesce(sum(released), 0) FROM application
	            WHERE year = fund_year_tally.year),
	due = (SELECT coalesce(sum(due_back), 0) FROM application
	       WHERE year = fund_year_tally.year);
UPDATE fund_kind_tally SET
	released = (SELECT coalesce(sum(a.released), 0) FROM application a
	    JOIN applicant p ON p.id = a.applicant_id
	    WHERE a.year = fund_kind_tally.year AND p.kind = fund_kind_tally.kind),
	due = (SELECT coalesce(sum(a.due_back), 0) FROM application a
	    JOIN applicant p ON p.id = a.applicant_id
	    WHERE a.year = fund_kind_tally.year AND p.kind = fund_kind_tally.kind);

CREATE VIEW fund_year_net AS
SELECT year, committed, released, repaid, due, late, paid
FROM fund_year_tally;

-- Each year's figures, as in 002, with money that came back counted
-- only once received, and a closed year's avail the one it closed with.
CREATE VIEW fund_year_figures AS
WITH RECURSIVE chain (year, carried_in, avail) AS (
	SELECT y.year, 0, coalesce(y.closed_avail, y.budget - n.committed +
	    n.released + n.repaid + n.late)
	FROM fund_year y JOIN fund_year_net n ON n.year = y.year
	WHERE NOT EXISTS (SELECT 1 FROM fund_year p
	    WHERE p.year = y.year - 1 AND p.carry_over = 1)
	UNION ALL
	SELECT y.year, c.avail, coalesce(y.closed_avail, y.budget + c.avail -
	    n.committed + n.released + n.repaid + n.late)
	FROM chain c
	JOIN fund_year p ON p.year = c.year AND p.carry_over = 1
	JOIN fund_year y ON y.year = c.year + 1
	JOIN fund_year_net n ON n.year = y.year
)
SELECT c.year AS year, y.budget AS budget, y.cap AS cap,
	y.carry_over AS carry_over, y.accounts_weeks AS accounts_weeks,
	c.carried_in AS carried_in, n.committed AS committed, n.paid AS paid,
	n.released AS released, n.repaid AS repaid, n.due AS due,
	n.late AS late, c.avail AS avail, y.closed_at AS closed_at
FROM chain c JOIN fund_year y ON y.year = c.year
JOIN fund_year_net n ON n.year = c.year;

CREATE TRIGGER fund_budget_on_year
AFTER UPDATE ON fund_year
WHEN EXISTS (SELECT 1 FROM fund_year_figures WHERE avail < 0)
BEGIN
	SELECT RAISE(ABORT, 'civic:budget: a fund year would be overspent');
END;

-- What an application adds to its year's avail: minus what is granted,
-- plus what was released; money repaid is counted as it comes.
CREATE TRIGGER application_tally_update
AFTER UPDATE OF status, granted, released, due_back, year ON application
BEGIN
	SELECT RAISE(ABORT, 'civic:state: the fund year is closed')
	WHERE EXISTS (SELECT 1 FROM fund_year WHERE closed_at IS NOT NULL
	        AND year IN (OLD.year, NEW.year))
	    AND (OLD.year IS NOT NEW.year
	      OR NEW.released - iif(NEW.status IN ('approved', 'paid', 'closed'),
	             coalesce(NEW.granted, 0), 0) <
	         OLD.released - iif(OLD.status IN ('approved', 'paid', 'closed'),
	             coalesce(OLD.granted, 0), 0));
	SELECT RAISE(ABORT, 'civic:state: no fund year after the closed one is open to take the money')
	WHERE (SELECT closed_at FROM fund_year WHERE year = OLD.year) IS NOT NULL
	    AND NEW.released - iif(NEW.status IN ('approved', 'paid', 'closed'),
	            coalesce(NEW.granted, 0), 0) >
	        OLD.released - iif(OLD.status IN ('approved', 'paid', 'closed'),
	            coalesce(OLD.granted, 0), 0)
	    AND NOT EXISTS (SELECT 1 FROM fund_year
	        WHERE year > OLD.year AND closed_at IS NULL);
	INSERT INTO fund_late (year, from_year, application_id, kind, amount, at)
	SELECT (SELECT min(year) FROM fund_year
	        WHERE year > OLD.year AND closed_at IS NULL),
	    OLD.year, NEW.id, 'released',
	    (NEW.released - iif(NEW.status IN ('approved', 'paid', 'closed'),
	        coalesce(NEW.granted, 0), 0)) -
	    (OLD.released - iif(OLD.status IN ('approved', 'paid', 'closed'),
	        coalesce(OLD.granted, 0), 0)),
	    NEW.updated_at
	WHERE (SELECT closed_at FROM fund_year WHERE year = OLD.year) IS NOT NULL
	    AND NEW.released - iif(NEW.status IN ('approved', 'paid', 'closed'),
	            coalesce(NEW.granted, 0), 0) >
	        OLD.released - iif(OLD.status IN ('approved', 'paid', 'closed'),
	            coalesce(OLD.granted, 0), 0);
	UPDATE fund_year_tally SET
		committed = committed - iif(OLD.status IN ('approved', 'paid',
		    'closed'), coalesce(OLD.granted, 0), 0),
		released = released - OLD.released,
		due = due - OLD.due_back,
		paid = paid - iif(OLD.year IS NOT NEW.year,
		    (SELECT coalesce(sum(amount), 0) FROM payment
		     WHERE application_id = OLD.id), 0),
		repaid = repaid - iif(OLD.year IS NOT NEW.year,
		    (SELECT coalesce(sum(amount), 0) FROM repayment
		     WHERE application_id = OLD.id), 0)
	WHERE year = OLD.year;
	UPDATE fund_year_tally SET
		committed = committed + iif(NEW.status IN ('approved', 'paid',
		    'closed'), coalesce(NEW.granted, 0), 0),
		released = released + NEW.released,
		due = due + NEW.due_back,
		paid = paid + iif(OLD.year IS NOT NEW.year,
		    (SELECT coalesce(sum(amount), 0) FROM payment
		     WHERE application_id = NEW.id), 0),
		repaid = repaid + iif(OLD.year IS NOT NEW.year,
		    (SELECT coalesce(sum(amount), 0) FROM repayment
		     WHERE application_id = NEW.id), 0)
	WHERE year = NEW.year;
	INSERT INTO fund_kind_tally (year, kind, applications, granted,
	    committed, released, paid, repaid, due)
	SELECT OLD.year, (SELECT kind FROM applicant WHERE id = OLD.applicant_id),
	    -1, -1 * (OLD.status IN ('approved', 'paid', 'closed')),
	    -1 * iif(OLD.status IN ('approved', 'paid', 'closed'),
	        coalesce(OLD.granted, 0), 0),
	    -1 * OLD.released,
	    iif(OLD.year IS NOT NEW.year, -(SELECT coalesce(sum(amount), 0)
	        FROM payment WHERE application_id = OLD.id), 0),
	    iif(OLD.year IS NOT NEW.year, -(SELECT coalesce(sum(amount), 0)
	        FROM repayment WHERE application_id = OLD.id), 0),
	    -1 * OLD.due_back
	WHERE OLD.year IS NOT NULL
	ON CONFLICT DO UPDATE SET
	    applications = applications + excluded.applications,
	    granted = granted + excluded.granted,
	    committed = committed + excluded.committed,
	    released = released + excluded.released,
	    paid = paid + excluded.paid,
	    repaid = repaid + excluded.repaid,
	    due = due + excluded.due;
	INSERT INTO fund_kind_tally (year, kind, applications, granted,
	    committed, released, paid, repaid, due)
	SELECT NEW.year, (SELECT kind FROM applicant WHERE id = NEW.applicant_id),
	    1, 1 * (NEW.status IN ('approved', 'paid', 'closed')),
	    1 * iif(NEW.status IN ('approved', 'paid', 'closed'),
	        coalesce(NEW.granted, 0), 0),
	    1 * NEW.released,
	    iif(OLD.year IS NOT NEW.year, (SELECT coalesce(sum(amount), 0)
	        FROM payment WHERE application_id = NEW.id), 0),
	    iif(OLD.year IS NOT NEW.year, (SELECT coalesce(sum(amount), 0)
	        FROM repayment WHERE application_id = NEW.id), 0),
	    1 * NEW.due_back
	WHERE NEW.year IS NOT NULL
	ON CONFLICT DO UPDATE SET
	    applications = applications + excluded.applications,
	    granted = granted + excluded.granted,
	    committed = committed + excluded.committed,
	    released = released + excluded.released,
	    paid = paid + excluded.paid,
	    repaid = repaid + excluded.repaid,
	    due = due + excluded.due;
	SELECT RAISE(ABORT, 'civic:budget: a fund year would be overspent')
	WHERE EXISTS (SELECT 1 FROM fund_year_figures WHERE avail < 0);
END;

CREATE TRIGGER application_tally_insert AFTER INSERT ON application
BEGIN
	SELECT RAISE(ABORT, 'civic:state: the fund year is closed')
	WHERE (SELECT closed_at FROM fund_year WHERE year = NEW.year)
	    IS NOT NULL;
	UPDATE fund_year_tally SET
		committed = committed + iif(NEW.status IN ('approved', 'paid',
		    'closed'), coalesce(NEW.granted, 0), 0),
		released = released + NEW.released,
		due = due + NEW.due_back
	WHERE year = NEW.year;
	INSERT INTO fund_kind_tally (year, kind, applications, granted,
	    committed, released, paid, repaid, due)
	SELECT NEW.year, (SELECT kind FROM applicant WHERE id = NEW.applicant_id),
	    1, 1 * (NEW.status IN ('approved', 'paid', 'closed')),
	    1 * iif(NEW.status IN ('approved', 'paid', 'closed'),
	        coalesce(NEW.granted, 0), 0),
	    1 * NEW.released, 0, 0, 1 * NEW.due_back
	WHERE NEW.year IS NOT NULL
	ON CONFLICT DO UPDATE SET
	    applications = applications + excluded.applications,
	    granted = granted + excluded.granted,
	    committed = committed + excluded.committed,
	    released = released + excluded.released,
	    paid = paid + excluded.paid,
	    repaid = repaid + excluded.repaid,
	    due = due + excluded.due;
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
		released = released - OLD.released,
		due = due - OLD.due_back,
		paid = paid - (SELECT coalesce(sum(amount), 0) FROM payment
		    WHERE application_id = OLD.id),
		repaid = repaid - (SELECT coalesce(sum(amount), 0)
		    FROM repayment WHERE application_id = OLD.id)
	WHERE year = OLD.year;
	INSERT INTO fund_kind_tally (year, kind, applications, granted,
	    committed, released, paid, repaid, due)
	SELECT OLD.year, (SELECT kind FROM applicant WHERE id = OLD.applicant_id),
	    -1, -1 * (OLD.status IN ('approved', 'paid', 'closed')),
	    -1 * iif(OLD.status IN ('approved', 'paid', 'closed'),
	        coalesce(OLD.granted, 0), 0),
	    -1 * OLD.released,
	    -(SELECT coalesce(sum(amount), 0) FROM payment
	      WHERE application_id = OLD.id),
	    -(SELECT coalesce(sum(amount), 0) FROM repayment
	      WHERE application_id = OLD.id),
	    -1 * OLD.due_back
	WHERE OLD.year IS NOT NULL
	ON CONFLICT DO UPDATE SET
	    applications = applications + excluded.applications,
	    granted = granted + excluded.granted,
	    committed = committed + excluded.committed,
	    released = released + excluded.released,
	    paid = paid + excluded.paid,
	    repaid = repaid + excluded.repaid,
	    due = due + excluded.due;
END;

CREATE TRIGGER applicant_kind_tally AFTER UPDATE OF kind ON applicant
WHEN OLD.kind != NEW.kind
BEGIN
	INSERT INTO fund_kind_tally (year, kind, applications, granted,
	    committed, released, paid, repaid, due)
	SELECT a.year, k.kind, k.sign * count(*),
	    k.sign * sum(a.status IN ('approved', 'paid', 'closed')),
	    k.sign * sum(iif(a.status IN ('approved', 'paid', 'closed'),
	        a.granted, 0)),
	    k.sign * sum(a.released),
	    k.sign * coalesce(sum((SELECT sum(amount) FROM payment
	        WHERE application_id = a.id)), 0),
	    k.sign * coalesce(sum((SELECT sum(amount) FROM repayment
	        WHERE application_id = a.id)), 0),
	    k.sign * sum(a.due_back)
	FROM application a,
	    (SELECT OLD.kind AS kind, -1 AS sign
	     UNION ALL SELECT NEW.kind, 1) k
	WHERE a.applicant_id = NEW.id AND a.year IS NOT NULL
	GROUP BY a.year, k.kind
	ON CONFLICT DO UPDATE SET
	    applications = applications + excluded.applications,
	    granted = granted + excluded.granted,
	    committed = committed + excluded.committed,
	    released = released + excluded.released,
	    paid = paid + excluded.paid,
	    repaid = repaid + excluded.repaid,
	    due = due + excluded.due;
END;

-- Money back: only what is due, on a closed case, booked to the
-- application's year while it is open, else to the first open year
-- after it.
CREATE TRIGGER repayment_within_due
BEFORE INSERT ON repayment
WHEN (SELECT status FROM application WHERE id = NEW.application_id)
        != 'closed'
    OR NEW.amount + coalesce((SELECT sum(amount) FROM repayment
        WHERE application_id = NEW.application_id), 0) >
       (SELECT due_back FROM application WHERE id = NEW.application_id)
BEGIN
	SELECT RAISE(ABORT, 'civic:paid: repayments would exceed what is due');
END;

CREATE TRIGGER repayment_booked
BEFORE INSERT ON repayment
WHEN NEW.year IS NOT (SELECT iif(y.closed_at IS NULL, y.year,
        (SELECT min(o.year) FROM fund_year o
         WHERE o.year > y.year AND o.closed_at IS NULL))
    FROM application a JOIN fund_year y ON y.year = a.year
    WHERE a.id = NEW.application_id)
BEGIN
	SELECT RAISE(ABORT, 'civic:state: a repayment is booked to its year, or the first open one after it');
END;

CREATE TRIGGER repayment_tally AFTER INSERT ON repayment
BEGIN
	UPDATE fund_year_tally SET repaid = repaid + NEW.amount
	WHERE year = (SELECT year FROM application
	              WHERE id = NEW.application_id);
	UPDATE fund_kind_tally SET repaid = repaid + NEW.amount
	WHERE (year, kind) = (SELECT a.year, p.kind FROM application a
	    JOIN applicant p ON p.id = a.applicant_id
	    WHERE a.id = NEW.application_id);
	INSERT INTO fund_late (year, from_year, application_id, kind, amount, at)
	SELECT NEW.year, a.year, a.id, 'repaid', NEW.amount, NEW.recorded_at
	FROM application a WHERE a.id = NEW.application_id
	    AND a.year != NEW.year;
END;

CREATE TRIGGER repayment_immutable BEFORE UPDATE ON repayment
BEGIN
	SELECT RAISE(ABORT, 'civic:state: repayments are not changed');
END;

CREATE TRIGGER repayment_kept BEFORE DELETE ON repayment
BEGIN
	SELECT RAISE(ABORT, 'civic:state: repayments are not deleted');
END;

CREATE TRIGGER fund_late_tally AFTER INSERT ON fund_late
BEGIN
	UPDATE fund_year_tally SET late = late + NEW.amount
	WHERE year = NEW.year;
END;

CREATE TRIGGER fund_late_kept BEFORE UPDATE ON fund_late
BEGIN
	SELECT RAISE(ABORT, 'civic:state: bookings are not changed');
END;

-- A year closes only with every application decided, so an applicant
-- who never answers a question must not hold it up: the admin may
-- reject an application awaiting information.
INSERT INTO application_transition VALUES ('awaiting_information', 'rejected');

-- A closed year stays as it closed; years close in order, and only
-- with every application decided.
CREATE TRIGGER fund_year_closed
BEFORE UPDATE OF budget, cap, carry_over, accounts_weeks, closed_at,
    closed_by, closed_avail ON fund_year
WHEN OLD.closed_at IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'civic:state: the fund year is closed');
END;

CREATE TRIGGER fund_year_close
BEFORE UPDATE OF closed_at ON fund_year
WHEN NEW.closed_at IS NOT NULL AND (
	EXISTS (SELECT 1 FROM fund_year
	        WHERE year < NEW.year AND closed_at IS NULL)
	OR EXISTS (SELECT 1 FROM application WHERE year = NEW.year
	        AND status IN ('submitted', 'awaiting_information'))
	OR NEW.closed_avail IS NOT (SELECT avail FROM fund_year_figures
	        WHERE year = NEW.year))
BEGIN
	SELECT RAISE(ABORT, 'civic:state: a fund year closes after the years before it, with every application decided, keeping what it has left');
END;

CREATE TRIGGER fund_year_before_closed
BEFORE INSERT ON fund_year
WHEN EXISTS (SELECT 1 FROM fund_year
             WHERE year > NEW.year AND closed_at IS NOT NULL)
BEGIN
	SELECT RAISE(ABORT, 'civic:state: a year before a closed one cannot be opened');
END;
