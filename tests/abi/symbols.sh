#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Compares the functions defined _public_ in lib/*.c with the names lib/libpstore.sym
# lists, both ways. The library's build runs it before linking: a _public_ function the
# version script does not name would silently stay local, and a listed name nothing
# defines is a typo. Usage: symbols.sh [TOP]   (exit 0 when both lists match)
set -euo pipefail

top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
sym=$top/lib/libpstore.sym

# _public_ RETURN-TYPE NAME( ... possibly over two lines ("_public_ const struct x *\nname(").
defined=$(perl -0777 -ne 'while (/\b_public_\b[^;{(]*?\b(pstore_\w+)\s*\(/g) { print "$1\n" }' \
	"$top"/lib/*.c | sort)
# Every "name;" line of the script (comments, node names and "local: *;" left out).
listed=$(sed -e 's|/\*.*\*/||' "$sym" | perl -0777 -pe 's|/\*.*?\*/||gs' |
	grep -oE '^[[:space:]]*pstore_[A-Za-z0-9_]+;' | tr -d ' \t;' | sort)

rc=0
dups=$(printf '%s\n' "$listed" | uniq -d)
if [ -n "$dups" ]; then
	echo "lib/libpstore.sym: listed twice:" $dups >&2
	rc=1
fi
missing=$(comm -23 <(printf '%s\n' "$defined" | uniq) <(printf '%s\n' "$listed" | uniq))
if [ -n "$missing" ]; then
	echo "lib/libpstore.sym does not list these _public_ functions (add each to the newest" >&2
	echo "version node; LIBPSTORE_0 is frozen):" >&2
	printf '\t%s;\n' $missing >&2
	rc=1
fi
stale=$(comm -13 <(printf '%s\n' "$defined" | uniq) <(printf '%s\n' "$listed" | uniq))
if [ -n "$stale" ]; then
	echo "lib/libpstore.sym lists names no lib/*.c defines _public_:" $stale >&2
	rc=1
fi
exit $rc
