#!/bin/bash
# meson install puts everything where a Debian system looks for it,
# under the prefix and sysconfdir the build was configured with: the
# programs, the man pages, the units, the sysusers.d and tmpfiles.d
# snippets, the bash completion and the configuration file, which a
# second install leaves as the admin changed it.
. "$(dirname "$0")/lib.sh"

: "${BUILD_ROOT:?set by meson: the build directory}"
opt() { meson introspect "$BUILD_ROOT" --buildoptions |
    jq -r --arg n "$1" '.[] | select(.name == $n) | .value'; }
PREFIX=$(opt prefix)
# meson gives these relative to the prefix, or absolute.
abs() { case $1 in /*) echo "$1" ;; *) echo "$PREFIX/$1" ;; esac; }
SBIN=$(abs "$(opt sbindir)")
BIN=$(abs "$(opt bindir)")
MAN=$(abs "$(opt mandir)")
DATA=$(abs "$(opt datadir)")
ETC=$(abs "$(opt sysconfdir)")
ROOT=$T/root

expect_status "meson install into a staging root" 0 \
    meson install -C "$BUILD_ROOT" --destdir "$ROOT" --no-rebuild --quiet
for f in "$SBIN/civicd" "$BIN/civic"; do
	expect_eq "$f is installed, executable" \
	    "$(test -x "$ROOT$f" && echo yes)" yes
done
for f in "$MAN/man1/civic.1" "$MAN/man5/civicd.conf.5" "$MAN/man8/civicd.8" \
    "$PREFIX/lib/systemd/system/civicd.socket" \
    "$PREFIX/lib/systemd/system/civicd.service" \
    "$PREFIX/lib/sysusers.d/civic.conf" "$PREFIX/lib/tmpfiles.d/civic.conf" \
    "$DATA/bash-completion/completions/civic" \
    "$DATA/doc/civic/examples/civicd.conf" "$ETC/civic/civicd.conf"; do
	expect_eq "$f is installed" "$(test -s "$ROOT$f" && echo yes)" yes
done
expect_eq "the service runs the civicd installed" \
    "$(grep '^ExecStart=' "$ROOT$PREFIX/lib/systemd/system/civicd.service")" \
    "ExecStart=$SBIN/civicd"
expect_match "sysusers makes the user and the role groups" \
    "$(cat "$ROOT$PREFIX/lib/sysusers.d/civic.conf")" '^g civic-admin'
expect_match "the man page is a man page" "$(head -c 200 "$ROOT$MAN/man5/civicd.conf.5")" '\.TH'
expect_status "the installed civicd reads the installed configuration" 0 \
    "$ROOT$SBIN/civicd" --check-config --config "$ROOT$ETC/civic/civicd.conf"

echo "[limits]" >>"$ROOT$ETC/civic/civicd.conf"
echo "max-per-uid = 9" >>"$ROOT$ETC/civic/civicd.conf"
expect_status "a second install" 0 \
    meson install -C "$BUILD_ROOT" --destdir "$ROOT" --no-rebuild --quiet
expect_match "keeps the admin's configuration" \
    "$(tail -1 "$ROOT$ETC/civic/civicd.conf")" '^max-per-uid = 9$'
done_testing
