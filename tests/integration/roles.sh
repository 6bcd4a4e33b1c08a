#!/bin/bash
# Roles come from the kernel's peer credentials, are checked by the
# dispatcher before any handler runs, and a refusal says which role the
# method needs.
. "$(dirname "$0")/lib.sh"

start_daemon --demo || exit 1

plain() { as "$U_PLAIN" "$G_SOCKET" "$@"; }
coord() { as "$U_COORD" "$G_SOCKET,$G_COORD" "$@"; }
admin() { as "$U_ADMIN" "$G_SOCKET,$G_ADMIN" "$@"; }

expect_status "a plain user may ask who it is" 0 plain "$CIVIC" whoami
expect_match "and has no role" "$(out)" "Roles: +none"
expect_status "a plain user may not see the status" 1 plain "$CIVIC" status
expect_match "the refusal names the roles that may" "$(err)" \
    "civic status needs the role admin or coordinator or applicant; you have none"
expect_status "a plain user may not list applicants" 1 plain "$CIVIC" applicant list
expect_match "which needs admin" "$(err)" "needs the role admin; you have none"

expect_status "a coordinator may see the status" 0 coord "$CIVIC" status
expect_status "a coordinator may not add applicants" 1 \
    coord "$CIVIC" applicant add --citizen --email x@example.org "X"
expect_match "and is told it is a coordinator" "$(err)" \
    "needs the role admin; you have coordinator"

expect_status "a member of the admin group is admin" 0 admin "$CIVIC" applicant list
expect_match "and sees the applicants" "$(out)" "Røde Kors Ballerup"
expect_status "root is admin" 0 "$CIVIC" applicant show 1
r=$(as "$U_ADMIN" "$G_SOCKET,$G_ADMIN,$G_COORD" "$CIVIC" --json whoami | jq -c .roles)
expect_eq "one peer can hold both roles" "$r" '["admin","coordinator"]'
r=$(as "$U_ADMIN" "$G_SOCKET,$G_ADMIN" "$CIVIC" --json whoami | jq -c '[.uid, .gid, .groups]')
expect_eq "uid, gid and groups are the kernel's" "$r" "[$U_ADMIN,$U_ADMIN,[$G_SOCKET,$G_ADMIN]]"

# The primary group counts as much as a supplementary one.
r=$(setpriv --reuid="$U_PLAIN" --regid="$G_ADMIN" --groups="$G_SOCKET" \
    "$CIVIC" --json whoami | jq -c .roles)
expect_eq "the primary group counts" "$r" '["admin"]'

expect_status "a user outside the socket's group cannot connect" 3 \
    as "$U_OTHER" "$U_OTHER" "$CIVIC" whoami
expect_match "and is told which socket and why" "$(err)" \
    "cannot reach civicd at $SOCK: Permission denied \(the socket is for the group number $G_SOCKET: are you in it\?"
# A socket behind a directory closed to the caller says so instead.
mkdir -m 0700 "$T/closed"
expect_status "a socket behind a closed directory" 3 \
    as "$U_PLAIN" "$G_SOCKET" "$CIVIC" -s "$T/closed/civicd.sock" whoami
expect_match "is explained as such" "$(err)" "a directory on the way to the socket is closed to you"

# Raw frames: the same answer without the client.
r=$(raw_as "$U_PLAIN" "$G_SOCKET" '{"method":"dk.civic.applicants.Rotate","parameters":{"id":1}}')
expect_eq "the raw refusal" "$(printf '%s' "$r" | jq -c .)" \
    '{"error":"dk.civic.core.PermissionDenied","parameters":{"method":"dk.civic.applicants.Rotate","required":["admin"],"roles":[]}}'
expect_status "and nothing was rotated" 0 "$CIVIC" --json applicant show 1
expect_eq "the applicant still has no token" "$(out | jq .applicant.active_tokens)" 0

stop_daemon
done_testing
