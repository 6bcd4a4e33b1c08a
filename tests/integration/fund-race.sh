#!/bin/bash
# Many admins approving at once against a small budget: the committed
# total never passes the budget, exactly the grants that fit are made,
# and every refusal was right (nothing refused could have fitted in what
# is left).
. "$(dirname "$0")/lib.sh"

start_daemon || exit 1
YEAR=$(TZ=Europe/Copenhagen date +%Y)
N=40

"$CIVIC" fund set "$YEAR" --budget 50.000 --yes >/dev/null
TOKEN=$("$CIVIC" --json applicant add "Foreningen" | jq -r .token)

# N submitted applications, created in one pipelined connection by the
# applicant's own user (an admin may not decide what they submitted).
{
	printf '{"method":"dk.civic.core.Authenticate","parameters":{"token":"%s"}}\0' "$TOKEN"
	for i in $(seq 1 $N); do
		amount=$(( (i % 4 + 1) * 2500 ))  # 2.500 .. 10.000 kr.
		printf '{"method":"dk.civic.fund.CreateApplication","parameters":{"title":"Projekt %d","description":"D","integration":"I","target_group":"G","participants":5,"start_date":"2030-01-01","end_date":"2030-02-01","requested":"%d.00","lines":[{"item":"x","amount":"%d.00"}]}}\0' "$i" "$amount" "$amount"
		printf '{"method":"dk.civic.fund.SubmitApplication","parameters":{"id":%d}}\0' "$i"
	done
} | as "$U_PLAIN" "$G_SOCKET" socat -t 10 - "UNIX-CONNECT:$SOCK" | tr '\0' '\n' >"$T/created"
expect_eq "$N applications submitted" \
    "$(jq -r 'select(.parameters.application.status == "submitted") | .parameters.application.id' "$T/created" | wc -l)" "$N"

# Round one: equal amounts, all at once, from two different admins.
ids=$("$CIVIC" --json application list --status submitted | jq -r '.applications[] | select(.requested == "10000.00") | .id')
count=$(printf '%s\n' "$ids" | wc -l)
racers=()
for id in $ids; do
	if [ $((id % 2)) = 0 ]; then who=("$CIVIC"); else who=(as "$U_ADMIN" "$G_SOCKET,$G_ADMIN" "$CIVIC"); fi
	( "${who[@]}" --json grant approve --amount 10.000 --committee "Race" "$id" \
	    >"$T/r1.$id" 2>/dev/null; echo $? >"$T/s1.$id" ) &
	racers+=($!)
done
wait "${racers[@]}"
ok=$(cat "$T"/s1.* | grep -c '^0$')
refused=$(cat "$T"/s1.* | grep -c '^1$')
expect_eq "there are 10 calls of 10.000 kr." "$count" 10
expect_eq "with 50.000 kr., exactly 5 succeed" "$ok" 5
expect_eq "and the other 5 are refused" "$refused" 5
expect_eq "every refusal is BudgetExceeded with 0 remaining" \
    "$(cat "$T"/r1.* | jq -r 'select(.error) | .error + " " + .parameters.remaining' | sort -u)" \
    "dk.civic.fund.BudgetExceeded 0.00"
expect_eq "committed is exactly the budget" \
    "$("$CIVIC" --json fund show "$YEAR" | jq -r '.year.committed + " " + .year.remaining')" \
    "50000.00 0.00"

# Round two: mixed amounts. Give the year 37.500 kr. more and race again.
"$CIVIC" fund set "$YEAR" --budget 87.500 >/dev/null
ids=$("$CIVIC" --json application list --status submitted | jq -r '.applications[].id')
racers=()
for id in $ids; do
	amount=$("$CIVIC" --json application show "$id" | jq -r .application.requested)
	( "$CIVIC" --json grant approve --amount "$amount" --committee "Race 2" "$id" \
	    >"$T/r2.$id" 2>/dev/null; echo "$? $amount" >"$T/s2.$id" ) &
	racers+=($!)
done
wait "${racers[@]}"
fig=$("$CIVIC" --json fund show "$YEAR")
committed=$(printf '%s' "$fig" | jq -r .year.committed)
left=$(printf '%s' "$fig" | jq -r .year.remaining)
granted=$(cat "$T"/s2.* | awk '$1 == 0 { s += $2 } END { printf "%.2f", s + 50000 }')
expect_eq "the granted amounts add up to what is committed" "$granted" "$committed"
if awk -v c="$committed" 'BEGIN { exit !(c <= 87500) }'; then
	ok "committed ($committed) is within the budget"
else not_ok "committed ($committed) is within the budget"; fi
# Calls were answered one at a time: each refused amount was more than
# remained then, and what remains now is no more than that.
bad=$(cat "$T"/s2.* | awk -v l="$left" '$1 != 0 && $2 <= l { print $2 }')
expect_eq "nothing refused would have fitted in what is left ($left)" "$bad" ""
expect_eq "every call got an answer" "$(cat "$T"/s2.* | awk '$1 != 0 && $1 != 1' | wc -l)" 0
expect_eq "the database agrees with the figures" \
    "$(sqlite3 "$DB" "SELECT printf('%.2f', sum(granted) / 100.0) FROM application WHERE status = 'approved'")" \
    "$committed"
stop_daemon
expect_fund_tally "the running figures add up after the race"
done_testing
