-- 008: an application's id is never used twice. Ids were SQLite's
-- max(rowid) + 1, so deleting the newest draft freed its id for the next
-- application, and the audit trail's entries for application:14 then
-- told of two. The highest id ever given is kept here (a deleted draft
-- raises it, by trigger), and civicd gives the next one above both it
-- and every id in use. Seeded from the applications and from the audit
-- trail, which remembers drafts deleted before this migration.

CREATE TABLE id_high_water (
	name TEXT PRIMARY KEY,
	last INTEGER NOT NULL CHECK (last >= 0)
) STRICT, WITHOUT ROWID;

INSERT INTO id_high_water (name, last) VALUES ('application', max(
	coalesce((SELECT max(id) FROM application), 0),
	coalesce((SELECT max(object_id) FROM audit_entry
	          WHERE object_kind = 'application'), 0)));

CREATE TRIGGER application_id_retired
AFTER DELETE ON application
BEGIN
	UPDATE id_high_water SET last = max(last, OLD.id)
	WHERE name = 'application';
END;
