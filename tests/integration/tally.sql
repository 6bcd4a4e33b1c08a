-- Prints every meeting whose running figures (005-tally.sql) differ from
-- what its registrations add up to: nothing, when the triggers are right.
WITH truth AS (
	SELECT m.id AS meeting_id,
	    count(r.id) FILTER (WHERE r.status = 'confirmed') AS confirmed,
	    coalesce(sum(r.seats) FILTER (WHERE r.status = 'confirmed'), 0) AS confirmed_seats,
	    coalesce(sum(r.seats) FILTER (WHERE r.status = 'confirmed' AND r.forced = 0), 0) AS unforced_seats,
	    count(r.id) FILTER (WHERE r.status = 'waiting') AS waiting,
	    coalesce(sum(r.seats) FILTER (WHERE r.status = 'waiting'), 0) AS waiting_seats,
	    count(r.id) FILTER (WHERE r.checked_in_at IS NOT NULL) AS checked_in,
	    coalesce(sum(r.seats) FILTER (WHERE r.checked_in_at IS NOT NULL), 0) AS checked_in_seats,
	    count(r.id) FILTER (WHERE r.status = 'confirmed' AND r.walk_in = 1) AS walk_in,
	    coalesce(sum(r.seats) FILTER (WHERE r.status = 'confirmed' AND r.walk_in = 1), 0) AS walk_in_seats,
	    count(r.id) FILTER (WHERE r.status = 'confirmed' AND r.forced = 1) AS forced,
	    count(r.id) FILTER (WHERE r.status = 'cancelled') AS cancelled,
	    coalesce(sum(r.childcare) FILTER (WHERE r.status = 'confirmed'), 0) AS childcare
	FROM meeting m LEFT JOIN registration r ON r.meeting_id = m.id
	GROUP BY m.id
)
SELECT 'meeting ' || meeting_id || ': tally differs' FROM (
	SELECT * FROM truth EXCEPT
	SELECT meeting_id, confirmed, confirmed_seats, unforced_seats, waiting,
	    waiting_seats, checked_in, checked_in_seats, walk_in, walk_in_seats,
	    forced, cancelled, childcare FROM meeting_tally)
UNION ALL
SELECT 'meeting ' || meeting_id || ' language ' || language || ': tally differs' FROM (
	SELECT meeting_id, language, count(*), sum(seats) FROM registration
	WHERE status = 'confirmed' AND language IS NOT NULL
	GROUP BY meeting_id, language
	EXCEPT SELECT meeting_id, language, registrations, seats
	FROM meeting_tally_language WHERE registrations > 0)
UNION ALL
SELECT 'meeting ' || meeting_id || ' language ' || language || ': tally left over' FROM (
	SELECT meeting_id, language, registrations, seats
	FROM meeting_tally_language WHERE registrations != 0 OR seats != 0
	EXCEPT SELECT meeting_id, language, count(*), sum(seats) FROM registration
	WHERE status = 'confirmed' AND language IS NOT NULL
	GROUP BY meeting_id, language)
UNION ALL
SELECT 'meeting ' || meeting_id || ' need ' || kind || ': tally differs' FROM (
	SELECT r.meeting_id, n.kind, count(*), sum(r.seats)
	FROM registration_need n JOIN registration r ON r.id = n.registration_id
	WHERE r.status = 'confirmed' GROUP BY r.meeting_id, n.kind
	EXCEPT SELECT meeting_id, kind, registrations, seats
	FROM meeting_tally_need WHERE registrations > 0)
UNION ALL
SELECT 'meeting ' || meeting_id || ' need ' || kind || ': tally left over' FROM (
	SELECT meeting_id, kind, registrations, seats
	FROM meeting_tally_need WHERE registrations != 0 OR seats != 0
	EXCEPT SELECT r.meeting_id, n.kind, count(*), sum(r.seats)
	FROM registration_need n JOIN registration r ON r.id = n.registration_id
	WHERE r.status = 'confirmed' GROUP BY r.meeting_id, n.kind);
