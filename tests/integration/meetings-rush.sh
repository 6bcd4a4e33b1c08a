#!/bin/bash
# Many coordinators registering people at once for a small meeting: the
# confirmed seats never pass capacity, the rest wait in arrival order, and
# cancelling promotes exactly the waiting parties that fit, earliest first.
. "$(dirname "$0")/lib.sh"

start_daemon || exit 1
N=40
CAP=10
M=$("$CIVIC" --json meeting create --title "Lille møde" --start "1.6.2030 17:00" \
    --end 19:00 --capacity "$CAP" --party-max 2 | jq .meeting.id)
"$CIVIC" meeting schedule "$M" >/dev/null

# Parties of one and two seats, all at once, from two coordinators.
racers=()
for i in $(seq 1 $N); do
	seats=$(( i % 3 == 0 ? 2 : 1 ))
	if [ $((i % 2)) = 0 ]; then who=("$CIVIC"); else who=(as "$U_COORD" "$G_SOCKET,$G_COORD" "$CIVIC"); fi
	"${who[@]}" --json register --name "Person $i" --email "p$i@example.org" \
	    --seats "$seats" "$M" >"$T/reg.$i" 2>"$T/err.$i" &
	racers+=($!)
done
wait "${racers[@]}"
expect_eq "every one of the $N was answered" "$(cat "$T"/reg.* | jq -s 'length')" "$N"

# The state, in arrival (id) order.
"$CIVIC" --json meeting door-list "$M" | jq -c '[.registrations[] |
    {id, seats, status, position}] | sort_by(.id)' >"$T/state"
confirmed=$(jq '[.[] | select(.status == "confirmed") | .seats] | add' "$T/state")
if [ "$confirmed" -le "$CAP" ]; then ok "confirmed seats ($confirmed) within capacity ($CAP)"
else not_ok "confirmed seats ($confirmed) within capacity ($CAP)"; fi
free=$((CAP - confirmed))
expect_eq "no one waiting would fit in what is free ($free)" \
    "$(jq --argjson f "$free" '[.[] | select(.status == "waiting" and .seats <= $f)] | length' "$T/state")" 0
expect_eq "with single seats waiting, every seat is taken" \
    "$(jq --argjson f "$free" 'if any(.[]; .status == "waiting" and .seats == 1) then $f else 0 end' "$T/state")" 0
expect_eq "the waiting list is numbered in arrival order" \
    "$(jq -c '[.[] | select(.status == "waiting") | .position]' "$T/state")" \
    "$(jq -c '[.[] | select(.status == "waiting")] | [range(1; length + 1)]' "$T/state")"
expect_eq "a later party was confirmed before an earlier one waited only if smaller" \
    "$(jq '[. as $all | .[] | select(.status == "waiting") as $w |
        $all[] | select(.status == "confirmed" and .id > $w.id and .seats >= $w.seats)] | length' "$T/state")" 0

# model FREE: the ids the waiting list should promote when FREE seats
# open up, earliest first, each party that fits.
model() {
	jq -c --argjson f "$1" 'reduce (.[] | select(.status == "waiting")) as $w
	    ({free: $f, ids: []}; if $w.seats <= .free then
	    {free: (.free - $w.seats), ids: (.ids + [$w.id])} else . end) | .ids' "$T/state"
}
for round in 1 2 3; do
	# Cancel the earliest confirmed registration: its seats open up.
	victim=$(jq -c '[.[] | select(.status == "confirmed")][0]' "$T/state")
	vid=$(printf '%s' "$victim" | jq .id)
	vseats=$(printf '%s' "$victim" | jq .seats)
	want=$(model $((free + vseats)))
	"$CIVIC" --json registration cancel "$vid" >"$T/cancel"
	"$CIVIC" --json meeting door-list "$M" | jq -c '[.registrations[] |
	    {id, seats, status, position}] | sort_by(.id)' >"$T/after"
	got=$(jq -c --slurpfile before "$T/state" '[.[] | select(.status == "confirmed") |
	    .id as $id | select(any($before[0][]; .id == $id and .status == "waiting")) | .id]' "$T/after")
	expect_eq "round $round: cancelling $vseats seats promotes exactly the parties that fit ($want)" "$got" "$want"
	expect_eq "round $round: the reply counts them" "$(jq .promoted "$T/cancel")" \
	    "$(printf '%s' "$want" | jq length)"
	mv "$T/after" "$T/state"
	confirmed=$(jq '[.[] | select(.status == "confirmed") | .seats] | add' "$T/state")
	free=$((CAP - confirmed))
done
stop_daemon
expect_tally "the running figures add up after the rush"
done_testing
