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
       (dk.civic.Core.NotFound)"

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
stop_daemon
done_testing
