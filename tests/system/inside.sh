#!/bin/bash
# tests/system/inside.sh BUILD: the system test, inside the container
# run.sh booted. Started by systemd.run= during boot, it hands itself
# to a unit of its own (so that it can wait for the boot to finish),
# writes TAP to /civic-test/tap and its exit status to
# /civic-test/status, and powers the container off.
set -u

SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:?usage: inside.sh BUILD}

if [ "${2-}" != --main ]; then
	exec systemd-run --no-block --unit=civic-system-test \
	    -p StandardOutput=file:/civic-test/tap -p StandardError=journal \
	    "$SRC/tests/system/inside.sh" "$BUILD" --main
fi

# The helpers the integration tests share (TAP, expect_*), with the
# installed binaries; what lib.sh sets for a private civicd is undone,
# so that civic and civicd use the installed defaults.
export CIVICD=/usr/sbin/civicd CIVIC=/usr/bin/civic SCHEMA_DIR=$SRC/schema
. "$SRC/tests/integration/lib.sh"
unset CIVIC_SOCKET CIVICD_CONFIG XDG_CONFIG_HOME
SOCK=/run/civic/civicd.sock
DB=/var/lib/civic/civic.db

finish() {
	local rc=$?
	# A test that failed fails the run, whatever the last command said.
	[ "$tap_failed" -eq 0 ] || rc=1
	if [ "$tap_failed" -gt 0 ]; then
		diag "the journal, last lines:"
		diag "$(journalctl -b --no-pager -n 80 -o short-monotonic)"
	fi
	cleanup
	echo "$rc" >/civic-test/status
	systemctl poweroff --no-block
}
trap finish EXIT

# readme_block HEADING N: the Nth fenced block after the README's line
# HEADING, without its fences.
readme_block() {
	awk -v h="$1" -v n="$2" '
		$0 == h { on = 1; next }
		on && /^```/ { if (inside) { inside = 0; if (++seen == n) exit; next }
			       inside = 1; next }
		on && inside && seen == n - 1 { print }
	' "$SRC/README.md"
}

# as_user NAME COMMAND...: a real login's groups, as sudo would give them.
as_user() {
	local who=$1
	shift
	runuser -u "$who" -- "$@"
}

main_pid() { systemctl show -p MainPID --value civicd.service; }

state=$(systemctl is-system-running --wait)
expect_eq "the container booted a Debian 12 with systemd" \
    "$(. /etc/os-release; echo "$VERSION_ID") $state" "12 running"
expect_eq "it has no kill(1): a minimal Debian, without procps" \
    "$(ls /bin/kill /usr/bin/kill 2>/dev/null)" ""

# --- The README's server section, word for word from meson install on.
# The build was configured and compiled outside, as the README's first
# two lines say (a server need not have a compiler); install runs here. ---
useradd -m hanne
useradd -m jonas
useradd -m kasserer
readme_block "## On a server" 1 >/civic-test/server.sh
expect_eq "the README's server section builds, installs and enables civic" \
    "$(head -3 /civic-test/server.sh | cut -d' ' -f1-6)" \
    "meson setup build --prefix=/usr --buildtype=release
meson compile -C build
sudo meson install --no-rebuild -C build"
sed -i -e '/^meson \(setup\|compile\) /d' -e "s#-C build\\b#-C $BUILD#" \
    /civic-test/server.sh
expect_status "and runs here as the README says" 0 bash -e /civic-test/server.sh
expect_eq "civicd.socket is listening" "$(systemctl is-active civicd.socket)" active
expect_eq "civicd itself has not started yet" \
    "$(systemctl is-active civicd.service)" inactive

# --- Socket activation, users in the role groups ---
expect_status "hanne's first call starts civicd" 0 as_user hanne civic whoami
expect_match "hanne is an admin (civic, civic-admin)" "$(out)" 'Roles: +admin'
expect_eq "civicd.service is active" "$(systemctl is-active civicd.service)" active
# Installed as README says, civic finds its Danish catalogue and man page.
expect_status "hanne asks in Danish" 0 as_user hanne env LC_ALL=C.UTF-8 LANGUAGE=da civic whoami
expect_match "and is answered in Danish, from the installed catalogue" "$(out)" 'Roller: +administrator'
expect_eq "civic(1) in Danish is where man looks for a Danish locale" \
    "$(ls /usr/share/man/da/man1/ | grep -c '^civic\.1')" 1
expect_eq "it runs as the user civic" "$(stat -c %U "/proc/$(main_pid)")" civic
expect_eq "with its database private to it in /var/lib/civic" \
    "$(stat -c '%U %a' /var/lib/civic "$DB" | tr '\n' ' ')" "civic 700 civic 600 "
expect_status "jonas is a coordinator" 0 as_user jonas civic whoami
expect_match "(civic, civic-coord)" "$(out)" 'Roles: +coordinator'
expect_status "kasserer, not in the group civic, cannot reach the socket" 3 \
    as_user kasserer civic whoami
usermod -aG civic kasserer
expect_status "in the group civic, kasserer may ask who he is" 0 \
    as_user kasserer civic whoami
expect_status "and nothing more" 1 as_user kasserer civic applicant list
expect_match "being told which role it needs" "$(err)" 'needs the role admin'

# --- The tour, through the sandbox: fund, meetings, audit ---
expect_status "hanne adds an applicant" 0 as_user hanne civic applicant add \
    --cvr 29403473 --email kasse@example.org "Ballerup Kulturforening"
token=$(grep -oE 'civic_[A-Za-z0-9_-]{43}' "$T/out")
tok() { as_user kasserer env CIVIC_TOKEN="$token" civic "$@"; }
expect_status "kasserer applies with its token" 0 tok apply --title "Sprogcafé" \
    --description "Samtale på dansk" --integration "Nye og gamle borgere mødes" \
    --target-group "Nye danskere" --participants 20 --start 1.2.2027 \
    --end 30.6.2027 --line "Lokaleleje=4.000" --line "Materialer=2.000" --submit
expect_match "and it is submitted" "$(out)" 'Submitted application [0-9]{4}-0001 \(id 1\)'
expect_status "hanne approves" 0 as_user hanne civic grant approve \
    --amount 5.000 --committee "KFU 3.12.2026, pkt. 4" 1
expect_status "and pays" 0 as_user hanne civic grant pay --amount 5.000 \
    --reference "Bilag 2026-88" 1
expect_match "the payment is recorded" "$(out)" 'now paid'

# An hour from now: registration is open, and so is the door.
start=$(TZ=Europe/Copenhagen date -d '+1 hour' '+%-d.%-m.%Y %H:%M')
end=$(TZ=Europe/Copenhagen date -d '+3 hours' '+%-d.%-m.%Y %H:%M')
expect_status "jonas plans a meeting" 0 as_user jonas civic meeting create \
    --title "Ny i Ballerup" --capacity 400 --venue "Ballerup Rådhus" \
    --start "$start" --end "$end"
expect_status "and opens it for registration" 0 as_user jonas civic meeting schedule 1
expect_status "registers a citizen" 0 as_user jonas civic --json register \
    --name "Sara Berg" --email sara@example.org --seats 2 1
expect_status "and checks her in at the door" 0 as_user jonas civic checkin \
    --registration "$(jq -r .registration.id "$T/out")" 1
expect_match "welcomed by name" "$(out)" 'Welcome, Sara Berg'
expect_status "the door list is printed" 0 as_user jonas civic meeting door-list 1
expect_match "with her on it" "$(out)" 'Sara Berg'
expect_status "hanne signs an audit checkpoint" 0 as_user hanne civic audit checkpoint
expect_status "and the trail verifies" 0 as_user hanne civic audit verify
expect_match "with the checkpoint" "$(out)" 'The audit trail verifies: [0-9]+ entries, [1-9]'

# --- systemctl reload: a changed limit takes effect at once ---
big=$(printf '{"method":"org.varlink.service.GetInfo"%2000s}' '')
send_big() { printf '%s\0' "$big" | socat -t 5 - "UNIX-CONNECT:$SOCK" | tr '\0' '\n'; }
pid=$(main_pid)
expect_match "a 2 kB message is within the limit" "$(send_big)" '"vendor"'
sed -i 's/^#max-message = 65536$/max-message = 1024/' /etc/civic/civicd.conf
expect_status "systemctl reload civicd succeeds (no kill(1) needed)" 0 \
    systemctl reload civicd
expect_eq "civicd kept running" "$(main_pid)" "$pid"
# systemd 252 does not wait for the READY=1 that ends a reload (that is
# Type=notify-reload, systemd 253), so wait for civicd's word that it did.
for i in $(seq 1 50); do
	journalctl -b -u civicd --no-pager -o cat | grep -q 'max-message: 65536 -> 1024' && break
	sleep 0.1
done
expect_match "civicd logged the change, and the new limit holds" "$(send_big)" \
    '"reason":"too_large","limit":1024'
sed -i 's/^max-message = 1024$/#max-message = 65536/' /etc/civic/civicd.conf
systemctl reload civicd

# --- systemctl restart under calls: every call answered, none lost ---
: >"$T/acked"
for w in 1 2 3 4; do
	(
		for i in $(seq 1 30); do
			if as_user jonas civic --json register --name "Gæst $w-$i" \
			    --email "g$w-$i@example.org" 1 >"$T/w$w.$i" 2>&1; then
				jq -r .registration.id "$T/w$w.$i" >>"$T/acked"
			else
				echo "$w-$i: $(cat "$T/w$w.$i")" >>"$T/failed"
			fi
		done
	) &
done
sleep 1
expect_status "systemctl restart civicd, while four coordinators register" 0 \
    systemctl restart civicd
wait
expect_eq "civicd is a new process" "$([ "$(main_pid)" != "$pid" ] && echo new)" new
expect_eq "every call made across the restart was answered" \
    "$(cat "$T/failed" 2>/dev/null)" ""
acked=$(sort -n "$T/acked" | tr '\n' ' ')
kept=$(sqlite3 "$DB" "SELECT registration_id FROM registrant WHERE name LIKE 'Gæst %' ORDER BY 1" |
    tr '\n' ' ')
expect_eq "and every acknowledged registration is stored" "$kept" "$acked"
expect_eq "all 120 of them" "$(wc -w <<<"$acked")" 120

# --- The nightly backup timer from the README, and a restore ---
readme_block "### Nightly backups" 1 >/civic-test/units
for unit in civic-backup.service civic-backup.timer; do
	awk -v f="# /etc/systemd/system/$unit" '
		$0 == f { on = 1; next } on && /^# \/etc\// { on = 0 } on
	' /civic-test/units >"/etc/systemd/system/$unit"
done
systemctl daemon-reload
readme_block "### Nightly backups" 2 >/civic-test/enable.sh
expect_status "the README's backup timer is enabled" 0 bash -e /civic-test/enable.sh
expect_eq "and waits for the night" "$(systemctl is-active civic-backup.timer)" active
expect_status "its service makes a backup" 0 systemctl start civic-backup.service
backup=/var/backups/civic/civic-$(date +%F).db
expect_eq "to /var/backups/civic, readable by root only" \
    "$(stat -c '%U %a' "$backup" 2>&1)" "root 600"
expect_status "a change after the backup" 0 as_user hanne civic applicant add \
    --email x@example.org --citizen "Efter Backup"
readme_block "### Nightly backups" 3 | sed "s#/var/backups/civic/civic-[0-9-]*\\.db#$backup#" \
    >/civic-test/restore.sh
expect_status "the README's restore" 0 bash -e /civic-test/restore.sh
expect_status "civicd serves the restored database" 0 as_user hanne civic applicant list
expect_match "which has what the backup held" "$(out)" 'Ballerup Kulturforening'
expect_no_match "and not what came after it" "$(out)" 'Efter Backup'
expect_status "it can write to it (the file is civic's)" 0 as_user jonas civic \
    register --name "Efter Restore" --email r@example.org 1
expect_status "its audit trail verifies" 0 as_user hanne civic audit verify
expect_eq "the replaced database is kept beside it" \
    "$(ls /var/lib/civic | grep -c '^civic\.db\.before-restore-')" 1

# --- The watchdog: a civicd that stops answering is killed and restarted ---
mkdir -p /run/systemd/system/civicd.service.d
printf '[Service]\nWatchdogSec=2s\n' >/run/systemd/system/civicd.service.d/test.conf
systemctl daemon-reload
systemctl restart civicd
pid=$(main_pid)
sleep 6
expect_eq "with WatchdogSec=2s, a serving civicd lives past three periods" \
    "$(main_pid) $(systemctl show -p NRestarts --value civicd)" "$pid 0"
# (Never kill -STOP 0: that would stop this script's own process group.)
[ "$pid" -gt 0 ] && kill -STOP "$pid"
for i in $(seq 1 100); do
	[ "$(systemctl show -p NRestarts --value civicd)" = 1 ] &&
	    [ "$(systemctl is-active civicd)" = active ] && break
	sleep 0.2
done
expect_eq "a stalled one is killed and started again" \
    "$(systemctl show -p NRestarts --value civicd) $([ "$(main_pid)" != "$pid" ] && echo new)" \
    "1 new"
expect_match "the journal says why" "$(journalctl -b -u civicd --no-pager -o cat)" \
    'Watchdog timeout'
expect_status "and the new civicd answers" 0 as_user hanne civic status
rm -r /run/systemd/system/civicd.service.d
systemctl daemon-reload

# --- What the journal must not hold ---
journal=$(journalctl -b --no-pager -o cat)
expect_no_match "no process was killed by the system call filter" "$journal" \
    'SECCOMP|status=31/SYS'
expect_no_match "no unit of civic's drew a warning" "$journal" \
    '(civicd|civic-backup)\.(service|socket|timer):[0-9]+:'
expect_eq "no unit failed" "$(systemctl list-units --failed --plain --no-legend)" ""

done_testing
