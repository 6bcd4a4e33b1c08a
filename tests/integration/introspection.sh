#!/bin/bash
# Generic varlink clients can discover and call civicd: GetInfo lists
# every interface, GetInterfaceDescription returns the IDL in schema/
# byte for byte, and unknown interfaces and methods get the standard
# errors without costing the connection.
. "$(dirname "$0")/lib.sh"

start_daemon || exit 1

r=$(raw '{"method":"org.varlink.service.GetInfo"}')
expect_eq "GetInfo names every interface in schema/" \
    "$(printf '%s' "$r" | jq -c '.parameters.interfaces | sort')" \
    "$(cd "$SCHEMA_DIR" && ls *.varlink | sed 's/\.varlink$//' | jq -R . | jq -sc 'sort')"
expect_eq "GetInfo says which product and version" \
    "$(printf '%s' "$r" | jq -r '.parameters | "\(.vendor) \(.product) \(.version)"')" \
    "civic civicd $("$CIVICD" --version | cut -d' ' -f2)"

for f in "$SCHEMA_DIR"/*.varlink; do
	iface=$(basename "$f" .varlink)
	raw "{\"method\":\"org.varlink.service.GetInterfaceDescription\",\"parameters\":{\"interface\":\"$iface\"}}" |
	    jq -j .parameters.description >"$T/desc"
	if cmp -s "$T/desc" "$f"; then ok "description of $iface is schema/$(basename "$f")"
	else not_ok "description of $iface is schema/$(basename "$f")"; diag "$(diff "$f" "$T/desc")"; fi
done

r=$(raw '{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"dk.civic.Nope"}}' \
    '{"method":"dk.civic.Nope.Thing"}' \
    '{"method":"dk.civic.core.Nothing"}' \
    '{"method":"dk.civic.core.Whoami"}')
expect_eq "unknown interface in GetInterfaceDescription" \
    "$(printf '%s\n' "$r" | sed -n 1p | jq -c .)" \
    '{"error":"org.varlink.service.InterfaceNotFound","parameters":{"interface":"dk.civic.Nope"}}'
expect_eq "unknown interface in a call" \
    "$(printf '%s\n' "$r" | sed -n 2p | jq -c .)" \
    '{"error":"org.varlink.service.InterfaceNotFound","parameters":{"interface":"dk.civic.Nope"}}'
expect_eq "unknown method of a known interface" \
    "$(printf '%s\n' "$r" | sed -n 3p | jq -c .)" \
    '{"error":"org.varlink.service.MethodNotFound","parameters":{"method":"dk.civic.core.Nothing"}}'
expect_eq "the connection still serves after both" \
    "$(printf '%s\n' "$r" | sed -n 4p | jq -r .parameters.roles[0])" "admin"

expect_status "civic call passes a raw call through" 0 \
    "$CIVIC" call org.varlink.service.GetInterfaceDescription '{"interface":"dk.civic.core"}'
expect_match "and prints the reply as JSON" "$(out | jq -r .description)" '^# civic.s own core'
expect_status "civic call reports a varlink error with status 1" 1 \
    "$CIVIC" call dk.civic.core.Nothing
expect_match "naming the error" "$(err)" 'org\.varlink\.service\.MethodNotFound'

stop_daemon
done_testing
