#!/bin/bash
# Payments that add up over the whole life of a grant (schema 009): a
# voucher pays once in a fund year, a payment recorded by mistake is
# reversed by a row of its own (never deleted or edited), and a grant is
# partly_paid until it is paid in full. Every figure is checked in the
# application, the fund year and the running figures after each step.
. "$(dirname "$0")/lib.sh"

start_daemon --demo || exit 1
paid() { "$CIVIC" --json application show 2 | jq -r '[.application.status, .application.paid] | join(" ")'; }
year_paid() { "$CIVIC" --json fund show 2017 | jq -r .year.paid; }

# The demo's 2017-0002 is granted 18.000 and paid 9.000 (Bilag 2017-301).
expect_eq "a grant paid in part is partly_paid" "$(paid)" "partly_paid 9000.00"
expect_eq "listed as such" \
    "$("$CIVIC" --json application list --all --status partly_paid | jq -c '[.applications[].id]')" "[2]"
expect_eq "and not among those paid in full" \
    "$("$CIVIC" --json application list --all --status paid | jq -c '[.applications[].id]')" "[]"
Y0=$(year_paid)

before=$(dbsum)
expect_status "the same voucher again" 1 "$CIVIC" grant pay --amount 4.500 --reference "Bilag 2017-301" 2
expect_match "is refused, naming who it pays" "$(err)" \
    "^civic: voucher Bilag 2017-301 already pays application 2 in this fund year; reverse that payment first if it was a mistake$"
expect_eq "and changes nothing" "$(dbsum)" "$before"
expect_status "a second instalment" 0 "$CIVIC" grant pay --amount 4.500 --reference "Bilag 2017-350" 2
expect_eq "is still in part" "$(paid)" "partly_paid 13500.00"
expect_status "the rest, entered twice by mistake under two vouchers" 0 \
    "$CIVIC" --json grant pay --amount 4.500 --reference "Bilag 2017-351" 2
expect_eq "makes it paid in full" "$(paid)" "paid 18000.00"
MISTAKE=$(out | jq '.application.payments[-1].id')
expect_eq "the fund year paid 9.000 more" "$(year_paid)" \
    "$(awk -v a="$Y0" 'BEGIN { printf "%.2f", a + 9000 }')"
expect_fund_tally "the running figures add up"

expect_status "the mistake is reversed" 0 "$CIVIC" --json grant reverse \
    --payment "$MISTAKE" --reason "bogført to gange" 2
expect_eq "partly paid again" "$(paid)" "partly_paid 13500.00"
expect_eq "the payment stays, with its reversal beside it" \
    "$(out | jq -c '[.application.payments[-2:][] | [.id, .amount, .reference, .reverses, .reason]]')" \
    "[[$MISTAKE,\"4500.00\",\"Bilag 2017-351\",null,null],[$((MISTAKE + 1)),\"4500.00\",\"Bilag 2017-351\",$MISTAKE,\"bogført to gange\"]]"
expect_eq "in the case's history" "$(out | jq -c '.application.history[-1] | [.kind, .amount, .text]')" \
    '["payment_reversed","4500.00","bogført to gange"]'
expect_eq "and the audit trail" \
    "$("$CIVIC" --json audit list --object application:2 | jq -r '.entries[-1].action')" "application.payment_reversed"
expect_eq "the fund year paid 4.500 less" "$(year_paid)" \
    "$(awk -v a="$Y0" 'BEGIN { printf "%.2f", a + 4500 }')"
expect_fund_tally "the running figures add up after a reversal"
expect_match "civic shows both" "$("$CIVIC" application show 2)" \
    "#$((MISTAKE + 1)) +[0-9.]+  -4\.500,00 kr\.  Bilag 2017-351  \(reverses #$MISTAKE: bogført to gange\)"

before=$(dbsum)
expect_status "a payment reversed twice" 1 "$CIVIC" grant reverse --payment "$MISTAKE" --reason igen 2
expect_match "is refused" "$(err)" "^civic: payment $MISTAKE is reversed already$"
expect_status "a reversal reversed" 1 "$CIVIC" grant reverse --payment "$((MISTAKE + 1))" --reason igen 2
expect_match "is refused too" "$(err)" "^civic: payment $((MISTAKE + 1)) is itself a reversal; record the payment again instead$"
expect_status "a payment that is not there" 1 "$CIVIC" grant reverse --payment 999 --reason x 2
expect_match "is not found" "$(err)" "^civic: there is no payment 999$"
expect_eq "none of them changed anything" "$(dbsum)" "$before"
expect_status "the reversed voucher pays again" 0 "$CIVIC" grant pay --amount 4.500 --reference "Bilag 2017-351" 2
expect_eq "paid in full" "$(paid)" "paid 18000.00"

# --dry-run on every call that moves money: all of it done, nothing kept.
before=$(dbsum)
expect_status "a grant, as a dry run" 0 "$CIVIC" grant approve --dry-run --amount 1.000 --committee K 3
expect_match "says what it would be" "$(out)" \
    "^--dry-run: 2017-0003 \(id 3\) would be approved, granted 1\.000,00 kr\., paid 0,00 kr\.; nothing was changed\.$"
expect_status "a reversal, as a dry run" 0 "$CIVIC" --json grant reverse --dry-run \
    --payment "$((MISTAKE + 2))" --reason x 2
expect_eq "says it is one, and what would be" "$(out | jq -c '[.dry_run, .application.status, .application.paid]')" \
    '[true,"partly_paid","13500.00"]'
expect_status "a budget cut, as a dry run (no --yes needed)" 0 "$CIVIC" fund set --dry-run --budget 50.000 2017
expect_match "shows before and after" "$(out)" "^Budget: +140\.000,00 kr\. → 50\.000,00 kr\.$"
expect_eq "none of them changed anything" "$(dbsum)" "$before"
expect_status "a cut of more than half" 2 "$CIVIC" fund set --budget 60.000 2017
expect_match "asks for --yes" "$(err)" \
    "^civic: --budget 60\.000,00 kr\. cuts the budget of 2017 from 140\.000,00 kr\. by more than half; give --yes if you mean it"
expect_eq "and changes nothing" "$(dbsum)" "$before"
expect_status "with --yes" 0 "$CIVIC" fund set --budget 60.000 --yes 2017
expect_match "it shows the budget before and after" "$(out)" "^Budget: +140\.000,00 kr\. → 60\.000,00 kr\.$"
expect_match "and what remains" "$(out)" "^Remaining: +[0-9.,]+ kr\. → [0-9.,]+ kr\.$"

# All of a grant reversed: approved again, and so revocable.
expect_status "a grant" 0 "$CIVIC" grant approve --amount 1.000 --committee "KFU" 3
before=$(dbsum)
expect_status "a payment, as a dry run" 0 "$CIVIC" --json grant pay --dry-run --amount 1.000 --reference "B-9" 3
expect_eq "would pay it" "$(out | jq -c '[.dry_run, .application.status, .application.paid]')" '[true,"paid","1000.00"]'
expect_status "a revocation, as a dry run" 0 "$CIVIC" --json grant revoke --dry-run --reason x 3
expect_eq "would revoke it" "$(out | jq -c '[.dry_run, .application.status]')" '[true,"revoked"]'
expect_eq "and neither changed anything" "$(dbsum)" "$before"
expect_status "paid" 0 "$CIVIC" --json grant pay --amount 1.000 --reference "B-9" 3
P=$(out | jq '.application.payments[-1].id')
expect_status "and reversed" 0 "$CIVIC" --json grant reverse --payment "$P" --reason "forkert konto" 3
expect_eq "is approved, with nothing paid" \
    "$(out | jq -r '[.application.status, .application.paid] | join(" ")')" "approved 0.00"
expect_status "so it can be revoked" 0 "$CIVIC" grant revoke --reason "projektet blev aflyst" 3
expect_status "a revoked grant has nothing to reverse" 1 "$CIVIC" grant reverse --payment "$P" --reason x 3
expect_match "saying so" "$(err)" "^civic: the application is revoked; only a paid grant has payments to reverse$"
expect_fund_tally "the running figures add up at the end"

# The schema's own rules, past civicd.
stop_daemon
expect_match "the schema refuses a reversal of another amount" \
    "$(sqlite3 "$DB" "INSERT INTO payment (application_id, paid_on, amount, reference, recorded_at, recorded_by, reverses, reason) VALUES (2, '2017-06-01', -1, 'x', 0, 0, $((MISTAKE - 1)), 'x')" 2>&1)" \
    "civic:state: a reversal cancels one payment of its application, in full"
expect_match "and a voucher used twice" \
    "$(sqlite3 "$DB" "INSERT INTO payment (application_id, paid_on, amount, reference, recorded_at, recorded_by) VALUES (2, '2017-06-01', 1, 'Bilag 2017-301', 0, 0)" 2>&1)" \
    "civic:conflict: the voucher is used in this fund year"
done_testing
