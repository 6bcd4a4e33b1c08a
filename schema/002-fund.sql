-- 002: the integration fund.
--
-- Amounts are INTEGER øre. The rules that protect public money are here as
-- well as in the C code, so that a bug there cannot break them: the budget
-- of every fund year (with carry-over), the per-application cap, payments
-- within the grant, and the status machine of an application.

CREATE TABLE fund_year (
	year           INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
	budget         INTEGER NOT NULL CHECK (budget >= 0),
	cap            INTEGER NOT NULL CHECK (cap > 0),
	carry_over     INTEGER NOT NULL DEFAULT 0 CHECK (carry_over IN (0, 1)),
	accounts_weeks INTEGER NOT NULL DEFAULT 6
	                   CHECK (accounts_weeks BETWEEN 1 AND 52),
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE application (
	id            INTEGER PRIMARY KEY,
	applicant_id  INTEGER NOT NULL REFERENCES applicant (id),
	status        TEXT NOT NULL CHECK (status IN ('draft', 'submitted',
	                  'awaiting_information', 'approved', 'rejected',
	                  'withdrawn', 'paid', 'closed', 'revoked')),
	year          INTEGER REFERENCES fund_year (year), -- from submission
	seq           INTEGER CHECK (seq > 0),             -- YEAR-SEQ
	title         TEXT NOT NULL,
	description   TEXT NOT NULL,
	integration   TEXT NOT NULL,   -- how it promotes integration
	target_group  TEXT NOT NULL,
	participants  INTEGER NOT NULL CHECK (participants > 0),
	start_date    TEXT NOT NULL,
	end_date      TEXT NOT NULL CHECK (end_date >= start_date),
	requested     INTEGER NOT NULL CHECK (requested > 0),
	granted       INTEGER CHECK (granted > 0 AND granted <= requested),
	returned      INTEGER NOT NULL DEFAULT 0
	                  CHECK (returned >= 0 AND returned <= coalesce(granted, 0)),
	decision_date TEXT,
	committee_ref TEXT,
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	submitted_at  INTEGER,
	CHECK ((year IS NULL) = (seq IS NULL)),
	CHECK (status = 'draft' OR year IS NOT NULL),
	CHECK ((granted IS NOT NULL) =
	    (status IN ('approved', 'paid', 'closed', 'revoked'))),
	CHECK (returned = 0 OR status = 'closed')
) STRICT;

CREATE UNIQUE INDEX application_reference ON application (year, seq)
    WHERE seq IS NOT NULL;
CREATE INDEX application_applicant ON application (applicant_id);
CREATE INDEX application_year_status ON application (year, status);

-- The budget lines; actual is the spending reported in the final accounts.
CREATE TABLE application_line (
	application_id INTEGER NOT NULL
	                   REFERENCES application (id) ON DELETE CASCADE,
	line           INTEGER NOT NULL CHECK (line >= 1),
	item           TEXT NOT NULL,
	amount         INTEGER NOT NULL CHECK (amount > 0),
	actual         INTEGER CHECK (actual >= 0),
	PRIMARY KEY (application_id, line)
) STRICT, WITHOUT ROWID;

-- The case history: every step, who took it, and its message or reason.
CREATE TABLE application_event (
	id              INTEGER PRIMARY KEY,
	application_id  INTEGER NOT NULL
	                    REFERENCES application (id) ON DELETE CASCADE,
	at              INTEGER NOT NULL,
	actor_uid       INTEGER,   -- the admin, if an admin acted
	actor_user      TEXT,
	actor_applicant INTEGER,   -- the applicant, if the applicant acted
	kind            TEXT NOT NULL,
	status          TEXT NOT NULL, -- the status after the step
	amount          INTEGER,
	text            TEXT
) STRICT;

CREATE INDEX application_event_application
    ON application_event (application_id);

CREATE TABLE payment (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES application (id),
	paid_on        TEXT NOT NULL,
	amount         INTEGER NOT NULL CHECK (amount > 0),
	reference      TEXT NOT NULL,
	recorded_at    INTEGER NOT NULL,
	recorded_by    INTEGER NOT NULL
) STRICT;

CREATE INDEX payment_application ON payment (application_id);

CREATE TABLE accounts (
	application_id INTEGER PRIMARY KEY REFERENCES application (id),
	status         TEXT NOT NULL
	                   CHECK (status IN ('submitted', 'returned', 'accepted')),
	participants   INTEGER NOT NULL CHECK (participants >= 0),
	report         TEXT NOT NULL,
	spent          INTEGER NOT NULL CHECK (spent >= 0),
	submitted_at   INTEGER NOT NULL,
	decided_at     INTEGER
) STRICT;

-- An admin who declared a conflict of interest cannot act on the case.
CREATE TABLE conflict (
	application_id INTEGER NOT NULL REFERENCES application (id),
	uid            INTEGER NOT NULL,
	user           TEXT,
	reason         TEXT,
	declared_at    INTEGER NOT NULL,
	PRIMARY KEY (application_id, uid)
) STRICT, WITHOUT ROWID;

-- The status machine. Every other change of status is refused.
CREATE TABLE application_transition (
	from_status TEXT NOT NULL,
	to_status   TEXT NOT NULL,
	PRIMARY KEY (from_status, to_status)
) STRICT, WITHOUT ROWID;

INSERT INTO application_transition VALUES
	('draft', 'submitted'),
	('submitted', 'awaiting_information'),
	('awaiting_information', 'submitted'),
	('submitted', 'approved'),
	('submitted', 'rejected'),
	('submitted', 'withdrawn'),
	('awaiting_information', 'withdrawn'),
	('approved', 'paid'),
	('approved', 'revoked'),
	('paid', 'closed');

CREATE TRIGGER application_status_machine
BEFORE UPDATE OF status ON application
WHEN NEW.status != OLD.status AND NOT EXISTS (
	SELECT 1 FROM application_transition
	WHERE from_status = OLD.status AND to_status = NEW.status)
BEGIN
	SELECT RAISE(ABORT, 'civic:state: status change not allowed');
END;

-- A submitted application is the applicant's word: what it asks for and
-- why cannot change after submission, except while information is asked.
CREATE TRIGGER application_frozen
BEFORE UPDATE OF title, description, integration, target_group,
    participants, start_date, end_date, requested ON application
WHEN OLD.status NOT IN ('draft', 'awaiting_information')
BEGIN
	SELECT RAISE(ABORT, 'civic:state: the application can no longer change');
END;

CREATE TRIGGER application_cap
BEFORE UPDATE OF granted ON application
WHEN NEW.granted IS NOT NULL AND (OLD.granted IS NULL OR NEW.granted != OLD.granted)
    AND NEW.granted > (SELECT cap FROM fund_year WHERE year = NEW.year)
BEGIN
	SELECT RAISE(ABORT, 'civic:cap: grant above the per-application cap');
END;

-- Money out: never more than was granted, and only on a live grant.
CREATE TRIGGER payment_within_grant
BEFORE INSERT ON payment
WHEN (SELECT status FROM application WHERE id = NEW.application_id)
        NOT IN ('approved', 'paid')
    OR NEW.amount + coalesce((SELECT sum(amount) FROM payment
        WHERE application_id = NEW.application_id), 0) >
       (SELECT granted FROM application WHERE id = NEW.application_id)
BEGIN
	SELECT RAISE(ABORT, 'civic:paid: payments would exceed the grant');
END;

CREATE TRIGGER payment_immutable BEFORE UPDATE ON payment
BEGIN
	SELECT RAISE(ABORT, 'civic:state: payments are not changed');
END;

CREATE TRIGGER payment_kept BEFORE DELETE ON payment
BEGIN
	SELECT RAISE(ABORT, 'civic:state: payments are not deleted');
END;

-- Per fund year: what is granted and not returned, and what was paid.
CREATE VIEW fund_year_net AS
SELECT y.year AS year,
	coalesce((SELECT sum(a.granted) FROM application a
	    WHERE a.year = y.year
	    AND a.status IN ('approved', 'paid', 'closed')), 0) AS committed,
	coalesce((SELECT sum(a.returned) FROM application a
	    WHERE a.year = y.year AND a.status = 'closed'), 0) AS returned,
	coalesce((SELECT sum(p.amount) FROM payment p
	    JOIN application a ON a.id = p.application_id
	    WHERE a.year = y.year), 0) AS paid
FROM fund_year y;

-- Each year's figures. A year that carries over hands what it has left
-- (avail) to the next year, so a grant in one year lowers every later year
-- in its chain: the invariant is avail >= 0 for every year at once.
CREATE VIEW fund_year_figures AS
WITH RECURSIVE chain (year, carried_in, avail) AS (
	SELECT y.year, 0, y.budget - n.committed + n.returned
	FROM fund_year y JOIN fund_year_net n ON n.year = y.year
	WHERE NOT EXISTS (SELECT 1 FROM fund_year p
	    WHERE p.year = y.year - 1 AND p.carry_over = 1)
	UNION ALL
	SELECT y.year, c.avail, y.budget + c.avail - n.committed + n.returned
	FROM chain c
	JOIN fund_year p ON p.year = c.year AND p.carry_over = 1
	JOIN fund_year y ON y.year = c.year + 1
	JOIN fund_year_net n ON n.year = y.year
)
SELECT c.year AS year, y.budget AS budget, y.cap AS cap,
	y.carry_over AS carry_over, y.accounts_weeks AS accounts_weeks,
	c.carried_in AS carried_in, n.committed AS committed, n.paid AS paid,
	n.returned AS returned, c.avail AS avail
FROM chain c JOIN fund_year y ON y.year = c.year
JOIN fund_year_net n ON n.year = c.year;

CREATE TRIGGER fund_budget_on_grant
AFTER UPDATE OF status, granted, returned ON application
WHEN EXISTS (SELECT 1 FROM fund_year_figures WHERE avail < 0)
BEGIN
	SELECT RAISE(ABORT, 'civic:budget: a fund year would be overspent');
END;

CREATE TRIGGER fund_budget_on_insert
AFTER INSERT ON application
WHEN EXISTS (SELECT 1 FROM fund_year_figures WHERE avail < 0)
BEGIN
	SELECT RAISE(ABORT, 'civic:budget: a fund year would be overspent');
END;

CREATE TRIGGER fund_budget_on_year
AFTER UPDATE ON fund_year
WHEN EXISTS (SELECT 1 FROM fund_year_figures WHERE avail < 0)
BEGIN
	SELECT RAISE(ABORT, 'civic:budget: a fund year would be overspent');
END;

CREATE TRIGGER fund_year_kept BEFORE DELETE ON fund_year
BEGIN
	SELECT RAISE(ABORT, 'civic:state: fund years are not deleted');
END;
