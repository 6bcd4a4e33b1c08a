-- 011: meetings that know what day it is, and calendars that follow a
-- change.
--
-- Check-in has a window around the meeting (civicd.conf's [meetings]),
-- and a check-in outside it is refused and recorded like every other
-- refused check-in: checkin_failure's CHECK takes the two new reasons.
-- Its text is widened in place, as 009 did for payment (the rows there
-- satisfy it); the ADD COLUMN after it makes the connection read the
-- schema again.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, '''unknown registration'', ''meeting not open'')',
    '''unknown registration'', ''meeting not open'', ''too early'', ''too late'')')
WHERE type = 'table' AND name = 'checkin_failure';
PRAGMA writable_schema = OFF;

-- An ICS event's SEQUENCE: raised by every change a calendar shows, so a
-- calendar that has the meeting replaces it.
ALTER TABLE meeting ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0
    CHECK (sequence >= 0);

CREATE TRIGGER meeting_sequence
AFTER UPDATE OF title, description, venue, starts_at, ends_at, status
ON meeting
WHEN NEW.title IS NOT OLD.title OR NEW.description IS NOT OLD.description
    OR NEW.venue IS NOT OLD.venue OR NEW.starts_at IS NOT OLD.starts_at
    OR NEW.ends_at IS NOT OLD.ends_at OR NEW.status IS NOT OLD.status
BEGIN
	UPDATE meeting SET sequence = sequence + 1 WHERE id = NEW.id;
END;
