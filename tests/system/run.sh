#!/bin/bash
# tests/system/run.sh BUILD: civic under a real systemd.
#
# Builds a minimal Debian 12 root once (debootstrap, cached in
# $CIVIC_SYSTEM_CACHE, by default /var/cache/civic-test), boots it with
# systemd-nspawn -b on a throw-away overlay, and runs inside.sh in it:
# the README's server section word for word (meson install from BUILD,
# which must be configured as the README says), socket activation, the
# tour as an admin and a coordinator, reload, restart under calls, the
# nightly backup and a restore, the watchdog, and a journal without a
# seccomp kill or a unit warning. Prints TAP; exits 0 only if all passed.
#
# Needs root and systemd-nspawn; where it cannot run it says so in one
# line and exits 0, so that the rest of make test still runs.
set -u

SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:?usage: run.sh BUILD}" && pwd)
CACHE=${CIVIC_SYSTEM_CACHE:-/var/cache/civic-test}
MIRROR=${CIVIC_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm

skip() {
	echo "system test skipped: $*"
	exit 0
}

[ "$(id -u)" = 0 ] || skip "it needs root, to boot a container with systemd-nspawn"
for tool in debootstrap systemd-nspawn; do
	command -v "$tool" >/dev/null ||
	    skip "$tool is missing (make test installs it)"
done

# What the root holds beyond debootstrap's minbase: systemd as init, the
# libraries civic links against, meson to install it as the README does,
# sudo because the README uses it, and the tools the test itself runs.
# Not procps: a minimal Debian has no kill(1), and the units must not
# need one.
PACKAGES=systemd,systemd-sysv,dbus,sudo,meson,ninja-build,libevent-core-2.1-7,libinih1,libjansson4,libqrencode4,libsodium23,libsqlite3-0,sqlite3,socat,jq
KEY=$(printf '%s %s %s' "$SUITE" "$MIRROR" "$PACKAGES" | sha256sum | cut -c1-12)
ROOT=$CACHE/$SUITE-$KEY

if [ ! -x "$ROOT/lib/systemd/systemd" ]; then
	echo "# building the Debian $SUITE root in $ROOT (once; cached)"
	mkdir -p "$CACHE"
	rm -rf "$ROOT.new"
	if ! debootstrap --variant=minbase --include="$PACKAGES" \
	    "$SUITE" "$ROOT.new" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1; then
		echo "not ok 1 - debootstrap builds the Debian $SUITE root"
		tail -20 "$CACHE/debootstrap.log" | sed 's/^/# /'
		echo "1..1"
		exit 1
	fi
	rm -rf "$ROOT"
	mv "$ROOT.new" "$ROOT"
fi

OUT=$(mktemp -d "${TMPDIR:-/tmp}/civic-system.XXXXXX")
trap '[ -n "${CIVIC_SYSTEM_KEEP-}" ] || rm -rf "$OUT"' EXIT

# The source tree (and the build, if it is elsewhere) at the same paths
# inside, so that meson install finds what the build recorded. The root
# itself stays as cached: --volatile=overlay keeps every change in memory.
binds=(--bind="$SRC")
case "$BUILD/" in "$SRC"/*) ;; *) binds+=(--bind="$BUILD") ;; esac

# systemd.run= starts inside.sh once the container has booted; it runs
# the test as its own unit and powers the container off at the end.
timeout 900 systemd-nspawn --quiet --register=no --keep-unit \
    --private-network --machine=civic-test --directory="$ROOT" \
    --volatile=overlay "${binds[@]}" --bind="$OUT:/civic-test" \
    --boot "systemd.run=\"$SRC/tests/system/inside.sh $BUILD\"" \
    systemd.run_success_action=none systemd.run_failure_action=exit \
    >"$OUT/console" 2>&1
rc=$?

if [ -f "$OUT/tap" ]; then
	cat "$OUT/tap"
fi
if [ ! -f "$OUT/status" ]; then
	echo "not ok - the container ran the test to its end (systemd-nspawn exit $rc)"
	echo "# the container's console, last lines:"
	tail -40 "$OUT/console" | sed 's/^/# /'
	exit 1
fi
# The status inside.sh wrote, checked against the TAP it printed.
if [ "$(cat "$OUT/status")" != 0 ] || grep -q '^not ok' "$OUT/tap" ||
    ! grep -q '^1\.\.[1-9]' "$OUT/tap"; then
	exit 1
fi
exit 0
