-- 004: the audit trail, the access log, and what retention needs.
--
-- Audit entries form a hash chain: each body (canonical JSON) holds the
-- hash of the entry before, and its own hash is stored beside it. Signed
-- checkpoints pin the chain's length and head. Entries name people only
-- by their ids, so that erasing personal data never breaks the chain.

CREATE TABLE audit_entry (
	seq         INTEGER PRIMARY KEY CHECK (seq >= 1),
	at          INTEGER NOT NULL,
	action      TEXT NOT NULL,
	object_kind TEXT NOT NULL,
	object_id   INTEGER,
	actor_uid   INTEGER,
	body        TEXT NOT NULL,
	hash        BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;

CREATE INDEX audit_entry_at ON audit_entry (at);
CREATE INDEX audit_entry_object ON audit_entry (object_kind, object_id);

-- Append-only for civicd. (Someone with the file can drop these triggers;
-- the chain and the checkpoints are what catch that.)
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
BEGIN
	SELECT RAISE(ABORT, 'civic:state: audit entries are not changed');
END;

CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
BEGIN
	SELECT RAISE(ABORT, 'civic:state: audit entries are not deleted');
END;

CREATE TABLE audit_checkpoint (
	id        INTEGER PRIMARY KEY,
	at        INTEGER NOT NULL,
	count     INTEGER NOT NULL CHECK (count >= 0),
	head      BLOB NOT NULL CHECK (length(head) = 32),
	pubkey    BLOB NOT NULL CHECK (length(pubkey) = 32),
	signature BLOB NOT NULL CHECK (length(signature) = 64)
) STRICT;

-- Who read whose personal data, and which permission checks refused whom.
CREATE TABLE access_log (
	id           INTEGER PRIMARY KEY,
	at           INTEGER NOT NULL,
	uid          INTEGER,
	user         TEXT,
	roles        TEXT NOT NULL,
	method       TEXT NOT NULL,
	subject_kind TEXT NOT NULL,  -- registration, meeting, applicant, ...
	subject_id   INTEGER,
	outcome      TEXT NOT NULL CHECK (outcome IN ('read', 'refused'))
) STRICT;

CREATE INDEX access_log_at ON access_log (at);
CREATE INDEX access_log_subject ON access_log (subject_kind, subject_id);

-- When a meeting was held or cancelled: its registrants' contact details
-- are erased a set time after.
ALTER TABLE meeting ADD COLUMN closed_at INTEGER;
UPDATE meeting SET closed_at = updated_at WHERE status IN ('held', 'cancelled');
