-- 003: the open citizen meetings.
--
-- What a person told us (name, e-mail, phone, accessibility needs in their
-- own words, a note) is in registrant, apart, so that it can be erased on
-- schedule; what must stay (seats, language, kinds of need, check-in) is
-- in registration.

CREATE TABLE meeting (
	id                  INTEGER PRIMARY KEY,
	status              TEXT NOT NULL DEFAULT 'planned' CHECK (status IN
	                        ('planned', 'scheduled', 'held', 'cancelled')),
	title               TEXT NOT NULL,
	description         TEXT NOT NULL DEFAULT '',
	venue               TEXT NOT NULL DEFAULT '',
	starts_at           INTEGER,
	ends_at             INTEGER CHECK (ends_at > starts_at),
	capacity            INTEGER NOT NULL CHECK (capacity >= 0),
	held_back           INTEGER NOT NULL DEFAULT 0
	                        CHECK (held_back BETWEEN 0 AND capacity),
	party_max           INTEGER NOT NULL DEFAULT 4 CHECK (party_max >= 1),
	registration_opens  INTEGER,
	registration_closes INTEGER
	                        CHECK (registration_closes > registration_opens),
	waiting_list        INTEGER NOT NULL DEFAULT 1
	                        CHECK (waiting_list IN (0, 1)),
	head_count          INTEGER CHECK (head_count >= 0),
	close_note          TEXT,
	cancel_reason       TEXT,
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL,
	CHECK (status IN ('planned', 'cancelled') OR
	    (starts_at IS NOT NULL AND ends_at IS NOT NULL)),
	CHECK ((head_count IS NOT NULL) = (status = 'held')),
	CHECK ((cancel_reason IS NOT NULL) = (status = 'cancelled'))
) STRICT;

CREATE TABLE meeting_language (
	meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
	language   TEXT NOT NULL,
	PRIMARY KEY (meeting_id, language)
) STRICT, WITHOUT ROWID;

CREATE TABLE meeting_transition (
	from_status TEXT NOT NULL,
	to_status   TEXT NOT NULL,
	PRIMARY KEY (from_status, to_status)
) STRICT, WITHOUT ROWID;

INSERT INTO meeting_transition VALUES
	('planned', 'scheduled'),
	('planned', 'cancelled'),
	('scheduled', 'held'),
	('scheduled', 'cancelled');

CREATE TRIGGER meeting_status_machine
BEFORE UPDATE OF status ON meeting
WHEN NEW.status != OLD.status AND NOT EXISTS (
	SELECT 1 FROM meeting_transition
	WHERE from_status = OLD.status AND to_status = NEW.status)
BEGIN
	SELECT RAISE(ABORT, 'civic:state: meeting status change not allowed');
END;

-- Arrival order is id order: the waiting list is promoted by it.
CREATE TABLE registration (
	id            INTEGER PRIMARY KEY,
	meeting_id    INTEGER NOT NULL REFERENCES meeting (id),
	status        TEXT NOT NULL
	                  CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
	seats         INTEGER NOT NULL CHECK (seats >= 1),
	code          TEXT CHECK (length(code) = 8),
	language      TEXT,             -- interpretation needed, if any
	childcare     INTEGER NOT NULL DEFAULT 0 CHECK (childcare >= 0),
	walk_in       INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1)),
	forced        INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
	created_at    INTEGER NOT NULL,
	confirmed_at  INTEGER,
	cancelled_at  INTEGER,
	checked_in_at INTEGER,
	checked_in_by INTEGER,
	CHECK ((code IS NOT NULL) = (confirmed_at IS NOT NULL)),
	CHECK (status != 'confirmed' OR code IS NOT NULL),
	CHECK (checked_in_at IS NULL OR status = 'confirmed')
) STRICT;

CREATE UNIQUE INDEX registration_code ON registration (meeting_id, code)
    WHERE code IS NOT NULL;
CREATE INDEX registration_meeting ON registration (meeting_id, status);

-- The kinds of accessibility need (wheelchair, hearing, sight, ...):
-- anonymous, and counted per meeting.
CREATE TABLE registration_need (
	registration_id INTEGER NOT NULL
	                    REFERENCES registration (id) ON DELETE CASCADE,
	kind            TEXT NOT NULL,
	PRIMARY KEY (registration_id, kind)
) STRICT, WITHOUT ROWID;

-- Personal data: erased on schedule, the registration staying.
CREATE TABLE registrant (
	registration_id INTEGER PRIMARY KEY
	                    REFERENCES registration (id) ON DELETE CASCADE,
	meeting_id      INTEGER NOT NULL REFERENCES meeting (id),
	active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	name            TEXT NOT NULL,
	email           TEXT,   -- lower case, for comparing
	phone           TEXT,   -- canonical, +45...
	accessibility   TEXT,   -- the person's own words
	note            TEXT,
	consent         INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1))
) STRICT;

-- The same e-mail or phone twice for one meeting is refused, while the
-- first registration is not cancelled.
CREATE UNIQUE INDEX registrant_email ON registrant (meeting_id, email)
    WHERE email IS NOT NULL AND active = 1;
CREATE UNIQUE INDEX registrant_phone ON registrant (meeting_id, phone)
    WHERE phone IS NOT NULL AND active = 1;

-- Confirmed seats never exceed capacity less the seats held back; only a
-- walk-in forced in at the door (recorded as such) may pass it.
CREATE TRIGGER registration_capacity
AFTER INSERT ON registration
WHEN NEW.status = 'confirmed' AND NEW.forced = 0 AND
    (SELECT sum(seats) FROM registration
     WHERE meeting_id = NEW.meeting_id AND status = 'confirmed') >
    (SELECT capacity - held_back FROM meeting WHERE id = NEW.meeting_id)
BEGIN
	SELECT RAISE(ABORT, 'civic:full: the meeting is full');
END;

CREATE TRIGGER registration_capacity_promote
AFTER UPDATE OF status ON registration
WHEN NEW.status = 'confirmed' AND OLD.status != 'confirmed' AND
    (SELECT sum(seats) FROM registration
     WHERE meeting_id = NEW.meeting_id AND status = 'confirmed') >
    (SELECT capacity - held_back FROM meeting WHERE id = NEW.meeting_id)
BEGIN
	SELECT RAISE(ABORT, 'civic:full: the meeting is full');
END;

CREATE TRIGGER meeting_capacity_kept
AFTER UPDATE OF capacity, held_back ON meeting
WHEN (SELECT coalesce(sum(seats), 0) FROM registration
      WHERE meeting_id = NEW.id AND status = 'confirmed' AND forced = 0) >
     NEW.capacity - NEW.held_back
BEGIN
	SELECT RAISE(ABORT, 'civic:state: capacity below the confirmed seats');
END;

CREATE TRIGGER registration_status_machine
BEFORE UPDATE OF status ON registration
WHEN NEW.status != OLD.status AND NOT (
	(OLD.status = 'waiting' AND NEW.status IN ('confirmed', 'cancelled')) OR
	(OLD.status = 'confirmed' AND NEW.status = 'cancelled'))
BEGIN
	SELECT RAISE(ABORT, 'civic:state: registration status change not allowed');
END;

-- Every promotion from the waiting list, and why.
CREATE TABLE promotion (
	id              INTEGER PRIMARY KEY,
	registration_id INTEGER NOT NULL REFERENCES registration (id),
	at              INTEGER NOT NULL,
	reason          TEXT NOT NULL
) STRICT;

-- Every check-in that failed, and why (never what was typed).
CREATE TABLE checkin_failure (
	id              INTEGER PRIMARY KEY,
	meeting_id      INTEGER NOT NULL REFERENCES meeting (id),
	at              INTEGER NOT NULL,
	by_uid          INTEGER NOT NULL,
	method          TEXT NOT NULL CHECK (method IN ('code', 'ticket',
	                    'registration')),
	reason          TEXT NOT NULL CHECK (reason IN ('unknown code',
	                    'bad signature', 'malformed ticket', 'cancelled',
	                    'waiting', 'wrong meeting', 'already checked in',
	                    'unknown registration', 'meeting not open')),
	registration_id INTEGER
) STRICT;
