-- 005: a meeting's running figures. Its counts (confirmed, waiting,
-- checked in, walk-ins, seats, by language and by need) are kept as the
-- registrations change, by triggers, instead of summed from every
-- registration on each call: registering, the capacity rule and
-- Meetings.Show then cost the same in a meeting of 20,000 as in a fresh
-- one. The capacity rules read the tally, in the same trigger that keeps
-- it, so they cannot run before it is up to date.

CREATE TABLE meeting_tally (
	meeting_id       INTEGER PRIMARY KEY REFERENCES meeting (id),
	confirmed        INTEGER NOT NULL DEFAULT 0,
	confirmed_seats  INTEGER NOT NULL DEFAULT 0,
	unforced_seats   INTEGER NOT NULL DEFAULT 0, -- confirmed, not forced in
	waiting          INTEGER NOT NULL DEFAULT 0,
	waiting_seats    INTEGER NOT NULL DEFAULT 0,
	checked_in       INTEGER NOT NULL DEFAULT 0,
	checked_in_seats INTEGER NOT NULL DEFAULT 0,
	walk_in          INTEGER NOT NULL DEFAULT 0, -- confirmed walk-ins
	walk_in_seats    INTEGER NOT NULL DEFAULT 0,
	forced           INTEGER NOT NULL DEFAULT 0, -- confirmed, forced in
	cancelled        INTEGER NOT NULL DEFAULT 0,
	childcare        INTEGER NOT NULL DEFAULT 0  -- children of confirmed
) STRICT;

-- Confirmed registrations that need interpretation, per language, and
-- confirmed registrations per kind of accessibility need. A row whose
-- count fell to 0 is kept and not shown.
CREATE TABLE meeting_tally_language (
	meeting_id    INTEGER NOT NULL REFERENCES meeting (id),
	language      TEXT NOT NULL,
	registrations INTEGER NOT NULL,
	seats         INTEGER NOT NULL,
	PRIMARY KEY (meeting_id, language)
) STRICT, WITHOUT ROWID;

CREATE TABLE meeting_tally_need (
	meeting_id    INTEGER NOT NULL REFERENCES meeting (id),
	kind          TEXT NOT NULL,
	registrations INTEGER NOT NULL,
	seats         INTEGER NOT NULL,
	PRIMARY KEY (meeting_id, kind)
) STRICT, WITHOUT ROWID;

INSERT INTO meeting_tally (meeting_id) SELECT id FROM meeting;

UPDATE meeting_tally SET
	confirmed = (SELECT count(*) FROM registration r
	    WHERE r.meeting_id = meeting_tally.meeting_id AND status = 'confirmed'),
	confirmed_seats = (SELECT coalesce(sum(seats), 0) FROM registration r
	    WHERE r.meeting_id = meeting_tally.meeting_id AND status = 'confirmed'),
	unforced_seats = (SELECT coalesce(sum(seats), 0) FROM registration r
	    WHERE r.meeting_id = meeting_tally.meeting_id AND status = 'confirmed'
	    AND forced = 0),
	waiting = (SELECT count(*) FROM registration r
	    WHERE r.meeting_id = meeting_tally.meeting_id AND status = 'waiting'),
	waiting_seats = (SELECT coalesce(sum(seats), 0) FROM registration r
	    WHERE r.meeting_id = meeting_tally.meeting_id AND status = 'waiting'),
	checked_in = (SELECT count(*) FROM registration r
	    WHERE r.meeting_id = meeting_tally.meeting_id
	    AND checked_in_at IS NOT NULL),
	checked_in_seats = (SELECT coalesce(sum(seats), 0) FROM registration r
	    WHERE r.meeting_id = meeting_tally.meeting_id
	    AND checked_in_at IS NOT NULL),
	walk_in = (SELECT count(*) FROM registration r
	    WHERE r.meeting_id = meeting_tally.meeting_id AND status = 'confirmed'
	    AND walk_in = 1),
	walk_in_seats = (SELECT coalesce(sum(seats), 0) FROM registration r
	    WHERE r.meeting_id = meeting_tally.meeting_id AND status = 'confirmed'
	    AND walk_in = 1),
	forced = (SELECT count(*) FROM registration r
	    WHERE r.meeting_id = meeting_tally.meeting_id AND status = 'confirmed'
	    AND forced = 1),
	cancelled = (SELECT count(*) FROM registration r
	    WHERE r.meeting_id = meeting_tally.meeting_id AND status = 'cancelled'),
	childcare = (SELECT coalesce(sum(childcare), 0) FROM registration r
	    WHERE r.meeting_id = meeting_tally.meeting_id AND status = 'confirmed');

INSERT INTO meeting_tally_language (meeting_id, language, registrations, seats)
SELECT meeting_id, language, count(*), sum(seats) FROM registration
WHERE status = 'confirmed' AND language IS NOT NULL
GROUP BY meeting_id, language;

INSERT INTO meeting_tally_need (meeting_id, kind, registrations, seats)
SELECT r.meeting_id, n.kind, count(*), sum(r.seats)
FROM registration_need n JOIN registration r ON r.id = n.registration_id
WHERE r.status = 'confirmed'
GROUP BY r.meeting_id, n.kind;

CREATE TRIGGER meeting_tally_new AFTER INSERT ON meeting
BEGIN
	INSERT INTO meeting_tally (meeting_id) VALUES (NEW.id);
END;

-- The capacity rules of 003, now on the tally.
DROP TRIGGER registration_capacity;
DROP TRIGGER registration_capacity_promote;
DROP TRIGGER meeting_capacity_kept;

CREATE TRIGGER meeting_capacity_kept
AFTER UPDATE OF capacity, held_back ON meeting
WHEN (SELECT unforced_seats FROM meeting_tally WHERE meeting_id = NEW.id) >
     NEW.capacity - NEW.held_back
BEGIN
	SELECT RAISE(ABORT, 'civic:state: capacity below the confirmed seats');
END;

CREATE TRIGGER registration_tally_insert AFTER INSERT ON registration
BEGIN
	UPDATE meeting_tally SET
		confirmed = confirmed + (NEW.status = 'confirmed'),
		confirmed_seats = confirmed_seats +
		    iif(NEW.status = 'confirmed', NEW.seats, 0),
		unforced_seats = unforced_seats +
		    iif(NEW.status = 'confirmed' AND NEW.forced = 0, NEW.seats, 0),
		waiting = waiting + (NEW.status = 'waiting'),
		waiting_seats = waiting_seats +
		    iif(NEW.status = 'waiting', NEW.seats, 0),
		checked_in = checked_in + (NEW.checked_in_at IS NOT NULL),
		checked_in_seats = checked_in_seats +
		    iif(NEW.checked_in_at IS NOT NULL, NEW.seats, 0),
		walk_in = walk_in +
		    (NEW.status = 'confirmed' AND NEW.walk_in = 1),
		walk_in_seats = walk_in_seats +
		    iif(NEW.status = 'confirmed' AND NEW.walk_in = 1, NEW.seats, 0),
		forced = forced + (NEW.status = 'confirmed' AND NEW.forced = 1),
		cancelled = cancelled + (NEW.status = 'cancelled'),
		childcare = childcare +
		    iif(NEW.status = 'confirmed', NEW.childcare, 0)
	WHERE meeting_id = NEW.meeting_id;
	INSERT INTO meeting_tally_language (meeting_id, language, registrations,
	    seats)
	SELECT NEW.meeting_id, NEW.language, 1, NEW.seats
	WHERE NEW.status = 'confirmed' AND NEW.language IS NOT NULL
	ON CONFLICT DO UPDATE SET registrations = registrations + 1,
	    seats = seats + excluded.seats;
	SELECT RAISE(ABORT, 'civic:full: the meeting is full')
	WHERE NEW.status = 'confirmed' AND NEW.forced = 0 AND
	    (SELECT confirmed_seats FROM meeting_tally
	     WHERE meeting_id = NEW.meeting_id) >
	    (SELECT capacity - held_back FROM meeting WHERE id = NEW.meeting_id);
END;

CREATE TRIGGER registration_tally_update AFTER UPDATE ON registration
BEGIN
	UPDATE meeting_tally SET
		confirmed = confirmed - (OLD.status = 'confirmed'),
		confirmed_seats = confirmed_seats -
		    iif(OLD.status = 'confirmed', OLD.seats, 0),
		unforced_seats = unforced_seats -
		    iif(OLD.status = 'confirmed' AND OLD.forced = 0, OLD.seats, 0),
		waiting = waiting - (OLD.status = 'waiting'),
		waiting_seats = waiting_seats -
		    iif(OLD.status = 'waiting', OLD.seats, 0),
		checked_in = checked_in - (OLD.checked_in_at IS NOT NULL),
		checked_in_seats = checked_in_seats -
		    iif(OLD.checked_in_at IS NOT NULL, OLD.seats, 0),
		walk_in = walk_in -
		    (OLD.status = 'confirmed' AND OLD.walk_in = 1),
		walk_in_seats = walk_in_seats -
		    iif(OLD.status = 'confirmed' AND OLD.walk_in = 1, OLD.seats, 0),
		forced = forced - (OLD.status = 'confirmed' AND OLD.forced = 1),
		cancelled = cancelled - (OLD.status = 'cancelled'),
		childcare = childcare -
		    iif(OLD.status = 'confirmed', OLD.childcare, 0)
	WHERE meeting_id = OLD.meeting_id;
	UPDATE meeting_tally SET
		confirmed = confirmed + (NEW.status = 'confirmed'),
		confirmed_seats = confirmed_seats +
		    iif(NEW.status = 'confirmed', NEW.seats, 0),
		unforced_seats = unforced_seats +
		    iif(NEW.status = 'confirmed' AND NEW.forced = 0, NEW.seats, 0),
		waiting = waiting + (NEW.status = 'waiting'),
		waiting_seats = waiting_seats +
		    iif(NEW.status = 'waiting', NEW.seats, 0),
		checked_in = checked_in + (NEW.checked_in_at IS NOT NULL),
		checked_in_seats = checked_in_seats +
		    iif(NEW.checked_in_at IS NOT NULL, NEW.seats, 0),
		walk_in = walk_in +
		    (NEW.status = 'confirmed' AND NEW.walk_in = 1),
		walk_in_seats = walk_in_seats +
		    iif(NEW.status = 'confirmed' AND NEW.walk_in = 1, NEW.seats, 0),
		forced = forced + (NEW.status = 'confirmed' AND NEW.forced = 1),
		cancelled = cancelled + (NEW.status = 'cancelled'),
		childcare = childcare +
		    iif(NEW.status = 'confirmed', NEW.childcare, 0)
	WHERE meeting_id = NEW.meeting_id;
	UPDATE meeting_tally_language SET registrations = registrations - 1,
	    seats = seats - OLD.seats
	WHERE meeting_id = OLD.meeting_id AND language = OLD.language AND
	    OLD.status = 'confirmed';
	INSERT INTO meeting_tally_language (meeting_id, language, registrations,
	    seats)
	SELECT NEW.meeting_id, NEW.language, 1, NEW.seats
	WHERE NEW.status = 'confirmed' AND NEW.language IS NOT NULL
	ON CONFLICT DO UPDATE SET registrations = registrations + 1,
	    seats = seats + excluded.seats;
	UPDATE meeting_tally_need SET registrations = registrations - 1,
	    seats = seats - OLD.seats
	WHERE meeting_id = OLD.meeting_id AND OLD.status = 'confirmed' AND
	    kind IN (SELECT kind FROM registration_need
	             WHERE registration_id = OLD.id);
	INSERT INTO meeting_tally_need (meeting_id, kind, registrations, seats)
	SELECT NEW.meeting_id, kind, 1, NEW.seats FROM registration_need
	WHERE registration_id = NEW.id AND NEW.status = 'confirmed'
	ON CONFLICT DO UPDATE SET registrations = registrations + 1,
	    seats = seats + excluded.seats;
	SELECT RAISE(ABORT, 'civic:full: the meeting is full')
	WHERE NEW.status = 'confirmed' AND OLD.status != 'confirmed' AND
	    (SELECT confirmed_seats FROM meeting_tally
	     WHERE meeting_id = NEW.meeting_id) >
	    (SELECT capacity - held_back FROM meeting WHERE id = NEW.meeting_id);
END;

-- A registration that goes takes its needs with it (ON DELETE CASCADE,
-- after this trigger has counted them out).
CREATE TRIGGER registration_tally_delete BEFORE DELETE ON registration
BEGIN
	UPDATE meeting_tally SET
		confirmed = confirmed - (OLD.status = 'confirmed'),
		confirmed_seats = confirmed_seats -
		    iif(OLD.status = 'confirmed', OLD.seats, 0),
		unforced_seats = unforced_seats -
		    iif(OLD.status = 'confirmed' AND OLD.forced = 0, OLD.seats, 0),
		waiting = waiting - (OLD.status = 'waiting'),
		waiting_seats = waiting_seats -
		    iif(OLD.status = 'waiting', OLD.seats, 0),
		checked_in = checked_in - (OLD.checked_in_at IS NOT NULL),
		checked_in_seats = checked_in_seats -
		    iif(OLD.checked_in_at IS NOT NULL, OLD.seats, 0),
		walk_in = walk_in -
		    (OLD.status = 'confirmed' AND OLD.walk_in = 1),
		walk_in_seats = walk_in_seats -
		    iif(OLD.status = 'confirmed' AND OLD.walk_in = 1, OLD.seats, 0),
		forced = forced - (OLD.status = 'confirmed' AND OLD.forced = 1),
		cancelled = cancelled - (OLD.status = 'cancelled'),
		childcare = childcare -
		    iif(OLD.status = 'confirmed', OLD.childcare, 0)
	WHERE meeting_id = OLD.meeting_id;
	UPDATE meeting_tally_language SET registrations = registrations - 1,
	    seats = seats - OLD.seats
	WHERE meeting_id = OLD.meeting_id AND language = OLD.language AND
	    OLD.status = 'confirmed';
	DELETE FROM registration_need WHERE registration_id = OLD.id;
END;

CREATE TRIGGER registration_need_tally_insert AFTER INSERT ON registration_need
BEGIN
	INSERT INTO meeting_tally_need (meeting_id, kind, registrations, seats)
	SELECT meeting_id, NEW.kind, 1, seats FROM registration
	WHERE id = NEW.registration_id AND status = 'confirmed'
	ON CONFLICT DO UPDATE SET registrations = registrations + 1,
	    seats = seats + excluded.seats;
END;

CREATE TRIGGER registration_need_tally_delete AFTER DELETE ON registration_need
BEGIN
	UPDATE meeting_tally_need SET registrations = registrations - 1,
	    seats = seats - (SELECT seats FROM registration
	                     WHERE id = OLD.registration_id)
	WHERE kind = OLD.kind AND meeting_id =
	    (SELECT meeting_id FROM registration
	     WHERE id = OLD.registration_id AND status = 'confirmed');
END;

-- Retention finds a closed meeting's registrants through this, instead of
-- reading every registrant of every meeting (store-privacy.c).
CREATE INDEX registrant_meeting ON registrant (meeting_id);
