#!/bin/bash
# The integration fund through the real client: every step of an
# application's life, and every refusal (role, owner, status, cap, budget,
# amounts, dates, budget lines, payments), each leaving the database as it
# was.
. "$(dirname "$0")/lib.sh"

start_daemon || exit 1
YEAR=$(TZ=Europe/Copenhagen date +%Y)


# refused DESC STATUS COMMAND...: COMMAND fails with STATUS and the
# database is exactly as before.
refused() {
	local desc=$1 want=$2 before
	shift 2
	before=$(dbsum)
	expect_status "$desc" "$want" "$@"
	expect_eq "$desc: nothing changed" "$(dbsum)" "$before"
}

A=$("$CIVIC" --json applicant add --cvr 12345674 --email a@example.org \
    "Røde Kors Ballerup" | jq -r .token)
B=$("$CIVIC" --json applicant add "Venligboerne Ballerup" | jq -r .token)
# Applicants are plain users with a token: nothing but the applicant role.
ra() { env CIVIC_TOKEN="$A" setpriv --reuid=$U_PLAIN --regid=$U_PLAIN --groups=$G_SOCKET "$CIVIC" "$@"; }
vb() { env CIVIC_TOKEN="$B" setpriv --reuid=$U_COORD --regid=$U_COORD --groups=$G_SOCKET "$CIVIC" "$@"; }
coord() { as "$U_COORD" "$G_SOCKET,$G_COORD" "$CIVIC" "$@"; }
admin2() { as "$U_ADMIN" "$G_SOCKET,$G_ADMIN" "$CIVIC" "$@"; }

expect_status "fund show for a year not opened shows the defaults" 0 "$CIVIC" fund show "$YEAR"
expect_match "with the default budget" "$(out)" "^Budget: +140\.000,00 kr\.$"
expect_match "and says they are defaults" "$(out)" "not opened yet"
expect_status "an admin opens the year with its budget" 0 \
    "$CIVIC" fund set "$YEAR" --budget 100.000 --cap "40.000,00 kr" --carry-over no
expect_match "the budget shown the Danish way" "$(out)" "^Budget: +100\.000,00 kr\.$"
refused "a coordinator cannot set the budget" 1 coord fund set "$YEAR" --budget 1
expect_match "and is told it needs admin" "$(err)" "needs the role admin; you have coordinator"
expect_status "a coordinator may look at the figures" 0 coord fund show "$YEAR"
refused "a plain user may not" 1 as "$U_PLAIN" "$G_SOCKET" "$CIVIC" fund show

# --- applying ---
apply_args=(--title "Lektiecafé" --description "Lektiehjælp" --integration "Børn mødes"
    --target-group "Børn" --participants 30 --start 1.2.2020 --end 29.2.2020)
expect_status "an applicant writes a draft" 0 ra --json apply "${apply_args[@]}" \
    --line "Lokaleleje=10.000" --line "Materialer=20.000,50"
ID=$(out | jq .application.id)
expect_eq "the amount is what the lines add up to" "$(out | jq -r .application.requested)" "30000.50"
expect_eq "it is a draft without a reference" "$(out | jq -c '[.application.status, .application.reference]')" '["draft",null]'
# On a terminal civic asks for what is missing.
answers='Sprogcafé\nSamtale på dansk\nNye og gamle mødes\nNye danskere\n12\n1.2.2030\n1.3.2030\nLokaler=1.000\nKaffe=500\n\n'
out_tty=$(printf "$answers" | env CIVIC_TOKEN="$A" setpriv --reuid=$U_PLAIN --regid=$U_PLAIN \
    --groups=$G_SOCKET script -qec "$CIVIC apply" /dev/null | tr -d '\r')
expect_match "on a terminal apply asks for the title" "$out_tty" "Title: "
expect_match "and for budget lines until an empty one" "$out_tty" "Budget line: Budget line: Budget line: Saved draft [0-9]+: Sprogcafé\."
TTYID=$(printf '%s' "$out_tty" | sed -n 's/.*Saved draft \([0-9]*\):.*/\1/p')
expect_eq "the asked-for draft holds the answers" \
    "$(ra --json application show "$TTYID" | jq -c '.application | [.title, .participants, .start_date, .requested, (.lines | length)]')" \
    '["Sprogcafé",12,"2030-02-01","1500.00",2]'
expect_status "the applicant deletes that draft" 0 ra application delete "$TTYID"
# A mistyped answer asks the same question again; the form is kept.
answers='Sprogcafé\n   \nSamtale på dansk\nNye og gamle mødes\nNye danskere\ntolv\n12\n31.2.2030\n1.2.2030\n1.3.2030\nLokaler=1.000\n\n'
out_tty=$(printf "$answers" | env CIVIC_TOKEN="$A" setpriv --reuid=$U_PLAIN --regid=$U_PLAIN \
    --groups=$G_SOCKET script -qec "$CIVIC apply" /dev/null | tr -d '\r')
expect_match "a blank answer is asked again" "$out_tty" \
    "What the project does: +\(an answer is needed; try again\)"
expect_match "so is a number that is not one" "$out_tty" \
    "Expected participants: +\(a whole number from 1 to 1000000; try again\)"
expect_match "and 31 February" "$out_tty" \
    "Start date: +\(not a date: write 2.5.2027 or 2027-05-02; try again\)"
TTYID=$(printf '%s' "$out_tty" | sed -n 's/.*Saved draft \([0-9]*\):.*/\1/p')
expect_eq "and the draft holds the answers given again" \
    "$(ra --json application show "$TTYID" | jq -c '.application | [.description, .participants, .start_date]')" \
    '["Samtale på dansk",12,"2030-02-01"]'
expect_status "that draft is deleted too" 0 ra application delete "$TTYID"
refused "a CPR number in a description" 1 ra apply --title T --description "Kontakt Bo, 010170-1234" \
    --integration I --target-group G --participants 3 --start 1.2.2030 --end 1.3.2030 --line A=5
expect_match "is refused, saying why" "$(err)" "--description looks like it holds a CPR number"
refused "apply without a title off a terminal" 2 ra apply --participants 3 </dev/null
expect_match "says what is missing and how to give it" "$(err)" "Title is missing \(give --title"
refused "lines that do not add up to --amount" 1 ra apply "${apply_args[@]}" --line "A=100" --amount 200
expect_match "are explained" "$(err)" "^civic: the budget lines add up to 100,00 kr\., but the amount requested is 200,00 kr\.$"
refused "an amount with three decimals" 2 ra apply "${apply_args[@]}" --line "A=1,234"
expect_match "is explained" "$(err)" "has more than two decimals"
refused "a negative amount" 2 ra apply "${apply_args[@]}" --line "A=-5"
refused "an impossible date" 2 ra apply "${apply_args[@]/#1.2.2020/30.2.2020}" --line "A=5"
expect_match "is explained" "$(err)" "'30.2.2020' is not a date"
refused "an end before the start" 1 ra apply "${apply_args[@]/#29.2.2020/1.1.2020}" --line "A=5"
expect_match "is explained" "$(err)" "--end is before --start"

# On the wire: amounts are decimal strings, never numbers, never Danish.
call() { printf '%s\0' "$1" | env CIVIC_TOKEN= socat -t 5 - "UNIX-CONNECT:$SOCK" | tr '\0' '\n'; }
auth='{"method":"dk.civic.core.Authenticate","parameters":{"token":"'$A'"}}'
draft() { printf '{"method":"dk.civic.fund.CreateApplication","parameters":{"title":"T","description":"D","integration":"I","target_group":"G","participants":1,"start_date":"%s","end_date":"2020-03-01","requested":%s,"lines":[{"item":"x","amount":%s}]}}' "$1" "$2" "$2"; }
for bad in '25000.5' '"25.000,50"' '"-1.00"' '"1e3"' '"0.00"'; do
	before=$(dbsum)
	r=$(printf '%s\0%s\0' "$auth" "$(draft 2020-02-01 "$bad")" | socat -t 5 - "UNIX-CONNECT:$SOCK" | tr '\0' '\n' | tail -1)
	expect_eq "requested $bad is refused as an invalid parameter" \
	    "$(printf '%s' "$r" | jq -r '.error + " " + .parameters.parameter')" \
	    "org.varlink.service.InvalidParameter requested"
	expect_eq "requested $bad: nothing changed" "$(dbsum)" "$before"
done
r=$(printf '%s\0%s\0' "$auth" '{"method":"dk.civic.fund.CreateApplication","parameters":{"title":"T","description":"D","integration":"I","target_group":"G","participants":1,"start_date":"2020-02-01","end_date":"2020-03-01","lines":[{"item":"x","amount":"700.00"},{"item":"y","amount":"50.25"}]}}' | socat -t 5 - "UNIX-CONNECT:$SOCK" | tr '\0' '\n' | tail -1)
expect_eq "a draft without requested asks for what its lines add up to" \
    "$(printf '%s' "$r" | jq -r .parameters.application.requested)" "750.25"
ra application delete "$(printf '%s' "$r" | jq .parameters.application.id)" >/dev/null ||
    not_ok "that draft is deleted"
r=$(printf '%s\0%s\0' "$auth" "$(draft 2020-02-30 '"5.00"')" | socat -t 5 - "UNIX-CONNECT:$SOCK" | tr '\0' '\n' | tail -1)
expect_eq "2020-02-30 on the wire is refused, as data" "$(printf '%s' "$r" | jq -c .parameters)" \
    '{"reason":"not_date","parameter":"start_date"}'

expect_status "the applicant edits its draft" 0 ra --json application edit --title "Lektiecafé i Skovlunde" "$ID"
expect_eq "the title changed, the lines did not" \
    "$(out | jq -c '[.application.title, (.application.lines | length)]')" '["Lektiecafé i Skovlunde",2]'
expect_status "new lines without --amount" 0 ra --json application edit \
    --line "Lokaleleje=9.000" --line "Materialer=4.000" --line "Kaffe=500" "$ID"
expect_eq "set the amount from the lines, as apply does" \
    "$(out | jq -c '[.application.requested, (.application.lines | length)]')" '["13500.00",3]'
expect_status "and back" 0 ra --json application edit \
    --line "Lokaleleje=10.000" --line "Materialer=20.000,50" "$ID"
expect_eq "the amount follows again" \
    "$(out | jq -c '[.application.requested, (.application.lines | length)]')" '["30000.50",2]'
before=$(dbsum)
refused "lines with an --amount that disagrees" 1 ra application edit \
    --line "Lokaleleje=9.000" --amount 5.000 "$ID"
expect_match "are refused, saying both" "$(err)" "budget lines add up to 9.000,00 kr., but the amount requested is 5.000,00 kr."
expect_eq "and change nothing" "$(dbsum)" "$before"
expect_status "and submits it" 0 ra --json application submit "$ID"
REF=$(out | jq -r .application.reference)
expect_eq "which gives it a reference in this year" "$REF" "$YEAR-0001"
refused "after submission the applicant cannot change it" 1 ra application edit --title X "$ID"
expect_match "and is told why" "$(err)" "the application is submitted; only a draft or an application awaiting information can be changed"
refused "nor delete it" 1 ra application delete "$ID"

# --- who sees what ---
refused "another applicant cannot see it" 1 vb application show "$ID"
expect_match "it does not exist for them" "$(err)" "there is no application $ID"
refused "nor withdraw it" 1 vb application withdraw "$ID"
expect_status "the owner finds it by reference" 0 ra application show "$REF"
expect_match "and sees its status" "$(out)" "^Status: +submitted$"
refused "an applicant cannot approve" 1 ra grant approve --amount 1 --committee K "$ID"
expect_match "it needs admin" "$(err)" "civic grant approve needs the role admin; you have applicant"
refused "nor can a coordinator" 1 coord grant approve --amount 1 --committee K "$ID"

# --- decisions ---
refused "approve needs the committee's reference" 2 "$CIVIC" grant approve --amount 1 "$ID"
expect_match "which it names" "$(err)" "--committee is required"
refused "more than requested" 1 "$CIVIC" grant approve --amount 30.001 --committee K "$ID"
expect_match "says the most" "$(err)" "--amount is more than the application asks for \(at most 30\.000,50 kr\.\)"
expect_status "ask for more information" 0 "$CIVIC" grant request-info --message "Hvem er frivillige?" "$REF"
expect_status "the applicant may change it now" 0 ra application edit --participants 35 "$ID"
expect_status "and answers" 0 ra application submit --message "Lærerstuderende" "$ID"
refused "a decision dated tomorrow" 1 "$CIVIC" grant approve --amount 1 --committee K \
    --date "$(date -d tomorrow +%Y-%m-%d)" "$ID"
refused "a decision date in the future on the wire" 1 "$CIVIC" call dk.civic.fund.Approve \
    "{\"id\":$ID,\"amount\":\"1.00\",\"committee_ref\":\"K\",\"decision_date\":\"$(date -d '+2 days' +%Y-%m-%d)\"}"
expect_match "is explained in the call's own words" "$(err)" "decision_date is in the future"

# Conflict of interest: uid 1236 (admin group) sits on the board.
expect_status "an admin declares a conflict of interest" 0 admin2 grant conflict --reason "Sidder i bestyrelsen" "$ID"
refused "then that admin cannot decide" 1 admin2 grant approve --amount 25.000 --committee K "$ID"
expect_match "and is told so" "$(err)" "a conflict of interest in application $ID is on record for you; another administrator must act on it"
expect_status "another admin approves less than asked" 0 "$CIVIC" --json grant approve \
    --amount 25.000 --committee "KFU 3.3.$YEAR pkt. 4" "$ID"
expect_eq "approved, granted 25000.00" "$(out | jq -r '.application.status + " " + .application.granted')" "approved 25000.00"
expect_eq "the decision records who made it" \
    "$(out | jq -r '.application.history[] | select(.kind == "approved") | .by')" root
expect_eq "and the declared conflict" "$(out | jq -c '[.application.conflicts[] | [.uid, .reason]]')" \
    '[[1236,"Sidder i bestyrelsen"]]'
refused "a second approval" 1 "$CIVIC" grant approve --amount 1 --committee K "$ID"
expect_match "names the status" "$(err)" "the application is approved; only a submitted application can be decided"

# Budget and cap: the year has 100.000 - 25.000 = 75.000 left; cap 40.000.
ra --json apply "${apply_args[@]}" --line "Stort=45.000" >/dev/null
BIG=$(ra --json application list | jq '.applications[-1].id')
refused "an application above the cap cannot be submitted" 1 ra application submit "$BIG"
expect_match "says the cap" "$(err)" "45\.000,00 kr\. is above the cap of 40\.000,00 kr\. per application in $YEAR"
for n in 1 2; do
	vb --json apply "${apply_args[@]}" --line "Del $n=40.000" --submit >/dev/null
done
V1=$(vb --json application list | jq '.applications[0].id')
V2=$(vb --json application list | jq '.applications[1].id')
expect_eq "an applicant lists only its own" "$(vb --json application list | jq '.applications | length')" 2
expect_status "40.000 more fits" 0 "$CIVIC" grant approve --amount 40.000 --committee K "$V1"
refused "another 40.000 does not" 1 "$CIVIC" grant approve --amount 40.000 --committee K "$V2"
expect_match "and says how much remains" "$(err)" "the fund year $YEAR can grant only 35\.000,00 kr\. more; 40\.000,00 kr\. is too much"
expect_eq "the error carries the remaining amount" \
    "$("$CIVIC" --json grant approve --amount 40000 --committee K "$V2" 2>/dev/null | jq -c .)" \
    "{\"error\":\"dk.civic.fund.BudgetExceeded\",\"parameters\":{\"year\":$YEAR,\"amount\":\"40000.00\",\"remaining\":\"35000.00\"}}"
# The schema refuses too, even to someone who edits the file by hand.
before=$(dbsum)
msg=$(sqlite3 "$DB" "UPDATE application SET status = 'approved', granted = 4000000 WHERE id = $V2" 2>&1)
expect_match "sqlite3 cannot overspend behind civicd's back" "$msg" "civic:budget"
expect_eq "and changed nothing" "$(dbsum)" "$before"
expect_status "reject needs a reason" 2 "$CIVIC" grant reject "$V2"
expect_status "reject with one" 0 "$CIVIC" grant reject --reason "Budgettet er brugt" "$V2"
refused "a rejected application cannot be withdrawn" 1 vb application withdraw "$V2"

# --- money out and back ---
refused "a payment above the grant" 1 "$CIVIC" grant pay --amount 25.000,01 --reference B1 "$ID"
expect_match "says what is left" "$(err)" "--amount is more than what is left of the grant \(at most 25\.000,00 kr\.\)"
expect_status "pay part of it" 0 "$CIVIC" grant pay --amount 15.000 --reference "Bilag 1" "$ID"
refused "revoke after a payment" 1 "$CIVIC" grant revoke --reason X "$ID"
expect_match "names the rule" "$(err)" "only an approved grant with nothing paid yet can be revoked"
expect_status "pay the rest" 0 "$CIVIC" grant pay --amount 10.000 --reference "Bilag 2" "$ID"
refused "one øre more is refused" 1 "$CIVIC" grant pay --amount 0,01 --reference "Bilag 3" "$ID"
expect_status "the project ended long ago: its accounts are overdue" 0 "$CIVIC" accounts overdue
expect_match "and listed" "$(out)" "^$REF +Røde Kors Ballerup"
refused "accounts need every budget line" 1 ra accounts submit --line 1=9.000 --participants 28 --report "Godt" "$ID"
expect_status "the applicant submits the final accounts" 0 \
    ra accounts submit --line 1=9.000 --line 2=12.500 --participants 28 --report "Det gik godt" "$ID"
expect_status "no longer overdue" 0 "$CIVIC" accounts overdue
expect_eq "the list is empty" "$(out)" "No final accounts are overdue.
No money due back is late."
expect_status "an admin sends them back" 0 "$CIVIC" accounts return --reason "Mangler bilag" "$ID"
expect_status "the applicant submits them again" 0 \
    ra accounts submit --line 1=9.000 --line 2=12.500 --participants 28 --report "Med bilag" "$ID"
expect_status "an admin accepts them" 0 "$CIVIC" accounts accept "$ID"
expect_match "and is told what is to be paid back" "$(out)" "3\.500,00 kr\. is to be paid back"
expect_status "the case is closed" 0 "$CIVIC" --json application show "$ID"
expect_eq "all of it paid, so nothing released; 3.500 due back" \
    "$(out | jq -r '[.application.status, .application.released, .application.due_back] | join(" ")')" "closed 0.00 3500.00"
expect_status "money due back is not available until it comes" 0 "$CIVIC" --json fund show "$YEAR"
expect_eq "committed, paid, released, to be paid back, remaining" \
    "$(out | jq -c '[.year.committed, .year.paid, .year.released, .year.outstanding, .year.remaining]')" \
    '["65000.00","25000.00","0.00","3500.00","35000.00"]'
expect_status "the association pays it back" 0 "$CIVIC" grant repaid --amount 3.500 --reference "Indbetaling 1" "$ID"
expect_status "and then it is" 0 "$CIVIC" --json fund show "$YEAR"
expect_eq "paid back, remaining" \
    "$(out | jq -c '[.year.repaid, .year.outstanding, .year.remaining]')" '["3500.00","0.00","38500.00"]'
expect_eq "per kind of applicant" \
    "$(out | jq -c '[.year.associations.applications, .year.associations.granted, .year.citizens.applications]')" \
    '[3,2,0]'
refused "the budget cannot go below what is granted" 1 "$CIVIC" fund set "$YEAR" --budget 61.000
expect_match "and says how low it may go" "$(err)" "--budget must be at least 61\.500,00 kr\.: that much is already granted"

# --- the applicant's own details ---
expect_status "an applicant sees its details" 0 ra applicant me
expect_match "by name" "$(out)" "^Name: +Røde Kors Ballerup$"
expect_status "and changes its phone" 0 ra applicant me --phone "44 77 00 11"
expect_match "kept canonical" "$(out)" "^Phone: +\+4544770011$"
refused "but not its name" 2 ra applicant me --name X
expect_status "an admin disables an applicant" 0 "$CIVIC" applicant disable 2
refused "whose token stops working at once" 1 vb application list
expect_status "and enables it again" 0 "$CIVIC" applicant enable 2
expect_status "which lets the token work again" 0 vb application list

# --- withdrawn and revoked: what was set aside comes back ---
vb --json apply "${apply_args[@]}" --line "Sommerlejr=2.000" --submit >/dev/null
V3=$(vb --json application list | jq '.applications[-1].id')
expect_status "the applicant withdraws a submitted application" 0 \
    vb application withdraw --reason "Lejren er aflyst" "$V3"
expect_eq "it is withdrawn, with the reason in its history" \
    "$(vb --json application show "$V3" | jq -c '[.application.status, .application.history[-1].text]')" \
    '["withdrawn","Lejren er aflyst"]'
refused "withdrawn is final" 1 vb application withdraw "$V3"
expect_status "an admin revokes an approved grant with nothing paid" 0 \
    "$CIVIC" grant revoke --reason "Foreningen er opløst" "$V1"
expect_eq "the grant is revoked" \
    "$("$CIVIC" --json application show "$V1" | jq -r .application.status)" revoked
expect_eq "and its 40.000 is no longer committed" \
    "$("$CIVIC" --json fund show "$YEAR" | jq -r .year.committed)" "25000.00"

stop_daemon
expect_fund_tally "every fund year's running figures add up"
done_testing
