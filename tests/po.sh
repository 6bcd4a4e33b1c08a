#!/bin/sh
# The Danish catalogue is whole: every string the sources mark is in
# po/da.po, translated and not fuzzy, with the same format directives
# (msgfmt --check), and po/civic.pot is the sources' as they are now.
# TAP. Arguments: the source root, then xgettext's arguments.
set -u
root=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0
check() { # DESC STATUS [DIAGNOSTICS FILE]
	n=$((n + 1))
	if [ "$2" = 0 ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		[ -n "${3:-}" ] && sed 's/^/# /' "$3"
		fail=1
	fi
}

cd "$root" || exit 1
xgettext "$@" --directory="$root" --files-from=po/POTFILES \
    --output="$tmp/fresh.pot" 2>"$tmp/xgettext"
check "xgettext reads every file of po/POTFILES" $? "$tmp/xgettext"

LC_ALL=C msgfmt --check --statistics -o /dev/null po/da.po >"$tmp/stats" 2>&1
check "msgfmt --check accepts po/da.po (formats, plurals, header)" $? "$tmp/stats"
grep -Eq 'untranslated|fuzzy' "$tmp/stats"
check "da.po: 0 untranslated, 0 fuzzy ($(cat "$tmp/stats"))" $((1 - $?)) "$tmp/stats"

# msgcmp: each msgid of the sources has a translation in da.po.
LC_ALL=C msgcmp po/da.po "$tmp/fresh.pot" >"$tmp/cmp" 2>&1
check "every string the sources mark is translated in da.po" $? "$tmp/cmp"
LC_ALL=C msgcmp --use-untranslated po/civic.pot "$tmp/fresh.pot" >"$tmp/pot" 2>&1
check "po/civic.pot is up to date (meson compile civic-pot)" $? "$tmp/pot"

# Every .c of the client and of common/ that prints marks is listed.
for f in client/*.c common/*.c; do
	if grep -Eq '\b(_|N_|P_|NC_)\(' "$f" && ! grep -qx "$f" po/POTFILES; then
		echo "$f" >>"$tmp/unlisted"
	fi
done
[ ! -s "$tmp/unlisted" ]
check "po/POTFILES lists every file with marked strings" $? "$tmp/unlisted"

echo "1..$n"
exit $fail
