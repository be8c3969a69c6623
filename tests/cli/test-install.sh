#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# `make install` honours PREFIX, DESTDIR and the *DIR variables and installs everything;
# the shared library has its soname and exports only the public pstore_* API.
. "$(dirname "$0")/lib.sh"

root=$T/root
make -s -C "$TOP" install DESTDIR="$root" PREFIX=/usr MANDIR=/usr/share/man \
	LIBDIR=/usr/lib/x86_64-linux-gnu BUILD="$BUILD" >"$T/out" 2>"$T/err"; rc=$?
expect_rc "make install" 0
for f in usr/bin/pstorectl \
	usr/lib/x86_64-linux-gnu/libpstore.so.0.2.0 usr/lib/x86_64-linux-gnu/libpstore.so.0 \
	usr/lib/x86_64-linux-gnu/libpstore.so usr/lib/x86_64-linux-gnu/libpstore.a \
	usr/lib/x86_64-linux-gnu/pkgconfig/libpstore.pc usr/include/libpstore.h \
	usr/share/man/man8/pstorectl.8 usr/share/man/man8/pstorectl-plan.8 \
	usr/share/bash-completion/completions/pstorectl usr/share/zsh/site-functions/_pstorectl \
	usr/share/fish/vendor_completions.d/pstorectl.fish; do
	check "installed $f" test -e "$root/$f"
done
# The systemd units: in systemd's unit directory (pkg-config), naming the installed program.
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null || echo /lib/systemd/system)
for u in pstorectl-archive.service pstorectl-marker.service; do
	check "installed $unitdir/$u" test -f "$root$unitdir/$u"
done
check "the archive unit runs the installed pstorectl" \
	grep -qx 'ExecStart=/usr/bin/pstorectl archive' "$root$unitdir/pstorectl-archive.service"
check "the marker unit writes the shutdown marker with the installed pstorectl" \
	grep -qx 'ExecStop=/usr/bin/pstorectl write --marker shutdown' "$root$unitdir/pstorectl-marker.service"
make -s -C "$TOP" install-units DESTDIR="$T/units" SYSTEMDUNITDIR=/etc/systemd/system \
	BINDIR=/opt/bin BUILD="$BUILD" >"$T/out" 2>"$T/err"; rc=$?
check "SYSTEMDUNITDIR and BINDIR move the units and their program" \
	grep -qx 'ExecStart=/opt/bin/pstorectl archive' "$T/units/etc/systemd/system/pstorectl-archive.service"
check "no @BINDIR@ is left in an installed unit" bash -c '! grep -rq @BINDIR@ "$1"' _ "$root$unitdir"
make -s -C "$TOP" uninstall DESTDIR="$T/units" SYSTEMDUNITDIR=/etc/systemd/system BUILD="$BUILD" >/dev/null 2>&1
check "uninstall removes the units" test ! -e "$T/units/etc/systemd/system/pstorectl-archive.service"
check "every man page is installed" test "$(ls "$root"/usr/share/man/man8 | wc -l)" -eq "$(ls "$TOP"/man/*.8.scd | wc -l)"
check "every section 5 man page is installed" test "$(ls "$root"/usr/share/man/man5 | wc -l)" -eq "$(ls "$TOP"/man/*.5.scd | wc -l)"
check "pkg-config file names the LIBDIR" grep -q '^libdir=/usr/lib/x86_64-linux-gnu$' \
	"$root/usr/lib/x86_64-linux-gnu/pkgconfig/libpstore.pc"
check "pkg-config file is usable" env PKG_CONFIG_SYSROOT_DIR="$root" \
	PKG_CONFIG_PATH="$root/usr/lib/x86_64-linux-gnu/pkgconfig" pkg-config --exists libpstore

so=$root/usr/lib/x86_64-linux-gnu/libpstore.so.0.2.0
check "soname is libpstore.so.0" bash -c "readelf -d '$so' | grep -q 'SONAME.*\[libpstore.so.0\]'"
nm -D --defined-only "$so" | awk '$2 ~ /[TDBR]/ {print $3}' | sed 's/@.*//' | sort -u >"$T/syms"
check "the library exports symbols" test -s "$T/syms"
check "only pstore_* symbols are exported" bash -c "! grep -v '^pstore_' '$T/syms'"
check "internal helpers stay hidden" bash -c "! grep -qx -e pstore_err -e pstore_log -e pstore_read_fd '$T/syms'"
check "symbols carry the LIBPSTORE_0 version" bash -c "nm -D --defined-only '$so' | grep -q '@@LIBPSTORE_0'"
check "every exported function is declared in libpstore.h" bash -c '
	while read -r s; do grep -qw "$s" "$1" || { echo "undeclared: $s"; exit 1; }; done < "$2"' _ \
	"$TOP/lib/libpstore.h" "$T/syms"

# A program built against the installed header and library alone.
cat >"$T/prog.c" <<'C'
#include <libpstore.h>
#include <stdio.h>
int main(void)
{
	struct pstore_ctx *ctx;
	uint64_t v;
	if (pstore_new(NULL, &ctx) < 0 || pstore_parse_size("64K", &v) < 0 || v != 65536)
		return 1;
	pstore_unref(ctx);
	puts("ok");
	return 0;
}
C
# A sanitized library needs the sanitizer runtime in the program too.
san=; [ "${SANITIZE:-}" = 1 ] && san="-fsanitize=address,undefined"
check "a client compiles against the installed header and library" \
	cc $san -o "$T/prog" "$T/prog.c" -I"$root/usr/include" -L"$root/usr/lib/x86_64-linux-gnu" -lpstore
check "the client runs" bash -c "LD_LIBRARY_PATH='$root/usr/lib/x86_64-linux-gnu' '$T/prog' | grep -qx ok"

# The installed pstorectl works with the installed library.
check "installed pstorectl runs" bash -c "LD_LIBRARY_PATH='$root/usr/lib/x86_64-linux-gnu' '$root/usr/bin/pstorectl' --version"

# The build-tree binary runs without installing ($ORIGIN rpath); the installed one has no
# rpath (issue 10).
check "build/pstorectl runs without LD_LIBRARY_PATH" \
	bash -c 'env -u LD_LIBRARY_PATH "$1" --version >/dev/null' _ "$BUILD/pstorectl"
check "the build-tree binary's rpath is \$ORIGIN" bash -c "readelf -d '$BUILD/pstorectl' | grep -q 'R.*PATH.*\[\\\$ORIGIN\]'"
check "the installed binary has no rpath" bash -c "! readelf -d '$root/usr/bin/pstorectl' | grep -q 'R.*PATH'"
# make install runs ldconfig into the system as root, never into a DESTDIR.
make -s -n -C "$TOP" install DESTDIR="$root" BUILD="$BUILD" >"$T/out" 2>&1
check "no ldconfig into a DESTDIR" bash -c '! grep -q "ldconfig;" "$1"' _ "$T/out"
if [ "$(id -u)" = 0 ]; then
	make -s -n -C "$TOP" install PREFIX="$T/prefix" BUILD="$BUILD" >"$T/out" 2>&1
	check "ldconfig when installing into the system as root" grep -q "ldconfig;" "$T/out"
fi

# CROSS_COMPILE prefixes the compiler and archiver.
make -s -n -C "$TOP" BUILD="$T/cross" CROSS_COMPILE=aarch64-linux-gnu- all >"$T/out" 2>&1
check "CROSS_COMPILE prefixes CC" grep -q 'aarch64-linux-gnu-gcc' "$T/out"
check "CROSS_COMPILE prefixes AR" grep -q 'aarch64-linux-gnu-ar' "$T/out"
make -s -n -C "$TOP" BUILD="$T/cross" PKG_CONFIG=/bin/echo all >"$T/out" 2>&1
check "PKG_CONFIG is honoured" grep -q -- '--cflags libkmod' "$T/out"

make -s -C "$TOP" uninstall DESTDIR="$root" PREFIX=/usr MANDIR=/usr/share/man \
	LIBDIR=/usr/lib/x86_64-linux-gnu BUILD="$BUILD" >/dev/null 2>&1
check "make uninstall removes every file" test -z "$(find "$root" -type f -o -type l)"
echo "1..$_n"
