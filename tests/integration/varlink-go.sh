#!/bin/bash
# Any varlink client: Debian's Go varlink library talks to civicd (see
# tests/varlink-go/main.go). make test installs Go and the library; where
# they are missing the test says so and is skipped.
. "$(dirname "$0")/lib.sh"

src=$(cd "$(dirname "$0")/../varlink-go" && pwd)
if ! command -v go >/dev/null ||
    [ ! -d /usr/share/gocode/src/github.com/varlink/go/varlink ]; then
	echo "1..0 # SKIP no Go or no golang-github-varlink-go-dev here (make test installs them)"
	exit 0
fi
if ! (cd "$src" && GOPATH=/usr/share/gocode GO111MODULE=off \
    GOCACHE="$T/go-cache" go build -o "$T/varlink-go" main.go) >"$T/go.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - the Go client builds"
	sed 's/^/# /' "$T/go.log"
	exit 1
fi

start_daemon --demo || exit 1
# Enough applicants for a listing in more than one reply.
for i in $(seq 1 110); do
	"$CIVIC" applicant add "Forening $i" >/dev/null
done
"$T/varlink-go" "$SOCK" >"$T/go.tap" 2>&1
expect_eq "the Go client ran to the end" "$(grep -c '^1\.\.' "$T/go.tap")" 1
while read -r line; do
	case $line in
	"ok "*) ok "${line#ok [0-9]* - }" ;;
	"not ok "*) not_ok "${line#not ok [0-9]* - }" ;;
	"#"*) diag "${line#\# }" ;;
	esac
done <"$T/go.tap"
stop_daemon
done_testing
