#!/bin/sh
# install-config.sh FILE DIR: installs FILE into DIR (under $DESTDIR)
# unless one is there already: an admin's settings are never overwritten
# by an install.
set -eu
dest="${DESTDIR:-}$2/$(basename "$1")"
mkdir -p "$(dirname "$dest")"
if [ -e "$dest" ]; then
	echo "Keeping $dest as it is"
else
	install -m 0644 "$1" "$dest"
	echo "Installing $dest"
fi
