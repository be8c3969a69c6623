# SPDX-License-Identifier: LGPL-2.1-or-later
# Helpers of the record tests (test-{ls,cat,tail,clear,write,status,mount}.sh): copies of
# record fixtures with their mtimes (git does not keep them: an MTIMES file does).

# captured NAME: the directory of records a real kernel made (tests/fixtures/e2e-captured).
captured() { echo "$FIXTURES/e2e-captured/records-$1"; }
have_captured() { [ -f "$(captured "$1")/dmesg-ramoops-0" ]; }

# records_copy SRC DST: the record files of SRC (not MTIMES, not the boot2/ notes of the
# e2e captures) into DST, with the mtimes MTIMES lists.
records_copy() {
	local src=$1 dst=$2 f name t
	mkdir -p "$dst"
	while IFS= read -r -d '' f; do
		mkdir -p "$dst/$(dirname "$f")"
		cp "$src/$f" "$dst/$f"
	done < <(cd "$src" && find . -type f ! -name MTIMES ! -path './boot2/*' -print0)
	if [ -f "$src/MTIMES" ]; then
		while read -r name t; do
			[ -n "$name" ] && [ -e "$dst/$name" ] && touch -d "@$t" "$dst/$name"
		done <"$src/MTIMES"
	fi
	return 0
}

# sysroot_with SRC: a sysroot in a new directory (printed) where pstore is mounted on
# /sys/fs/pstore and holds the records of SRC (or none when SRC is empty).
sysroot_with() {
	local root
	root=$(mktemp -d "$T/root.XXXXXX")
	cp -r "$FIXTURES/records-sysroot/." "$root/"
	[ -n "${1:-}" ] && records_copy "$1" "$root/sys/fs/pstore"
	echo "$root"
}

# utc SECONDS: ISO 8601 UTC, computed by date(1).
utc() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
# mtime_of DIR NAME: the time MTIMES gives NAME.
mtime_of() { awk -v n="$2" '$1 == n { print $2 }' "$1/MTIMES"; }

# skip WHAT WHY: a TAP skip.
skip() { _n=$((_n + 1)); echo "ok $_n - $1 # SKIP $2"; }
