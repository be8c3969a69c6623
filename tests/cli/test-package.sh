#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The Debian packaging cannot silently rot: `make install` with the paths debian/rules
# gives puts every file where one of the debian/*.install files claims it, each file is
# claimed by exactly one package, the symbols file lists exactly what the library exports,
# and debian/changelog carries the Makefile's version. (`make deb` runs the real
# dpkg-buildpackage and lintian.)
. "$(dirname "$0")/lib.sh"

deb=$TOP/debian
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
root=$T/root
# The variables debian/rules passes to make (the Debian paths), read from the file itself.
vars=$(sed -n '/^MAKE_VARS :=/,/[^\\]$/p' "$deb/rules" | sed 's/^MAKE_VARS :=//; s/\\$//' | tr -s ' \n' ' ')
vars=${vars//'$(DEB_HOST_MULTIARCH)'/$ma}
check "debian/rules passes PREFIX and LIBDIR" bash -c '[[ $1 == *PREFIX=/usr* && $1 == *LIBDIR=/usr/lib/* ]]' _ "$vars"
# shellcheck disable=SC2086  # word splitting of the make variables is wanted
make -s -C "$TOP" install DESTDIR="$root" $vars BUILD="$BUILD" >"$T/out" 2>"$T/err"; rc=$?
expect_rc "make install with debian/rules' variables" 0

(cd "$root" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort) >"$T/installed"
check "make install installed files" test -s "$T/installed"
: >"$T/claimed"
for inst in "$deb"/*.install; do
	pkg=$(basename "$inst" .install)
	check "package $pkg of $(basename "$inst") is in debian/control" grep -qx "Package: $pkg" "$deb/control"
	while read -r pat; do
		[[ -z $pat || $pat == \#* ]] && continue
		pat=${pat//'${DEB_HOST_MULTIARCH}'/$ma}
		n=0
		while read -r f; do
			# shellcheck disable=SC2053  # $pat is a glob on purpose
			[[ $f == $pat ]] && { echo "$pkg $f" >>"$T/claimed"; n=$((n + 1)); }
		done <"$T/installed"
		check "$pkg: '$pat' matches an installed file" test "$n" -gt 0
	done <"$inst"
done
cut -d' ' -f2 "$T/claimed" | sort >"$T/claimed-files"
check "every installed file is in a package (dh_missing --fail-missing)" \
	bash -c 'comm -23 "$1" "$2" | sed "s/^/# not packaged: /"; [ -z "$(comm -23 "$1" "$2")" ]' _ "$T/installed" "$T/claimed-files"
check "no file is in two packages" bash -c '[ -z "$(uniq -d "$1")" ]' _ "$T/claimed-files"
check "the man pages and completions are in pstorectl" bash -c \
	'[ "$(grep -c "^pstorectl usr/share/man/man[58]/" "$1")" -eq "$(ls "$2"/man/*.scd | wc -l)" ] &&
	 grep -q "^pstorectl usr/share/bash-completion/" "$1" && grep -q "^pstorectl usr/share/zsh/" "$1" &&
	 grep -q "^pstorectl usr/share/fish/" "$1"' _ "$T/claimed" "$TOP"
check "the systemd units are in pstorectl" bash -c \
	'[ "$(grep -c "^pstorectl \(usr/\)\?lib/systemd/system/pstorectl-.*\.service$" "$1")" -eq "$(ls "$2"/systemd/*.service.in | wc -l)" ]' \
	_ "$T/claimed" "$TOP"
check "debian/rules starts the marker unit at installation, not the archive" bash -c \
	'grep -q "dh_installsystemd .*--no-start pstorectl-archive.service" "$1" &&
	 grep -q "dh_installsystemd .*pstorectl-marker.service" "$1"' _ "$deb/rules"
check "the runtime library is in libpstore0" grep -qx "libpstore0 usr/lib/$ma/libpstore.so.0" "$T/claimed"
check "the header, .so, .a and .pc are in libpstore-dev" bash -c \
	'for f in usr/include/libpstore.h usr/lib/$2/libpstore.so usr/lib/$2/libpstore.a usr/lib/$2/pkgconfig/libpstore.pc; do
		grep -qx "libpstore-dev $f" "$1" || exit 1; done' _ "$T/claimed" "$ma"
check "the .pc file names the multiarch libdir" grep -qx "libdir=/usr/lib/$ma" "$root/usr/lib/$ma/pkgconfig/libpstore.pc"

# The symbols file: exactly the library's exported symbols (regenerate with make deb-symbols).
so=$(ls "$root/usr/lib/$ma"/libpstore.so.0.*)
nm -D --defined-only "$so" | awk '{print $3}' | sed 's/@@/@/; s/^\(LIBPSTORE_[0-9.]*\)$/\1@\1/' | sort -u >"$T/exported"
sed -n 's/^ \([^ ]*\) .*/\1/p' "$deb/libpstore0.symbols" | sort -u >"$T/symbols"
check "debian/libpstore0.symbols lists exactly the exported symbols (run make deb-symbols)" \
	bash -c 'diff "$1" "$2" | sed "s/^/# /" | head -20; cmp -s "$1" "$2"' _ "$T/exported" "$T/symbols"
check "the symbols file is for libpstore.so.0 in libpstore0" grep -q '^libpstore.so.0 libpstore0 ' "$deb/libpstore0.symbols"

# Versions and formats.
mkver=$(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")
chver=$(dpkg-parsechangelog -l "$deb/changelog" -S Version 2>/dev/null || sed -n '1s/.*(\(.*\)).*/\1/p' "$deb/changelog")
check "debian/changelog's version ($chver) is the Makefile's ($mkver)" test "${chver%%-*}" = "$mkver"
check "debhelper compat 13" grep -q 'debhelper-compat (= 13)' "$deb/control"
check "debian/rules is executable" test -x "$deb/rules"
echo "1..$_n"
