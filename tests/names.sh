#!/bin/sh
# Names lead to files (STYLE.md rule 7): the handler of a method in
# daemon/method.c's table is named after it (dk.civic.meetings.CheckIn:
# meetings_check_in; org.varlink.service.GetInfo: service_get_info) and is
# defined in a file named after its interface (daemon/iface-meetings*.c,
# daemon/iface-service.c), so that grep is never needed to find one.
set -u
root=$1
status=0
n=0
entries=$(tr -d '\n' <"$root/daemon/method.c" |
    grep -oE '\{ "(dk|org)\.[A-Za-z.]+",[^}]*\}' |
    sed -E 's/^\{ "([A-Za-z.]+)",.* ([a-z_]+) \}$/\1 \2/')
echo "1..$(printf '%s\n' "$entries" | wc -l)"
printf '%s\n' "$entries" | {
	while read -r method handler; do
		n=$((n + 1))
		iface=$(printf '%s' "${method%.*}" | sed 's/.*\.//' | tr 'A-Z' 'a-z')
		verb=$(printf '%s' "${method##*.}" |
		    sed -E 's/([a-z0-9])([A-Z])/\1_\2/g' | tr 'A-Z' 'a-z')
		want="${iface}_${verb}"
		files=$(grep -l "^$handler(" "$root"/daemon/iface-"$iface"*.c 2>/dev/null)
		if [ "$handler" != "$want" ]; then
			echo "not ok $n - $method is handled by $handler, not $want"
			status=1
		elif [ -z "$files" ]; then
			echo "not ok $n - $handler is not in daemon/iface-$iface*.c"
			status=1
		else
			echo "ok $n - $method: $handler in $(basename $files)"
		fi
	done
	exit $status
}
