#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Cross builds, as make plans them (make -n: no compiler needed): ARCH=arm64 and armhf pick
# Debian's cross compiler, the target's pkg-config and a build directory of their own, and
# every architecture gets 64-bit file offsets and time.
. "$(dirname "$0")/lib.sh"

for spec in arm64:aarch64-linux-gnu armhf:arm-linux-gnueabihf; do
	a=${spec%%:*} t=${spec#*:}
	make -s -n -B -C "$TOP" ARCH="$a" all >"$T/out" 2>&1
	check "ARCH=$a compiles with $t-gcc" grep -q "^$t-gcc " "$T/out"
	check "ARCH=$a archives with $t-ar" grep -q "$t-ar rcs" "$T/out"
	check "ARCH=$a builds in build-$a/" grep -q ' -o build-'"$a"'/lib/' "$T/out"
	check "ARCH=$a leaves build/ alone" bash -c '! grep -q " -o build/" "$1"' _ "$T/out"
	check "ARCH=$a asks for 64-bit off_t and time_t" grep -q -- '-D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64' "$T/out"
	make -s -n -B -C "$TOP" CROSS_COMPILE="$t-" all >"$T/out2" 2>&1
	check "CROSS_COMPILE=$t- builds in build-$a/ too" grep -q ' -o build-'"$a"'/lib/' "$T/out2"
	make -s -n -C "$TOP" ARCH="$a" deps >"$T/out" 2>&1
	check "make deps ARCH=$a installs the cross compiler and the :$a libraries" \
		grep -q "gcc-$t .*libkmod-dev:$a .*qemu-user-static" "$T/out"
	check "make deps ARCH=$a adds the dpkg architecture" grep -q "dpkg --add-architecture $a" "$T/out"
	# The target's pkg-config reads the target's .pc files, not the build machine's.
	pc=$(make -s -C "$TOP" ARCH="$a" -p -n all 2>/dev/null | sed -n 's/^PKG_CONFIG := //p' | head -1)
	check "ARCH=$a uses the target's pkg-config ($pc)" bash -c \
		'case $1 in "$2-pkg-config" | *"/usr/lib/$2/pkgconfig"*) ;; *) exit 1 ;; esac' _ "$pc" "$t"
done
check "BUILD in the environment (the native one) does not move a cross build" bash -c \
	'BUILD=/elsewhere make -s -n -B -C "$1" ARCH=armhf all 2>&1 | grep -q " -o build-armhf/lib/"' _ "$TOP"
make -s -n -B -C "$TOP" all >"$T/out" 2>&1
check "a native build still uses gcc and its own build directory" bash -c \
	'grep -qE "^gcc .* -o ([^ ]*/)?build[^ /]*/lib/" "$1" && ! grep -qE "build-arm(64|hf)/" "$1"' _ "$T/out"
check "ARCH from the environment is ignored (kernel developers export it)" bash -c \
	'ARCH=arm64 make -s -n -B -C "$1" all 2>&1 | grep -q "^gcc "' _ "$TOP"
echo "1..$_n"
