#!/bin/sh
# Fails if any C file differs from what clang-format makes of it with the
# project's .clang-format: the style is the formatter's, not a reviewer's.
# Fix with: clang-format -i FILE
set -u
root=$1
cf=$2
status=0
for f in $(cd "$root" && find common daemon client tests -name '*.[ch]' | sort); do
	if ! "$cf" --dry-run -Werror --style=file "$root/$f" 2>/dev/null; then
		echo "not formatted: $f (run: clang-format -i $f)"
		status=1
	fi
done
exit $status
