#!/bin/bash
# civic speaks Danish in a Danish locale and English in C or an English
# one, as gettext programs do: plural forms, statuses, and refusals
# rendered from their typed figures. What civicd sends is the same in
# both (the figures; no sentence).
. "$(dirname "$0")/lib.sh"

if ! locale -a 2>/dev/null | grep -qix 'da_DK.utf8'; then
	echo "1..0 # SKIP the da_DK.UTF-8 locale is missing (make test makes it: make locale)"
	exit 0
fi
da() { LC_ALL= LANG=da_DK.UTF-8 LANGUAGE= "$CIVIC" "$@"; }
en() { LC_ALL= LANG=C.UTF-8 LANGUAGE= "$CIVIC" "$@"; }

start_daemon --demo || exit 1

expect_status "civic --help in Danish" 0 da --help
expect_match "the usage line, its placeholders translated" "$(out)" \
    "^brug: civic \[-s SOCKET\] \[--json\] \[--full\] \[-o FORMAT\] KOMMANDO \[ARGUMENTER\]$"
expect_match "each command's summary" "$(out)" "^  grant approve +bevilg et beløb, som udvalget har besluttet \(administrator\)$"
expect_status "and in English in C.UTF-8" 0 en --help
expect_match "the English usage" "$(out)" "^usage: civic \[-s SOCKET\] \[--json\] \[--full\] \[-o FORMAT\] COMMAND \[ARGS\]$"
expect_status "LANGUAGE=en in a Danish locale" 0 env LANG=da_DK.UTF-8 LANGUAGE=en LC_ALL= "$CIVIC" --help
expect_match "is English" "$(out)" "^usage: civic"
expect_status "LANGUAGE=da where the locale is C.UTF-8" 0 env LC_ALL=C.UTF-8 LANGUAGE=da "$CIVIC" --help
expect_match "is Danish" "$(out)" "^brug: civic"

expect_status "a table in Danish" 0 da application list --all
expect_match "headings and statuses in Danish, never a machine word" "$(out)" \
    "^JOURNALNR\. +ID +STATUS +ANSØGER +TITEL +ANSØGT +BEVILGET +UDBETALT$"
expect_match "afventer oplysninger, not awaiting_information" "$(out)" \
    "^2017-0005 +5 +afventer oplysninger +Amira Haddad"
expect_no_match "no English status" "$(out)" "awaiting|submitted|rejected"
expect_match "money and dates stay Danish" "$(out)" "30\.000,00 kr\."
expect_status "and in English" 0 en application list --all
expect_match "awaiting information, in words" "$(out)" "^2017-0005 +5 +awaiting information +Amira Haddad"
expect_match "money Danish in English too" "$(out)" "30\.000,00 kr\."

# Plural forms: 1 tilmelding, 2 tilmeldinger; 1 plads, 3 pladser.
expect_status "a meeting in Danish" 0 da meeting show 1
expect_match "one registration of three seats" "$(out)" "^Venter: +1 tilmelding, 3 pladser$"
expect_match "several registrations" "$(out)" "^Bekræftet: +13 tilmeldinger, 26 pladser$"
expect_match "one seat" "$(out)" "^  syn +1 tilmelding, 1 plads$"
expect_match "a need in Danish" "$(out)" "^  kørestol +1 tilmelding, 1 plads$"
expect_match "children" "$(out)" "^Børnepasning: +3 børn$"
expect_status "in English" 0 en meeting show 1
expect_match "the English plurals" "$(out)" "^Waiting: +1 registration, 3 seats$"

# A refusal, rendered in Danish from its figures: status and amounts.
expect_status "a decision on a closed case" 1 da grant approve --amount 5 --committee K 1
expect_match "the status a figure, translated inside the sentence" "$(err)" \
    "^civic: ansøgningen er afsluttet; kun en indsendt ansøgning kan afgøres eller spørges om$"
expect_match "the error's name stays as it is" "$(err)" "^       \(dk\.civic\.core\.InvalidState\)$"
expect_status "an amount above what was asked" 1 da grant approve --amount 500000 --committee K 3
expect_match "the amount in Danish, the option as typed" "$(err)" \
    "^civic: --amount er mere, end ansøgningen søger om \(højst 12\.000,00 kr\.\)$"
expect_status "a usage error" 2 da grant approve --amount 5 3
expect_match "says what is missing" "$(err)" "^civic: --committee skal angives$"
expect_match "with the Danish usage" "$(err)" "^brug: civic grant approve --amount BELØB --committee REF \[--date DATO\] \[--dry-run\] ANSØGNING$"
expect_status "the same refusal in English" 1 en grant approve --amount 5 --committee K 1
expect_match "in English" "$(err)" "^civic: the application is closed; only a submitted application can be decided"

# An application's history: civicd sends machine words, civic says them.
expect_status "an application's history in Danish" 0 da application show 1
expect_match "its steps in Danish" "$(out)" "^  [0-9.]+ [0-9:]+  skal betales tilbage +demo +1\.500,00 kr\.$"
expect_match "money paid back, in Danish" "$(out)" "^Skal betales tilbage: +1\.500,00 kr\. senest 09\.09\.2017; 1\.000,00 kr\. betalt tilbage$"
expect_status "and in English" 0 en application show 1
expect_match "in English" "$(out)" "^  [0-9.]+ [0-9:]+  to be paid back +demo +1\.500,00 kr\.$"
expect_eq "on the wire, a machine word" \
    "$("$CIVIC" --json application show 1 | jq -r '.application.history[-2].kind')" repayment_due

# What civicd sends does not depend on the client's language.
expect_eq "the reply is the same in both languages" \
    "$(da --json meeting show 1 | jq -S .)" "$(en --json meeting show 1 | jq -S .)"

stop_daemon
done_testing
