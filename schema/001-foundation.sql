-- 001: applicants and their tokens.
--
-- Times are INTEGER seconds since the epoch (UTC); calendar dates are TEXT
-- 'YYYY-MM-DD'. Personal data lives in tables of its own (here
-- applicant_contact) so that it can be erased without touching the records
-- that must stay.

CREATE TABLE applicant (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL CHECK (kind IN ('association', 'citizen')),
	name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	cvr         TEXT CHECK (cvr IS NULL OR (kind = 'association'
	                AND length(cvr) = 8 AND cvr NOT GLOB '*[^0-9]*')),
	created_at  INTEGER NOT NULL,
	disabled_at INTEGER
) STRICT;

CREATE UNIQUE INDEX applicant_cvr ON applicant (cvr) WHERE cvr IS NOT NULL;

CREATE TABLE applicant_contact (
	applicant_id   INTEGER PRIMARY KEY REFERENCES applicant (id),
	contact_person TEXT,
	email          TEXT,
	phone          TEXT,
	address        TEXT
) STRICT;

CREATE TABLE applicant_token (
	id           INTEGER PRIMARY KEY,
	applicant_id INTEGER NOT NULL REFERENCES applicant (id),
	hash         BLOB NOT NULL UNIQUE CHECK (length(hash) = 32),
	created_at   INTEGER NOT NULL,
	revoked_at   INTEGER
) STRICT;

CREATE INDEX applicant_token_applicant ON applicant_token (applicant_id);
