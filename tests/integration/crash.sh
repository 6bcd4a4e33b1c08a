#!/bin/bash
# Crash trials: civicd is killed with -9 while clients write every kind of
# change at once (registrations, applicants, meetings, grant approvals,
# payments, audit checkpoints, retention runs). After each, it starts
# again and every write it acknowledged must be there, the database must
# pass SQLite's integrity check, and the audit trail must verify (with the
# unsigned tail signed at start). CIVIC_CRASH_TRIALS sets how many (25
# here; make soak runs 1,000).
. "$(dirname "$0")/lib.sh"

TRIALS=${CIVIC_CRASH_TRIALS:-25}
YEAR=$(TZ=Europe/Copenhagen date +%Y)
ACK=$T/ack
mkdir -p "$ACK"

start_daemon --demo || exit 1
"$CIVIC" fund set "$YEAR" --budget 10.000.000 --cap 100.000 >/dev/null
TOKEN=$("$CIVIC" --json applicant add "Crash Forening" | jq -r .token)
M=$("$CIVIC" --json meeting create --title "Prøve" --start "1.6.2040 17:00" \
    --end 19:00 --capacity 100000 | jq .meeting.id)
"$CIVIC" meeting schedule "$M" >/dev/null
# Submitted applications for the approvals to decide, and approved ones
# for the payments: enough for every trial. The applicant submits from
# its own user: an admin may not decide what they submitted.
for i in $(seq 1 $((TRIALS * 4 + 20))); do
	env CIVIC_TOKEN="$TOKEN" setpriv --reuid="$U_PLAIN" --regid="$U_PLAIN" \
	    --groups="$G_SOCKET" "$CIVIC" --json apply --title "Ansøgning $i" \
	    --description D --integration I --target-group T --participants 5 \
	    --start 1.1.2040 --end 2.1.2040 --line "L=1.000" --submit |
	    jq .application.id
done >"$T/submitted"
sed -n '1~2p' "$T/submitted" >"$T/to-approve"
sed -n '2~2p' "$T/submitted" | while read -r id; do
	"$CIVIC" grant approve --amount 1.000 --committee K "$id" >/dev/null
	echo "$id"
done >"$T/to-pay"

# writer KIND: makes changes of one kind until civicd is gone, noting each
# one it acknowledged (exit 0) in $ACK/KIND.
writer() {
	local kind=$1 i=0 id out
	while :; do
		i=$((i + 1))
		case $kind in
		register)
			out=$("$CIVIC" --json register --name "P $BASHPID $i" \
			    --email "p$BASHPID.$i@example.org" "$M" 2>/dev/null) || break
			echo "$out" | jq .registration.id >>"$ACK/register" ;;
		applicant)
			out=$("$CIVIC" --json applicant add "F $BASHPID $i" 2>/dev/null) || break
			echo "$out" | jq .applicant.id >>"$ACK/applicant" ;;
		meeting)
			out=$("$CIVIC" --json meeting create --title "M $BASHPID $i" \
			    --capacity 5 2>/dev/null) || break
			echo "$out" | jq .meeting.id >>"$ACK/meeting" ;;
		approve)
			id=$(sed -n "${i}p" "$T/to-approve.now")
			[ -n "$id" ] || break
			"$CIVIC" grant approve --amount 1.000 --committee K "$id" \
			    >/dev/null 2>&1 || break
			echo "$id" >>"$ACK/approve" ;;
		pay)
			id=$(sed -n "${i}p" "$T/to-pay.now")
			[ -n "$id" ] || break
			"$CIVIC" grant pay --amount 1.000 --reference "B$id" "$id" \
			    >/dev/null 2>&1 || break
			echo "$id" >>"$ACK/pay" ;;
		checkpoint)
			"$CIVIC" audit checkpoint >/dev/null 2>&1 || break ;;
		retention)
			"$CIVIC" privacy purge >/dev/null 2>&1 || break ;;
		esac
	done
}

# have KIND SQL: adds to n the acknowledged writes of KIND that SQL (a
# count over the ids put in for %s) does not find.
have() {
	local f=$ACK/$1 want got
	[ -s "$f" ] || return 0
	want=$(sort -u "$f" | wc -l)
	got=$(sqlite3 "$DB" "$(printf "$2" "$(sort -u "$f" | paste -sd,)")")
	n=$((n + want - got))
}

lost=0 bad=0
for trial in $(seq 1 "$TRIALS"); do
	# Each trial decides the cases the earlier ones have not.
	grep -vxFf "$ACK/approve" "$T/to-approve" >"$T/to-approve.now" 2>/dev/null ||
	    cp "$T/to-approve" "$T/to-approve.now"
	grep -vxFf "$ACK/pay" "$T/to-pay" >"$T/to-pay.now" 2>/dev/null ||
	    cp "$T/to-pay" "$T/to-pay.now"
	pids=()
	for kind in register register applicant meeting approve pay checkpoint retention; do
		writer "$kind" & pids+=($!)
	done
	sleep "0.$((RANDOM % 8 + 2))"
	kill -KILL "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=
	wait "${pids[@]}" 2>/dev/null
	if ! start_daemon; then
		bad=$((bad + 1))
		break
	fi
	# Every acknowledged write is there: one query a kind, whatever
	# the number of writes (make soak runs a thousand trials).
	n=0
	have register "SELECT count(*) FROM registration WHERE id IN (%s)"
	have applicant "SELECT count(*) FROM applicant WHERE id IN (%s)"
	have meeting "SELECT count(*) FROM meeting WHERE id IN (%s)"
	have approve "SELECT count(*) FROM application WHERE granted = 100000 AND id IN (%s)"
	have pay "SELECT count(DISTINCT application_id) FROM payment WHERE application_id IN (%s)"
	lost=$((lost + n))
	if [ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" != ok ] ||
	    ! "$CIVIC" audit verify >/dev/null 2>&1; then
		bad=$((bad + 1))
		diag "trial $trial: the database or the audit trail is damaged"
	fi
done

acked=$(cat "$ACK"/* 2>/dev/null | wc -l)
expect_eq "$TRIALS kill -9 trials: every one of $acked acknowledged writes is there" "$lost" 0
expect_eq "the database passed SQLite's integrity check and the audit trail verified after every trial" "$bad" 0
expect_eq "the writes were of every kind" \
    "$(for k in register applicant meeting approve pay; do test -s "$ACK/$k" && echo "$k"; done | paste -sd' ')" \
    "register applicant meeting approve pay"
expect_eq "and after the last restart nothing is left unsigned" \
    "$(sqlite3 "$DB" 'SELECT max(count) FROM audit_checkpoint')" \
    "$(sqlite3 "$DB" 'SELECT max(seq) FROM audit_entry')"
expect_tally "the running figures add up after every kill -9"
expect_fund_tally "the fund's too"
diag "$TRIALS trials, $acked acknowledged writes checked"
stop_daemon
done_testing
