#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# libkmod is loaded on demand (dlopen in lib/module.c), not linked: neither libpstore nor
# pstorectl depends on it, `check` and `load` still look the module up through it, and when
# libkmod.so.2 cannot be loaded they say so (check: skip with a hint; load: an error).
. "$(dirname "$0")/lib.sh"

so=$(readlink -f "$BUILD/libpstore.so")
# ldd: the whole closure (libkmod pulled libcrypto, libzstd and liblzma in).
# (under check-valgrind $PSTORECTL is a script: its real binary is $PSTORECTL_REAL)
for f in "$so" "${PSTORECTL_REAL:-$PSTORECTL}"; do
	ldd "$f" >"$T/ldd" 2>&1
	check "$(basename "$f") loads no libkmod, libcrypto, libzstd or liblzma at start-up" \
		bash -c "grep -q 'libc\\.so' '$T/ldd' && ! grep -qE 'lib(kmod|crypto|zstd|lzma)\\.' '$T/ldd'"
done
readelf -d "$so" >"$T/dyn"
check "libpstore still links libfdt and zlib" bash -c "grep -q 'NEEDED.*libfdt' '$T/dyn' && grep -q 'NEEDED.*libz\\.' '$T/dyn'"

if "$FIXTURES/make-module-trees.sh" >"$T/trees.log" 2>&1; then
	ok "module trees of the Debian packages built"
else
	not_ok "module trees of the Debian packages built (see below)"
	sed 's/^/# /' "$T/trees.log"
fi
R=$T/deb61
cp -r "$FIXTURES/check-debian-6.1" "$R"
cp -r "$BUILD/fixtures/modules-6.1/lib" "$R/lib" # a link would resolve inside the sysroot
field() { jq -r --arg f "$1" '.checks[] | select(.id == "module.ramoops") | .[$f]' "$T/out"; }

# With the system's libkmod: the module file and its dependency, as modules.dep says.
dep=$(grep -E '(^|/)ramoops\.ko[^:]*:' "$R/lib/modules/"*/modules.dep | head -1)
run --sysroot "$R" check -J
check "check: module.ramoops found through libkmod (got $(field status))" \
	test "$(field status)" = ok
check "check: the path and dependency are modules.dep's ($dep)" \
	bash -c "[[ '$dep' == *'$(field detail | sed 's/, depends on .*//')'* ]] && [[ '$dep' == *'/$(field detail | sed -n 's/.*depends on //p').ko'* ]]"

# A libkmod.so.2 first in the search path that lacks the functions: dlopen works, dlsym
# does not. (An unloadable library and a missing one take the same path.)
mkdir "$T/fake"
echo 'int not_libkmod = 1;' >"$T/fake.c"
cc -shared -fPIC -o "$T/fake/libkmod.so.2" "$T/fake.c"
LD_LIBRARY_PATH="$T/fake:$LD_LIBRARY_PATH" run --sysroot "$R" check -J
check "check without libkmod: module.ramoops skipped (got $(field status))" \
	test "$(field status)" = skip
check "check without libkmod: the reason names the library and the symbol" \
	bash -c "field() { jq -r '.checks[] | select(.id == \"module.ramoops\") | .detail' '$T/out'; }; \
		field | grep -qE '^libkmod\\.so\\.2: cannot load: .*kmod_'"
check "check without libkmod: the hint names the package" \
	bash -c "jq -r '.checks[] | select(.id == \"module.ramoops\") | .hint' '$T/out' | grep -q libkmod2"
check "check without libkmod: the other module checks still run" \
	bash -c "jq -e '[.checks[] | select(.id == \"module.params\")] | length == 1' '$T/out' >/dev/null"

rm -rf "$R/sys/module/ramoops"
LD_LIBRARY_PATH="$T/fake:$LD_LIBRARY_PATH" run --sysroot "$R" load --mem-address 0x10000000 \
	--mem-size 1M --dry-run
expect_rc "load without libkmod" 1
expect_err "load without libkmod" "^pstorectl: load: libkmod\.so\.2: cannot load: "
check "load without libkmod: one error line" test "$(grep -c . "$T/err")" -eq 1
run --sysroot "$R" load --mem-address 0x10000000 --mem-size 1M --dry-run
expect_rc "load with libkmod" 0
echo "1..$_n"
