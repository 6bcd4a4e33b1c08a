#!/bin/bash
# Benchmarks, for `make bench`: whether a call costs the same in a big
# meeting as in a fresh one (issue "Fast at any size"). Reports; asserts
# nothing about speed.
#
#   register, fresh   N registrations into an empty meeting
#   register, big     N registrations into a meeting of 20,000 (built
#                     through SQL: 2,000 confirmed, 18,000 waiting)
#   door list, big    the door list of that meeting
. "$(dirname "$0")/../integration/lib.sh"

now_ns() { date +%s%N; }
ms_since() { echo $((($(now_ns) - $1) / 1000000)); }

start_daemon || exit 1
for m in big fresh; do
	"$CIVIC" meeting create --title "$m" --start "1.6.2040 17:00" --end 19:00 \
	    --capacity 2000 --party-max 1 >/dev/null
done
"$CIVIC" meeting schedule 1 >/dev/null
"$CIVIC" meeting schedule 2 >/dev/null
stop_daemon

sqlite3 "$DB" "
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO registration (id, meeting_id, status, seats, code, created_at, confirmed_at)
SELECT i, 1, CASE WHEN i <= 2000 THEN 'confirmed' ELSE 'waiting' END, 1,
    CASE WHEN i <= 2000 THEN printf('%08d', i) END, 0,
    CASE WHEN i <= 2000 THEN 0 END FROM n;
INSERT INTO registrant (registration_id, meeting_id, name, email)
SELECT id, 1, 'Person ' || id, 'p' || id || '@example.org' FROM registration;
COMMIT;"
start_daemon || exit 1

N=200
for m in fresh big; do
	id=$([ "$m" = big ] && echo 1 || echo 2)
	t=$(now_ns)
	for i in $(seq 1 "$N"); do
		"$CIVIC" register --name "Ny $i" --email "ny$i@example.org" "$id" >/dev/null ||
		    not_ok "register into $m"
	done
	ms=$(ms_since "$t")
	eval "ms_$m=$ms"
	printf '# %-18s %6d in %6d ms: %8.1f per second\n' "register, $m" "$N" "$ms" \
	    "$(awk -v n="$N" -v ms="$ms" 'BEGIN { print n * 1000 / ms }')"
done
awk -v b="$ms_big" -v f="$ms_fresh" 'BEGIN { printf "# %-18s %.2fx the fresh meeting\n", "register, big", b / f }'
ok "registrations into a fresh and a big meeting"

t=$(now_ns)
rows=$("$CIVIC" meeting door-list 1 | wc -l)
echo "# door list, big    $rows lines in $(ms_since "$t") ms"
expect_eq "the door list has every confirmed registration" \
    "$(( rows >= 2000 ))" 1
stop_daemon
done_testing
