#!/bin/bash
# Applicant tokens from issue to revocation, as the applicant sees them:
# shown once, saved privately by civic login, presented on every
# connection, refused once revoked or rotated away.
. "$(dirname "$0")/lib.sh"

start_daemon --demo || exit 1

# The applicant is uid 1234 with its own config directory.
HOME_A=$T/home-a
mkdir -p "$HOME_A" && chown "$U_PLAIN:$U_PLAIN" "$HOME_A"
appl() { XDG_CONFIG_HOME=$HOME_A as "$U_PLAIN" "$G_SOCKET" "$@"; }

expect_status "an admin adds an applicant" 0 \
    "$CIVIC" --json applicant add --citizen --phone "44 77 12 34" "Bo Jensen"
TOKEN=$(out | jq -r .token)
ID=$(out | jq -r .applicant.id)
expect_match "the token has the civic_ prefix and 43 more characters" "$TOKEN" '^civic_[A-Za-z0-9_-]{43}$'
expect_eq "the phone number is kept in one canonical form" "$(out | jq -r .applicant.phone)" "+4544771234"

expect_no_match "the database holds no token in clear" \
    "$(sqlite3 "$DB" 'SELECT hex(hash) FROM applicant_token' ; strings "$DB" "$DB-wal" 2>/dev/null)" \
    "${TOKEN#civic_}"

expect_status "login with a malformed token is refused before calling" 2 \
    appl "$CIVIC" login civic_short
expect_match "and says what a token looks like" "$(err)" 'start with "civic_" and are 49 characters long'
expect_status "login with an unknown token is refused by the daemon" 1 \
    appl "$CIVIC" login "civic_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
expect_match "unknown or revoked" "$(err)" 'unknown or revoked'
expect_eq "and nothing was saved" "$(ls "$HOME_A")" ""

expect_status "login with the token works (read from stdin)" 0 \
    sh -c "printf '%s\n' '$TOKEN' | XDG_CONFIG_HOME=$HOME_A setpriv --reuid=$U_PLAIN --regid=$U_PLAIN --groups=$G_SOCKET $CIVIC login"
expect_match "it says who" "$(out)" "Logged in as Bo Jensen \(applicant $ID\)"
expect_eq "the token file is mode 0600 and the applicant's" \
    "$(stat -c '%a %u' "$HOME_A/civic/token")" "600 $U_PLAIN"
expect_eq "its directory is mode 0700" "$(stat -c '%a' "$HOME_A/civic")" "700"

expect_status "whoami shows the applicant" 0 appl "$CIVIC" --json whoami
expect_eq "by role and id" "$(out | jq -c '[.roles, .applicant.id]')" "[[\"applicant\"],$ID]"
expect_status "an applicant may see the status" 0 appl "$CIVIC" status
expect_status "but is not an admin" 1 appl "$CIVIC" applicant list

chmod 0644 "$HOME_A/civic/token"
expect_status "a token file others can read is refused" 2 appl "$CIVIC" whoami
expect_match "with the fix in the message" "$(err)" "readable by other users.*chmod 600"
chmod 0600 "$HOME_A/civic/token"

expect_status "the admin revokes" 0 "$CIVIC" applicant revoke "$ID"
expect_match "and is told how many" "$(out)" "Revoked 1 token of applicant $ID"
expect_status "the revoked token is refused" 1 appl "$CIVIC" whoami
expect_match "the applicant is told what to do" "$(err)" \
    "token from $HOME_A/civic/token was refused; run civic logout, or civic login with a new token"

expect_status "rotate issues a new token" 0 "$CIVIC" --json applicant rotate "$ID"
NEW=$(out | jq -r .token)
expect_eq "rotating after a revoke revokes nothing more" "$(out | jq .revoked)" 0
expect_status "the new token works from CIVIC_TOKEN" 0 \
    env CIVIC_TOKEN="$NEW" XDG_CONFIG_HOME=$HOME_A setpriv --reuid=$U_PLAIN --regid=$U_PLAIN --groups=$G_SOCKET "$CIVIC" whoami
expect_status "the old one still does not" 1 appl "$CIVIC" whoami
expect_status "rotate again" 0 "$CIVIC" --json applicant rotate "$ID"
expect_eq "revokes the one before" "$(out | jq .revoked)" 1
expect_status "which is refused now" 1 \
    env CIVIC_TOKEN="$NEW" setpriv --reuid=$U_PLAIN --regid=$U_PLAIN --groups=$G_SOCKET "$CIVIC" whoami

expect_status "logout removes the file" 0 appl "$CIVIC" logout
expect_eq "it is gone" "$(ls "$HOME_A/civic")" ""
expect_status "logout again says there was none" 0 appl "$CIVIC" logout
expect_match "in words" "$(out)" "No saved token"

expect_status "revoke of an unknown applicant" 1 "$CIVIC" applicant revoke 999
expect_match "says there is none" "$(err)" "there is no applicant 999"

stop_daemon
done_testing
