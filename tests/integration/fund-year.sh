#!/bin/bash
# A fund year told as it really goes (schema 010): a double payment
# reversed, a grant paid in part, final accounts with money to pay back
# that comes in two instalments, an application received on paper in
# December for next year's pool, a year closed with a grant carried on and
# undecided and unsettled cases refused, and a late repayment after the
# closing booked to the next open year. Every figure is checked on fund
# show, application show and the audit trail after each step, and the
# schema's triggers refuse every new kind of money movement that would
# break the rules on their own.
#
# The two years are the two before this one, so the test needs no clock:
# both are over, and may be closed.
. "$(dirname "$0")/lib.sh"

start_daemon || exit 1
YEAR=$(TZ=Europe/Copenhagen date +%Y)
Y1=$((YEAR - 2))
Y2=$((YEAR - 1))
SOON=$(TZ=Europe/Copenhagen date -d "+60 days" +%-d.%-m.%Y)
SOON_ISO=$(TZ=Europe/Copenhagen date -d "+60 days" +%F)

A=$("$CIVIC" --json applicant add --cvr 12345674 "Røde Kors Ballerup" | jq -r .token)
ra() { env CIVIC_TOKEN="$A" setpriv --reuid=$U_PLAIN --regid=$U_PLAIN --groups=$G_SOCKET "$CIVIC" "$@"; }

# year Y FIELDS...: the fund year's figures, joined by spaces.
year() {
	local y=$1; shift
	"$CIVIC" --json fund show "$y" | jq -r "[.year | $*] | map(tostring) | join(\" \")"
}
# app ID FIELDS...: an application's, the same way.
app() {
	local id=$1; shift
	"$CIVIC" --json application show "$id" | jq -r "[.application | $*] | map(tostring) | join(\" \")"
}
last_audit() {
	"$CIVIC" --json audit list --object "$1" | jq -r '.entries[-1].action'
}
# record RECEIVED YEAR TITLE AMOUNT: an application received on paper.
record() {
	"$CIVIC" --json application record --applicant 1 --received "$1" --year "$2" \
	    --title "$3" --description D --integration I --target-group "Nye danskere" \
	    --participants 20 --start "1.3.$2" --end "30.6.$2" --line "Udgifter=$4" |
	    jq .application.id
}

expect_status "an admin opens the year before last, carrying over" 0 \
    "$CIVIC" fund set --budget 100.000 --carry-over yes "$Y1"
expect_status "and last year" 0 "$CIVIC" fund set --budget 100.000 "$Y2"

# --- a grant paid twice by mistake, reversed, paid in part, then in full ---
GA=$(record "10.2.$Y1" "$Y1" "Lektiecafé" 40.000)
expect_status "approved" 0 "$CIVIC" grant approve --amount 40.000 --committee "KFU 1.3.$Y1" --date "1.3.$Y1" "$GA"
expect_status "half of it paid" 0 "$CIVIC" grant pay --amount 20.000 --reference "Bilag $Y1-101" --date "15.3.$Y1" "$GA"
expect_eq "the grant is partly paid" "$(app "$GA" .status, .paid)" "partly_paid 20000.00"
before=$(dbsum)
expect_status "the same voucher again is refused" 1 "$CIVIC" grant pay --amount 20.000 --reference "Bilag $Y1-101" "$GA"
expect_eq "and changes nothing" "$(dbsum)" "$before"
expect_status "the same half entered again under another voucher, by mistake" 0 \
    "$CIVIC" --json grant pay --amount 20.000 --reference "Bilag $Y1-102" --date "15.3.$Y1" "$GA"
MISTAKE=$(out | jq '.application.payments[-1].id')
expect_eq "looks paid in full" "$(app "$GA" .status, .paid)" "paid 40000.00"
expect_status "so it is reversed" 0 "$CIVIC" grant reverse --payment "$MISTAKE" --reason "bogført to gange" "$GA"
expect_eq "partly paid again" "$(app "$GA" .status, .paid)" "partly_paid 20000.00"
expect_eq "the year has paid 20.000" "$(year "$Y1" .committed, .paid, .left)" "40000.00 20000.00 60000.00"
expect_eq "the audit trail has the reversal" "$(last_audit "application:$GA")" "application.payment_reversed"
expect_status "the rest is paid" 0 "$CIVIC" grant pay --amount 20.000 --reference "Bilag $Y1-140" --date "1.6.$Y1" "$GA"
expect_eq "paid in full" "$(app "$GA" .status, .paid)" "paid 40000.00"
expect_fund_tally "the running figures add up after the payments"

# --- accounts with money to pay back, in two instalments ---
expect_status "the association spent 34.000 of the 40.000" 0 \
    ra accounts submit --line 1=34.000 --participants 18 --report "Godt forløb" "$GA"
before=$(dbsum)
expect_status "a date to pay back by in the past" 1 "$CIVIC" accounts accept --repay-by "1.1.$Y2" "$GA"
expect_match "is refused" "$(err)" "^civic: --repay-by is in the past$"
expect_eq "and changes nothing" "$(dbsum)" "$before"
expect_status "the accounts are accepted, 6.000 to pay back" 0 "$CIVIC" accounts accept --repay-by "$SOON" "$GA"
expect_match "civic says how much, by when" "$(out)" "6\.000,00 kr\. is to be paid back by "
expect_eq "the application: released nothing, 6.000 due back, none paid back" \
    "$(app "$GA" .status, .released, .due_back, .repaid, .to_repay, .repay_by)" \
    "closed 0.00 6000.00 0.00 6000.00 $SOON_ISO"
expect_eq "the year counts money due back only once it comes" \
    "$(year "$Y1" .committed, .paid, .released, .repaid, .outstanding, .left)" \
    "40000.00 40000.00 0.00 0.00 6000.00 60000.00"
expect_eq "and carries over what it has left" "$(year "$Y2" .carried_in)" "60000.00"
expect_eq "the history says what is due" "$(app "$GA" '.history[-1] | .kind, .amount')" "repayment_due 6000.00"
expect_status "a first instalment of 2.000" 0 "$CIVIC" grant repaid --amount 2.000 --reference "Indbetaling 1" "$GA"
expect_match "booked to its own year" "$(out)" "The money is booked to the fund year $Y1\."
expect_match "and what is left to pay back" "$(out)" "4\.000,00 kr\. is still to be paid back, by "
expect_eq "the year has 2.000 more" "$(year "$Y1" .repaid, .outstanding, .left)" "2000.00 4000.00 62000.00"
expect_eq "and so has the year it carries over to" "$(year "$Y2" .carried_in)" "62000.00"
expect_eq "the audit trail has the repayment" "$(last_audit "application:$GA")" "application.repaid"
expect_status "an admin sees it late once its date has passed (none yet)" 0 "$CIVIC" accounts overdue
expect_match "not yet" "$(out)" "^No money due back is late\.$"
expect_fund_tally "the running figures add up after a repayment"

# --- a paper application in December for next year's pool ---
GB=$(record "10.12.$Y1" "$Y2" "Sommerlejr" 30.000)
expect_eq "received in December, in next year's pool" "$(app "$GB" .reference, .year, .status)" "$Y2-0001 $Y2 submitted"
expect_status "decided before that year begins, dated from its receipt" 0 \
    "$CIVIC" grant approve --amount 30.000 --committee "KFU 17.12.$Y1" --date "17.12.$Y1" "$GB"
expect_eq "granted from next year's budget" "$(year "$Y2" .committed) $(year "$Y1" .committed)" "30000.00 40000.00"
expect_status "paid in the new year" 0 "$CIVIC" grant pay --amount 30.000 --reference "Bilag $Y2-7" --date "1.2.$Y2" "$GB"

# --- a grant paid in part, to be carried on past the closing ---
GC=$(record "1.9.$Y1" "$Y1" "Fællesspisning" 10.000)
expect_status "granted" 0 "$CIVIC" grant approve --amount 10.000 --committee "KFU 9.$Y1" --date "15.9.$Y1" "$GC"
expect_status "half paid" 0 "$CIVIC" grant pay --amount 5.000 --reference "Bilag $Y1-300" --date "1.10.$Y1" "$GC"
# --- and one whose applicant never answered ---
GD=$(record "1.11.$Y1" "$Y1" "Fortællecafé" 5.000)
expect_status "information is asked for" 0 "$CIVIC" grant request-info --message "Hvem deltager?" "$GD"

# --- closing the year before last ---
before=$(dbsum)
expect_status "last year cannot close first" 1 "$CIVIC" fund close "$Y2"
expect_match "years close in order" "$(err)" "^civic: the fund year $Y1 is not closed yet; fund years close in order$"
expect_status "this year is not over" 1 "$CIVIC" fund close "$YEAR"
expect_match "and says when it can be" "$(err)" "^civic: the fund year $YEAR is not over; it can be closed from the first of January after it$"
expect_status "a year with an application waiting for a decision" 1 "$CIVIC" fund close "$Y1"
expect_match "is refused, naming it" "$(err)" "^civic: applications of $Y1 still wait for a decision: $Y1-0003; decide them before the year closes$"
expect_eq "none of it changed anything" "$(dbsum)" "$before"
expect_status "a decided grant cannot be rejected" 1 "$CIVIC" grant reject --reason Nej "$GA"
expect_match "saying which can" "$(err)" "^civic: the application is closed; only a submitted application or one awaiting information can be rejected$"
expect_status "the one awaiting information is rejected" 0 "$CIVIC" grant reject --reason "Intet svar" "$GD"
expect_status "a grant not settled" 1 "$CIVIC" fund close "$Y1"
expect_match "is refused, naming it" "$(err)" "^civic: grants of $Y1 are not settled: $Y1-0002; accept their accounts or revoke them, or carry them on past the closing with --carry$"
expect_status "a settled case cannot be carried" 1 "$CIVIC" fund close --carry "$GA" "$Y1"
expect_match "is refused" "$(err)" "^civic: --carry \(number 1\) is not a grant of that year still open"
before=$(dbsum)
expect_status "a dry run of the closing" 0 "$CIVIC" fund close --dry-run --carry "$Y1-0002" "$Y1"
expect_match "says what it would leave" "$(out)" "would close with 52\.000,00 kr\. left"
expect_eq "and changes nothing" "$(dbsum)" "$before"
expect_status "the year closes with the grant carried on" 0 "$CIVIC" fund close --carry "$Y1-0002" "$Y1"
expect_match "saying what it left and where it goes" "$(out)" "^Closed the fund year $Y1 with 52\.000,00 kr\. left\.$"
expect_match "and what is still to come" "$(out)" "^4\.000,00 kr\. is still to be paid back; it goes to the next open year when it comes\.$"
expect_eq "closed, with what it had left fixed and nothing more to grant" \
    "$(year "$Y1" '.closed != null', .left, .remaining)" "true 52000.00 0.00"
expect_eq "last year starts from it" "$(year "$Y2" .carried_in)" "52000.00"
expect_eq "the audit trail has the closing" "$(last_audit "fund_year:$Y1")" "fund_year.closed"
expect_eq "and the carried grant's history" "$(app "$GC" '.history[-1].kind')" "carried"
before=$(dbsum)
expect_status "a closed year's budget cannot change" 1 "$CIVIC" fund set --budget 90.000 "$Y1"
expect_match "is refused" "$(err)" "^civic: the fund year $Y1 is closed: what it granted and had left stays as it was when it closed$"
expect_status "nor can an application be entered into it" 1 \
    "$CIVIC" application record --applicant 1 --received "1.12.$Y1" --title T --description D \
    --integration I --target-group G --participants 1 --start "1.1.$Y2" --end "2.1.$Y2" --line "X=1.000"
expect_match "refused the same way" "$(err)" "^civic: the fund year $Y1 is closed"
expect_eq "neither changed anything" "$(dbsum)" "$before"

# --- money back to the closed year goes to the open one ---
before=$(dbsum)
expect_status "more than is due back" 1 "$CIVIC" grant repaid --amount 5.000 --reference "Indbetaling 2" "$GA"
expect_match "is refused, saying how much is" "$(err)" "^civic: --amount is more than is still to be paid back \(at most 4\.000,00 kr\.\)$"
expect_status "money back on a grant not closed" 1 "$CIVIC" grant repaid --amount 1 --reference X "$GB"
expect_match "is refused" "$(err)" "^civic: the application is paid; money is paid back on a closed case, once its accounts are accepted$"
expect_eq "neither changed anything" "$(dbsum)" "$before"
expect_status "the second instalment comes after the closing" 0 "$CIVIC" --json grant repaid --amount 4.000 --reference "Indbetaling 2" "$GA"
expect_eq "booked to last year" "$(out | jq .year)" "$Y2"
expect_eq "the application is paid back in full, its two instalments in two years" \
    "$(app "$GA" .to_repay, .repaid, '([.repayments[].year | tostring] | join(","))')" "null 6000.00 $Y1,$Y2"
expect_eq "the closed year's left stays as it closed" "$(year "$Y1" .repaid, .outstanding, .left)" "6000.00 0.00 52000.00"
expect_eq "last year has it, from a closed year" "$(year "$Y2" .from_closed, .remaining)" "4000.00 126000.00"
expect_status "a third instalment" 1 "$CIVIC" grant repaid --dry-run --amount 1 --reference Y "$GA"
expect_match "is refused: nothing is left to pay back" "$(err)" "^civic: nothing is left to be paid back on this application$"
expect_fund_tally "the running figures add up after a late repayment"

# --- the carried grant closes after its year ---
expect_status "its accounts: the 5.000 paid, spent" 0 \
    ra accounts submit --line 1=5.000 --participants 9 --report "Mindre end planlagt" "$GC"
expect_status "a date to pay back by when nothing is due" 1 "$CIVIC" accounts accept --repay-by "$SOON" "$GC"
expect_match "is refused" "$(err)" "^civic: --repay-by gives a date to pay back by, but the project spent at least what it was paid: nothing is to be paid back$"
expect_status "accepted" 0 "$CIVIC" accounts accept "$GC"
expect_eq "the 5.000 never paid is released" "$(app "$GC" .status, .released, .due_back)" "closed 5000.00 0.00"
expect_eq "to last year, not the closed one" "$(year "$Y2" .from_closed) $(year "$Y1" .left)" "9000.00 52000.00"
expect_eq "booked as released from the closed year" \
    "$(sqlite3 "$DB" "SELECT group_concat(kind || ':' || amount || ':' || from_year || '>' || year, ' ') FROM fund_late ORDER BY id")" \
    "repaid:400000:$Y1>$Y2 released:500000:$Y1>$Y2"
expect_fund_tally "the running figures add up after a release to an open year"

# --- closing last year: it opens this one to take what comes later ---
expect_status "last year's grant is accounted for" 0 \
    ra accounts submit --line 1=30.000 --participants 25 --report "Som planlagt" "$GB"
expect_status "and accepted" 0 "$CIVIC" accounts accept "$GB"
expect_status "last year closes" 0 "$CIVIC" fund close "$Y2"
expect_match "with all it had: its budget, what came in, what came back" "$(out)" \
    "^Closed the fund year $Y2 with 131\.000,00 kr\. left\.$"
expect_match "and this year opened, to take later money" "$(out)" "^Opened the fund year $YEAR with the defaults"
expect_eq "which lapses: last year did not carry over" "$(year "$YEAR" .carried_in, .open)" "0.00 true"
expect_eq "the audit trail has both closings" \
    "$("$CIVIC" --json audit list --action fund_year.closed | jq -r '[.entries[].object | "\(.kind):\(.id)"] | join(" ")')" \
    "fund_year:$Y1 fund_year:$Y2"

# --- the schema refuses on its own what would break the rules ---
# refused_sql DESC SQL ERE: SQL, in one transaction, fails as ERE says.
refused_sql() {
	if sqlite3 -bail "$DB" "BEGIN; $2; COMMIT" 2>"$T/sqlerr"; then not_ok "$1"; else
		expect_match "$1" "$(cat "$T/sqlerr")" "$3"; fi
}
stop_daemon
before=$(dbsum)
refused_sql "a repayment above what is due" \
    "INSERT INTO repayment (application_id, received_on, amount, reference, year, recorded_at, recorded_by) VALUES ($GA, '$Y2-03-01', 1, 'x', $YEAR, 0, 0)" \
    "civic:paid: repayments would exceed what is due"
refused_sql "money booked to a closed year" \
    "UPDATE application SET due_back = 100, due_on = '$Y2-01-01' WHERE id = $GC;
     INSERT INTO repayment (application_id, received_on, amount, reference, year, recorded_at, recorded_by) VALUES ($GC, '$Y2-03-01', 100, 'x', $Y1, 0, 0)" \
    "civic:state: a repayment is booked to its year, or the first open one after it"
refused_sql "a closed year's budget" "UPDATE fund_year SET budget = 1 WHERE year = $Y1" \
    "civic:state: the fund year is closed"
refused_sql "a grant in a closed year made larger" \
    "UPDATE application SET released = 0 WHERE id = $GC" "civic:state: the fund year is closed"
refused_sql "a year opened before a closed one" \
    "INSERT INTO fund_year (year, budget, cap, created_at, updated_at) VALUES ($((Y1 - 1)), 1, 1, 0, 0)" \
    "civic:state: a year before a closed one cannot be opened"
refused_sql "a repayment changed" "UPDATE repayment SET amount = 1" "civic:state: repayments are not changed"
expect_eq "none of it changed anything" "$(dbsum)" "$before"
done_testing
