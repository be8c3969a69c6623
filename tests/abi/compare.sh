#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The ABI rule, checked: compare.sh DUMP LIBRARY SUPPRESSIONS
#   DUMP          the committed ABI (abidw of the released library: lib/libpstore.abi)
#   LIBRARY       the library just built
#   SUPPRESSIONS  abidiff suppressions naming the private types (tests/abi/private.supp:
#                 those defined outside the public header)
# Fails (exit 1, saying why) when a symbol of the dump changed or disappeared, when a type
# of the public header reachable from one changed (abidiff), or when a symbol was added to
# a version node the dump already has: those nodes are frozen, and a new symbol must go
# into a new node. Symbols added in a new node pass.
set -uo pipefail

dump=$1 lib=$2 supp=$3
out=$(abidiff --no-added-syms --suppressions "$supp" "$dump" "$lib" 2>&1)
rc=$?
if [ $rc -ne 0 ]; then
	echo "abidiff $dump $lib: the ABI changed (status $rc):"
	printf '%s\n' "$out" | sed 's/^/  /'
	exit 1
fi

# name@version of every defined, exported function or object, from the dump and the library.
dump_syms=$(grep -oE "<elf-symbol name='[^']+' version='[^']*'[^>]*is-defined='yes'" "$dump" |
	sed -E "s/<elf-symbol name='([^']+)' version='([^']*)'.*/\1@\2/" | sort -u)
lib_syms=$(readelf --dyn-syms -W "$lib" |
	awk '$5 == "GLOBAL" && $7 != "UND" && $7 != "ABS" && ($4 == "FUNC" || $4 == "OBJECT") { print $8 }' |
	sed 's/@@*/@/' | sort -u)
frozen=$(printf '%s\n' "$dump_syms" | sed -n 's/.*@//p' | sort -u)
bad=0
for s in $(comm -13 <(printf '%s\n' "$dump_syms") <(printf '%s\n' "$lib_syms")); do
	v=${s#*@}
	if [ -z "$v" ] || [ "$v" = "$s" ]; then
		echo "$s: exported without a version node (is the version script used?)"
		bad=1
	elif printf '%s\n' "$frozen" | grep -qxF "$v"; then
		echo "${s%@*}: added to $v, which is frozen: put it in a new version node"
		bad=1
	fi
done
exit $bad
