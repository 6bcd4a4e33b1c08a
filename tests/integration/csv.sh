#!/bin/bash
# Every list as CSV for Danish Excel (-o csv, --csv): read back with
# Python's csv module as Excel's Danish setting reads it (";" between
# fields, UTF-8 with a byte-order mark), each compared with the same
# list as JSON - its rows, and the sums of its amounts - and names with
# ";", quotes, Arabic and emoji coming back as they went in.
. "$(dirname "$0")/lib.sh"

start_daemon --demo || exit 1
coord() { as "$U_COORD" "$G_SOCKET,$G_COORD" "$CIVIC" "$@"; }

# rows FILE: the CSV's data rows (headings off), as JSON.
rows() {
	python3 - "$1" <<'EOF'
import csv, json, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n"), "not CRLF"
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    table = list(csv.reader(f, delimiter=";"))
print(json.dumps({"head": table[0], "rows": table[1:]}, ensure_ascii=False))
EOF
}
# amount CELL: a Danish spreadsheet number ("30000,00") as øre.
col_sum() { jq "[.rows[][$1] | select(. != \"\") | sub(\",\"; \".\") | tonumber] | add * 100 | round"; }

expect_status "applications as CSV" 0 "$CIVIC" -o csv application list --all
cp "$T/out" "$T/apps.csv"
"$CIVIC" --json application list --all >"$T/apps.json"
csv=$(rows "$T/apps.csv")
expect_eq "one row for each application the JSON lists" \
    "$(printf '%s' "$csv" | jq '.rows | length')" "$(jq '.applications | length' "$T/apps.json")"
expect_eq "with the table's headings" "$(printf '%s' "$csv" | jq -c '.head[0:3]')" '["REFERENCE","ID","STATUS"]'
req=$(printf '%s' "$csv" | jq '.head | index("REQUESTED")')
expect_eq "amounts as numbers with a decimal comma, the same sum" \
    "$(printf '%s' "$csv" | col_sum "$req")" \
    "$(jq '[.applications[].requested | tonumber] | add * 100 | round' "$T/apps.json")"
expect_match "never with kr. or thousands" "$(cat "$T/apps.csv")" ';30000,00;'
expect_status "--csv says the same" 0 "$CIVIC" --csv application list --all
expect_eq "byte for byte" "$(sha256sum <"$T/out")" "$(sha256sum <"$T/apps.csv")"

for list in "applicant list --all" "meeting list --all" "audit list" "accounts overdue"; do
	# shellcheck disable=SC2086
	expect_status "$list as CSV" 0 "$CIVIC" -o csv $list
	cp "$T/out" "$T/list.csv"
	expect_match "$list: Excel's way" "$(rows "$T/list.csv" | jq -r '.head[0]')" '^[A-ZÆØÅ]'
done
"$CIVIC" -o csv applicant list --all >"$T/a.csv"
expect_eq "the applicants, all of them" "$(rows "$T/a.csv" | jq '.rows | length')" \
    "$("$CIVIC" --json applicant list --all | jq '.applicants | length')"

# Names that test a CSV writer, registered and read back.
M=$(coord --json meeting create --title "Navne" --start "3.5.2030 17:00" --end 19:00 --capacity 9 | jq .meeting.id)
coord meeting schedule "$M" >/dev/null
coord register --name 'Ali; "Bo" Hansen' --email ali@example.org "$M" >/dev/null
coord register --name 'محمّد عليّ 😀' --email m@example.org "$M" >/dev/null
coord register --name 'Zofia Nowak' --email z@example.org --seats 2 "$M" >/dev/null
before=$(sqlite3 "$DB" "SELECT count(*) FROM access_log WHERE method = 'dk.civic.meetings.ListRegistrations'")
expect_status "the registrations as CSV" 0 coord -o csv registration list "$M"
cp "$T/out" "$T/regs.csv"
expect_eq "the names come back as they went in" \
    "$(rows "$T/regs.csv" | jq -c '[.rows[][1]]')" \
    '["Ali; \"Bo\" Hansen","Zofia Nowak","محمّد عليّ 😀"]'
expect_eq "seats, as numbers" "$(rows "$T/regs.csv" | jq -c '[.rows[][3]]')" '["1","2","1"]'
expect_eq "reading them is in the access log like any other read" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM access_log WHERE method = 'dk.civic.meetings.ListRegistrations'")" \
    "$((before + 1))"
expect_status "the door list as CSV" 0 coord -o csv meeting door-list "$M"
expect_eq "one row for each confirmed, no walk-in lines" \
    "$(rows "$T/out" | jq -c '[.head[0], (.rows | length), .rows[0][0]]')" \
    '["NAME",3,"Ali; \"Bo\" Hansen"]'
expect_status "an empty list" 0 coord -o csv registration list --cancelled "$M"
expect_eq "is its headings alone" "$(rows "$T/out" | jq -c '[.head[1], (.rows | length)]')" '["NAME",0]'
expect_status "a format civic does not have" 2 "$CIVIC" -o xlsx application list
expect_match "is a usage error" "$(err)" "^civic: -o xlsx: say table, csv or json$"
stop_daemon
done_testing
