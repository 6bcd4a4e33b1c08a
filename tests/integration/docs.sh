#!/bin/bash
# The documentation tells the truth about the program: every command in
# civic's table is in civic --help and in civic(1) with the same usage,
# and every method in schema/'s IDL is named in civicd(8).
. "$(dirname "$0")/lib.sh"

: "${MAN_DIR:?set by meson: the source root}"
man1=$MAN_DIR/client/civic.1.scd
man8=$MAN_DIR/daemon/civicd.8.scd

"$CIVIC" --help >"$T/help"
# The command table, as civic help --commands prints it.
commands=$("$CIVIC" help --commands)
n=$(printf '%s\n' "$commands" | wc -l)
if [ "$n" -ge 10 ]; then ok "civic's command table has $n commands"
else not_ok "civic's command table has commands"; diag "$commands"; fi
# civic --help: the first one or two words of each line under commands:.
listed=$(sed -n '/^commands:/,/^$/p' "$T/help" | sed '1d;/^$/d' |
    sed -E 's/^  ([a-z-]+( [a-z-]+)?) {2,}.*/\1/')
expect_eq "civic --help lists every command in the table, in order" \
    "$listed" "$commands"

# man_usage PAGE NAME [ENV...]: every command is in PAGE with the usage
# civic help prints in that language (placeholders in any case).
man_usage() {
	local page=$1 name=$2 cmd usage args line
	shift 2
	while IFS= read -r cmd; do
		usage=$(env "$@" "$CIVIC" help $cmd | head -1 | sed -E 's/^[^:]+: //')
		args=${usage#civic $cmd}
		args=${args# }
		# In the man page: *civic NAME* and then the arguments, with
		# scdoc's markup (*bold*, _underline_) taken off.
		line=$(grep -E "^\*civic $cmd\*( |$)" "$page" | head -1 |
		    sed -E 's/\*//g; s/_//g')
		if [ -n "$line" ]; then ok "$name documents civic $cmd"
		else not_ok "$name documents civic $cmd"; continue; fi
		if [ "$(printf '%s' "$line" | sed 's/.*/\L&/')" = \
		    "$(printf 'civic %s%s' "$cmd" "${args:+ $args}" | sed 's/.*/\L&/')" ]; then
			ok "$name and civic help agree on civic $cmd's usage"
		else
			not_ok "$name and civic help agree on civic $cmd's usage"
			diag "man:  $line" "help: $usage"
		fi
	done <<<"$commands"
}
man_usage "$man1" "civic(1)"
# The Danish page, against civic's Danish usage lines.
if locale -a 2>/dev/null | grep -qix 'da_DK.utf8'; then
	man_usage "$MAN_DIR/man/da/civic.1.scd" "civic(1) in Danish" \
	    LC_ALL= LANG=da_DK.UTF-8 LANGUAGE=
else
	ok "civic(1) in Danish # SKIP the da_DK.UTF-8 locale is missing (make locale)"
fi

# Every option civicd --help shows is in civicd(8).
"$CIVICD" --help >"$T/dhelp"
for o in $(grep -oE '^ +(-., )?--[a-z-]+' "$T/dhelp" | grep -oE -- '--[a-z-]+'); do
	if grep -qE -- "\*(-., )?$o\*" "$man8"; then ok "civicd(8) documents $o"
	else not_ok "civicd(8) documents $o"; fi
done

# The defaults civicd --help shows are the ones this build's civicd(8)
# and civicd.conf(5) give (both are written from the build's settings).
for o in socket database config; do
	d=$(grep -E -- "--$o " "$T/dhelp" | grep -oE '(/[^ )]+)+' | tail -1)
	for page in civicd.8 civicd.conf.5; do
		if grep -qF -- "_${d}_" "$BUILD_ROOT/daemon/$page.scd"; then
			ok "$page gives --$o's default, $d, as civicd --help does"
		else not_ok "$page gives --$o's default, $d, as civicd --help does"; fi
	done
done

for f in "$SCHEMA_DIR"/dk.civic.*.varlink; do
	iface=$(basename "$f" .varlink)
	# The paragraph that starts with *iface*: and ends at a blank line.
	para=$(awk -v h="*$iface*:" 'index($0, h) == 1 { p = 1 }
	    p && /^$/ { exit } p { print }' "$man8")
	for m in $(sed -n 's/^method \([A-Za-z]*\)(.*/\1/p' "$f"); do
		if printf '%s\n' "$para" | grep -q "\*$m\*"; then
			ok "civicd(8) lists $iface.$m"
		else not_ok "civicd(8) lists $iface.$m"; fi
	done
done
# The release build README.md shows is the one make test builds, so a
# warning only -O3 finds cannot reach an administrator first.
readme_setup=$(grep -o 'meson setup build --prefix=/usr --buildtype=release' "$MAN_DIR/README.md" | head -1)
expect_eq "README.md shows the release build" "$readme_setup" \
    "meson setup build --prefix=/usr --buildtype=release"
expect_match "make test builds it with the same options" \
    "$(cat "$MAN_DIR/Makefile")" 'meson setup \$\(RELBUILD\) --prefix=/usr --buildtype=release'
done_testing
