#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The ABI check of `make check` (TAP): the version script names every _public_ function,
# the library just built keeps the ABI of the committed dump lib/libpstore.abi
# (compare.sh), and the checker itself fails on a removed symbol, a changed public struct
# and a symbol added to a frozen node, on a tiny library and on the real one.
# Environment: BUILD (the build directory), SANITIZE.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
: "${BUILD:=$top/build}"
lib=$BUILD/libpstore.so.0
dump=$top/lib/libpstore.abi
supp=$top/tests/abi/private.supp
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pstore-abi.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

if out=$("$top/tests/abi/symbols.sh" "$top" 2>&1); then
	ok "lib/libpstore.sym lists exactly the _public_ functions"
else
	nok "lib/libpstore.sym lists exactly the _public_ functions"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
if grep -qE '^[^/*]*pstore_[A-Za-z0-9_]*\*' "$top/lib/libpstore.sym"; then
	nok "lib/libpstore.sym has no glob"
else
	ok "lib/libpstore.sym has no glob"
fi

why=
if [ "${SANITIZE:-}" = 1 ]; then
	why="SANITIZE=1: the sanitizers change the library's code, not its ABI"
elif ! command -v abidw >/dev/null || ! command -v abidiff >/dev/null; then
	why=
	nok "abidw and abidiff are installed (apt-get install abigail-tools, or make deps)"
	echo "1..$n"; exit 1
elif [ ! -e "$lib" ]; then
	nok "$lib is built"
	echo "1..$n"; exit 1
elif ! readelf -S -W "$lib" | grep -q '\.debug_info'; then
	why="$lib has no debug info (built without -g): abidw cannot see its types"
fi
if [ -n "$why" ]; then
	for t in "the library keeps the ABI of lib/libpstore.abi" \
		"the checker fails on a removed symbol, a changed struct, an addition to LIBPSTORE_0"; do
		skip "$t" "$why"
	done
	echo "1..$n"; exit 0
fi

# ---- the real library against the committed dump ----
if out=$("$top/tests/abi/compare.sh" "$dump" "$lib" "$supp" 2>&1); then
	ok "the library keeps the ABI of lib/libpstore.abi"
else
	nok "the library keeps the ABI of lib/libpstore.abi"
	printf '%s\n' "$out" | sed 's/^/# /'
	echo "# if the change is intended (a release), regenerate the dump: make abi-dump"
fi

# expect_fail WHAT DUMP LIB HEADER / expect_pass ...: the checker's verdict on a case.
expect() {
	local want=$1 what=$2 out rc
	out=$("$top/tests/abi/compare.sh" "$3" "$4" "$5" 2>&1)
	rc=$?
	if { [ "$want" = fail ] && [ $rc -ne 0 ]; } || { [ "$want" = pass ] && [ $rc -eq 0 ]; }; then
		ok "the checker says $want: $what"
	else
		nok "the checker says $want: $what"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
	printf '%s\n' "$out" | sed 's/^/#   /' | head -5
}

# ---- the real library relinked from its objects with an edited version script ----
# The objects of today's sources only: a stale object of a renamed file must not be linked.
objs=$(cd "$top" && for c in lib/*.c lib/shared/*.c; do echo "$BUILD/${c%.c}.o"; done)
relink() { # relink OUT SYM [EXTRA.o]
	${CC:-gcc} -shared -Wl,-soname,libpstore.so.0 -Wl,--version-script="$2" \
		-o "$1" $objs ${3:-} -lfdt -lz -ldl -lpthread
}
sed '/^[[:space:]]*pstore_errmsg;$/d' "$top/lib/libpstore.sym" >"$tmp/removed.sym"
if relink "$tmp/removed.so" "$tmp/removed.sym"; then
	expect fail "libpstore without pstore_errmsg" "$dump" "$tmp/removed.so" "$supp"
else
	nok "relink libpstore without pstore_errmsg"
fi
printf '#include "libpstore.h"\n__attribute__((visibility("default"))) int pstore_abi_selftest(void);\nint pstore_abi_selftest(void) { return 0; }\n' >"$tmp/added.c"
${CC:-gcc} -g -O2 -fPIC -fvisibility=hidden -I"$top/lib" -c -o "$tmp/added.o" "$tmp/added.c"
sed 's/^global:$/global:\n\tpstore_abi_selftest;/' "$top/lib/libpstore.sym" >"$tmp/add0.sym"
relink "$tmp/add0.so" "$tmp/add0.sym" "$tmp/added.o" &&
	expect fail "libpstore with a symbol added to LIBPSTORE_0" "$dump" "$tmp/add0.so" "$supp"
{ cat "$top/lib/libpstore.sym"; printf 'LIBPSTORE_SELFTEST {\nglobal:\n\tpstore_abi_selftest;\n} LIBPSTORE_0;\n'; } >"$tmp/addnew.sym"
relink "$tmp/addnew.so" "$tmp/addnew.sym" "$tmp/added.o" &&
	expect pass "libpstore with a symbol added in a new version node" "$dump" "$tmp/addnew.so" "$supp"

# ---- a tiny library: a public struct that grows ----
cat >"$tmp/t.h" <<'EOT'
#include <stdint.h>
struct pstore_t {
	uint32_t size;
	int a;
#ifdef GROW
	int b;
#endif
};
struct pstore_priv;
int pstore_t_get(const struct pstore_t *t, const struct pstore_priv *p);
int pstore_t_other(void);
EOT
cat >"$tmp/t.c" <<'EOT'
#include "t.h"
#define _public_ __attribute__((visibility("default")))
struct pstore_priv {
	int x;
#ifdef PRIVATE_GROW
	int y;
#endif
};
_public_ int pstore_t_get(const struct pstore_t *t, const struct pstore_priv *p) { return t->a + p->x; }
#ifndef REMOVE
_public_ int pstore_t_other(void) { return 1; }
#endif
EOT
printf 'LIBPSTORE_0 {\nglobal:\n\tpstore_t_get;\n\tpstore_t_other;\nlocal:\n\t*;\n};\n' >"$tmp/t.sym"
tiny() { # tiny OUT CFLAGS...
	local o=$1; shift
	${CC:-gcc} -g -O2 -fPIC -shared -fvisibility=hidden -Wl,-soname,libt.so.0 \
		-Wl,--version-script="$tmp/t.sym" -o "$o" "$@" "$tmp/t.c"
}
printf '[suppress_type]\n  source_location_not_regexp = (^|/)t\\.h$\n' >"$tmp/t.supp"
tiny "$tmp/t0.so" && abidw --no-corpus-path --short-locs --out-file "$tmp/t0.abi" "$tmp/t0.so"
tiny "$tmp/tsame.so" && expect pass "a tiny library rebuilt as it was" "$tmp/t0.abi" "$tmp/tsame.so" "$tmp/t.supp"
tiny "$tmp/tpriv.so" -DPRIVATE_GROW && expect pass "a field added to a private struct" "$tmp/t0.abi" "$tmp/tpriv.so" "$tmp/t.supp"
tiny "$tmp/tgrow.so" -DGROW && expect fail "a field added to a public struct" "$tmp/t0.abi" "$tmp/tgrow.so" "$tmp/t.supp"
tiny "$tmp/trm.so" -DREMOVE && expect fail "a removed function" "$tmp/t0.abi" "$tmp/trm.so" "$tmp/t.supp"

echo "1..$n"
