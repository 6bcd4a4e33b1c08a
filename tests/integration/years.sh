#!/bin/bash
# An application's fund year: a draft goes into the current year, or
# into a later one an admin has opened (sent in December for next year's
# pool); never a past one; a submitted application keeps its year.
. "$(dirname "$0")/lib.sh"

start_daemon || exit 1
YEAR=$(TZ=Europe/Copenhagen date +%Y)
NEXT=$((YEAR + 1))
A=$("$CIVIC" --json applicant add --cvr 12345674 "Røde Kors Ballerup" | jq -r .token)
ra() { env CIVIC_TOKEN="$A" setpriv --reuid=$U_PLAIN --regid=$U_PLAIN --groups=$G_SOCKET "$CIVIC" "$@"; }
draft() {
	ra --json apply --title "$1" --description D --integration I --target-group G \
	    --participants 5 --start "1.2.$NEXT" --end "1.3.$NEXT" --line "Leje=1.000" | jq .application.id
}

D=$(draft "Næste år")
before=$(dbsum)
expect_status "next year's pool before an admin opens it" 1 ra application submit --year "$NEXT" "$D"
expect_match "is refused, saying how it opens" "$(err)" \
    "^civic: the fund year $NEXT is not open for applications yet; an administrator opens it with civic fund set$"
expect_status "a past year" 1 ra application submit --year "$((YEAR - 1))" "$D"
expect_match "is refused too" "$(err)" "^civic: --year is a past fund year; the current one is $YEAR$"
expect_eq "and neither changed anything" "$(dbsum)" "$before"

expect_status "an admin opens next year" 0 "$CIVIC" fund set --budget 140.000 "$NEXT"
expect_status "the draft goes into next year's pool" 0 ra --json application submit --year "$NEXT" "$D"
expect_eq "with next year's reference" "$(out | jq -r '[.application.reference, .application.status] | join(" ")')" \
    "$NEXT-0001 submitted"
expect_eq "listed in next year" "$("$CIVIC" --json application list --year "$NEXT" | jq -c '[.applications[].id]')" "[$D]"
expect_eq "not in this one" "$("$CIVIC" --json application list | jq -c '[.applications[].id]')" "[]"

expect_status "asked for more information" 0 "$CIVIC" grant request-info --message "Hvem?" "$D"
before=$(dbsum)
expect_status "an answer that moves it to another year" 1 ra application submit --year "$YEAR" "$D"
expect_match "is refused: it keeps its year" "$(err)" \
    "^civic: the application belongs to the fund year $NEXT since it was first submitted$"
expect_eq "changing nothing" "$(dbsum)" "$before"
expect_status "answered in its own year" 0 ra --json application submit --year "$NEXT" --message "Frivillige" "$D"
expect_eq "is fine" "$(out | jq -r .application.reference)" "$NEXT-0001"
E=$(draft "Dette år")
expect_status "a draft without --year" 0 ra --json application submit "$E"
expect_eq "goes into the current year" "$(out | jq -r .application.reference)" "$YEAR-0001"
expect_fund_tally "the running figures add up"
stop_daemon
done_testing
