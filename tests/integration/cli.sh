#!/bin/bash
# civic as a Unix tool: plain text when not on a terminal, colour on one
# unless NO_COLOR or TERM=dumb says no, long listings through the pager
# on a terminal, errors on standard error; and the bash completion, which
# completes commands, options, and the ids the daemon knows.
. "$(dirname "$0")/lib.sh"

: "${MAN_DIR:?set by meson: the source root}"
start_daemon --demo || exit 1
ESC=$'\033'
# on_tty ENV... -- CMD...: runs civic CMD on a terminal (script(1) makes
# one), with the environment ENV; prints what the terminal showed.
on_tty() {
	local envs=()
	while [ "$1" != "--" ]; do envs+=("$1"); shift; done
	shift
	script -qec "env ${envs[*]} $CIVIC $*" /dev/null </dev/null | tr -d '\r'
}

# --- colour and plain text ---
expect_eq "piped, a table is plain text" \
    "$("$CIVIC" applicant list | grep -c "$ESC")" 0
expect_match "on a terminal its heading is bold" \
    "$(on_tty TERM=xterm -- applicant list)" "^${ESC}\[1mID"
expect_eq "not with NO_COLOR" \
    "$(on_tty TERM=xterm NO_COLOR=1 -- applicant list | grep -c "$ESC")" 0
expect_eq "nor on a dumb terminal" \
    "$(on_tty TERM=dumb -- applicant list | grep -c "$ESC")" 0
expect_match "an error on a terminal says civic: in red" \
    "$(on_tty TERM=xterm -- applicant show 99)" "${ESC}\[1;31mcivic:${ESC}\[0m there is no applicant 99"
expect_status "an error" 1 "$CIVIC" applicant show 99
expect_eq "goes to standard error only" "$(out)" ""
expect_eq "as plain text when not on a terminal" "$(err)" \
    "civic: there is no applicant 99
       (dk.civic.core.NotFound)"

# --- the pager ---
on_tty TERM=xterm LINES=10 "PAGER='cat >$T/paged'" -- audit list >"$T/screen"
expect_eq "a listing longer than the terminal goes through \$PAGER" \
    "$(wc -l <"$T/paged" 2>/dev/null)" "$(("$(sqlite3 "$DB" 'SELECT count(*) FROM audit_entry')" + 1))"
on_tty TERM=xterm LINES=50 "PAGER='cat >$T/paged2'" -- applicant list >"$T/screen"
expect_eq "a short one does not" "$(test -e "$T/paged2" && echo paged || echo not)" not
expect_match "it is on the screen" "$(cat "$T/screen")" "Røde Kors Ballerup"
on_tty TERM=xterm LINES=10 "PAGER='cat >$T/paged3'" CIVIC_PAGER=cat -- audit list >"$T/screen"
expect_eq "CIVIC_PAGER=cat turns paging off" "$(test -e "$T/paged3" && echo paged || echo not)" not
"$CIVIC" audit list >"$T/piped"
expect_eq "piped, nothing is paged and all is there" "$(wc -l <"$T/piped")" \
    "$(wc -l <"$T/paged")"

# --- bash completion ---
PATH=$(dirname "$CIVIC"):$PATH
# shellcheck source=/dev/null
. "$MAN_DIR/client/civic.bash-completion"
# completes WORD...: what civic WORD... (the last being typed) completes to.
completes() {
	COMP_WORDS=(civic "$@")
	COMP_CWORD=$#
	_civic
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}
expect_eq "a command" "$(completes mee)" "meeting "
expect_eq "a command's second word" "$(completes meeting l)" "list "
expect_match "all of them" "$(completes meeting "")" "cancel close create door-list edit export list pubkey schedule show"
expect_eq "an option" "$(completes grant approve --c)" "--committee "
expect_eq "an option's values" "$(completes application list --status app)" "approved "
expect_eq "a meeting, from the daemon" "$(completes meeting show "")" "1 2 3 "
expect_eq "an application by its reference" "$(completes application show 2017-000)" \
    "2017-0001 2017-0002 2017-0003 2017-0004 2017-0005 "
expect_eq "an applicant" "$(completes applicant show "")" "1 2 3 "
expect_eq "after the global options" "$(completes -s "$SOCK" --json fund s)" "set show "
expect_eq "the commands help explains" "$(completes help aud)" "audit "

# --- help, typos and usage errors, before any call ---
expect_status "civic help grant lists the group" 0 "$CIVIC" help grant
expect_match "with each command and what it does" "$(out)" "^  grant approve +grant an amount"
expect_status "so does civic grant --help" 0 "$CIVIC" grant --help
expect_match "the same list" "$(out)" "^  grant pay +record a payment"
expect_status "civic grant alone is a usage error" 2 "$CIVIC" grant
expect_match "that lists the group too" "$(err)" "^  grant reject "
expect_status "a mistyped command" 2 "$CIVIC" grant aprove 1
expect_eq "suggests the nearest" "$(err)" "civic: no command 'grant aprove'; did you mean 'civic grant approve'?"
expect_status "a mistyped group" 2 "$CIVIC" meetin list
expect_match "too" "$(err)" "did you mean 'civic meeting list'\?"
expect_status "civic help of a typo" 2 "$CIVIC" help aply
expect_match "suggests as well" "$(err)" "did you mean 'civic apply'\?"
expect_status "a mistyped option" 2 "$CIVIC" grant approve --ammount 5 --committee K 1
expect_match "suggests the command's nearest option" "$(err)" "unknown option --ammount; did you mean --amount\?"
before=$(dbsum)
expect_status "an option that takes one value, given twice" 2 \
    "$CIVIC" grant approve --amount 5 --amount 6 --committee K 3
expect_match "is a usage error, not the last one silently" "$(err)" "--amount is given twice; give it once"
expect_eq "and nothing is done" "$(dbsum)" "$before"
expect_status "an option the usage lets repeat may" 0 \
    "$CIVIC" register --name "Ida Holm" --email ida@example.org --need hearing --need sight 3
expect_status "a --status the IDL does not declare" 2 "$CIVIC" application list --status bogus
expect_match "is refused with the values it declares" "$(err)" \
    "--status: 'bogus' is not one of draft, submitted, awaiting_information, approved, rejected, withdrawn, partly_paid, paid, closed, revoked"
expect_status "so is a --need" 2 "$CIVIC" register --name X --email x@example.org --need wheelchar 3
expect_match "with the kinds of need" "$(err)" "is not one of wheelchair, hearing, sight, mobility, other"

# --- tables: display width, amounts, the terminal's width ---
"$CIVIC" applicant add --citizen --email m@example.org "محمّد عليّ" >/dev/null
"$CIVIC" applicant add --citizen --email w@example.org "王小明" >/dev/null
list=$("$CIVIC" applicant list)
# The NAME column is 21 wide ("Venligboerne Ballerup"), then 2 spaces.
expect_match "an Arabic name with vowel marks takes 8 columns, not 10" "$list" \
    "^[0-9]+ +citizen +محمّد عليّ {15}- "
expect_match "a Chinese name takes 6 columns, not 3" "$list" "^[0-9]+ +citizen +王小明 {17}- "
expect_match "amounts are right-aligned" "$("$CIVIC" application list --all)" \
    "Sommerudflugt til Sydsjælland   8\.000,00 kr\. "
narrow=$(on_tty TERM=dumb COLUMNS=70 -- application list --all)
expect_match "on a narrow terminal the widest texts are cut" "$narrow" "^2017-0001 +1 +closed +Røde Kor… +Lekti… "
expect_match "amounts never are" "$narrow" " 30\.000,00 kr\.  25\.000,00 kr\.  25\.000,00 kr\.$"
expect_match "--full shows every text whole" \
    "$(on_tty TERM=dumb COLUMNS=70 -- --full application list --all)" "Røde Kors Ballerup +Lektiecafé for nye danskere "
expect_eq "piped, nothing is cut" "$(COLUMNS=70 "$CIVIC" application list --all | grep -c "…")" 0

# The application list: this fund year's by default, pages on request.
this_year=$(date +%Y)
expect_status "application list" 0 "$CIVIC" --json application list
expect_eq "shows this fund year's, and the drafts (the demo's are of 2017)" \
    "$(out | jq -c '[.applications[] | .reference], .total' | paste -sd' ')" '[null] 1'
expect_status "and says so under the table" 0 "$CIVIC" application list
expect_match "naming --all" "$(out)" "This fund year only; --all lists every year's\.$"
expect_status "--all lists every year's" 0 "$CIVIC" --json application list --all
expect_eq "all six" "$(out | jq '(.applications | length), .total' | paste -sd' ')" "6 6"
expect_status "--limit and --offset give one page" 0 "$CIVIC" application list --all --limit 2 --offset 1
expect_eq "the second and third, oldest first" "$(out | awk 'NR > 1 && NR < 4 { print $1 }' | paste -sd' ')" "2017-0002 2017-0003"
expect_match "and where the next page starts" "$(out)" "^2-3 of 6; --offset 3 shows the next\.$"
expect_status "an offset past the last" 0 "$CIVIC" application list --all --offset 10
expect_match "says so" "$(out)" "6 in all; --offset 10 is past the last\."
expect_status "--year and --all together are refused" 1 "$CIVIC" application list --all --year "$this_year"
expect_match "saying which" "$(err)" "^civic: --all cannot be given with --year"
expect_status "--overdue looks at every year" 0 "$CIVIC" --json application list --overdue
expect_eq "the demo's overdue accounts and money due back are of 2017" \
    "$(out | jq -r '[.applications[] | .reference + ":" + (.to_repay // "accounts")] | join(" ")')" \
    "2017-0001:500.00 2017-0002:accounts"
expect_status "a --limit of 0 is a usage error" 2 "$CIVIC" application list --limit 0

# With "more", the list comes a page of 100 at a time, each read when the
# caller has read the last (bounded memory, however many years).
sqlite3 "$DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
    INSERT INTO application (applicant_id, status, year, seq, title, description, integration,
        target_group, participants, start_date, end_date, requested, created_at, updated_at)
    SELECT 1, 'submitted', 2017, 100 + i, 'Side ' || i, 'd', 'i', 't', 1, '2017-03-01',
        '2017-04-01', 100000, 0, 0 FROM n"
raw '{"method":"dk.civic.fund.ListApplications","parameters":{"year":2017},"more":true}' >"$T/pages"
expect_eq "205 of 2017 (the demo's 5 and 200) in pages of 100, 100 and 5, each with the total" \
    "$(jq -c '[(.parameters.applications | length), .parameters.total, (.continues // false)]' "$T/pages" | paste -sd' ')" \
    "[100,205,true] [100,205,true] [5,205,false]"
expect_eq "oldest first, each once" \
    "$(jq '.parameters.applications[].id' "$T/pages" | sort -n | uniq | wc -l) $(jq '.parameters.applications[].id' "$T/pages" | sort -nc && echo sorted)" "205 sorted"
raw '{"method":"dk.civic.fund.ListApplications","parameters":{"year":2017,"limit":150,"offset":50},"more":true}' >"$T/pages"
expect_eq "--limit 150 --offset 50 across pages" \
    "$(jq -c '[(.parameters.applications | length), .continues // false]' "$T/pages" | paste -sd' ')" "[100,true] [50,false]"
expect_eq "starting at the 51st" "$(head -1 "$T/pages" | jq '.parameters.applications[0].id')" \
    "$(sqlite3 "$DB" "SELECT id FROM application WHERE year = 2017 ORDER BY id LIMIT 1 OFFSET 50")"
expect_eq "civic reads every page" "$("$CIVIC" --json application list --year 2017 | jq '.applications | length')" 205

stop_daemon
done_testing
