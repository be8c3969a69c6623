#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Fetch the Debian kernels, busybox, kdump tools and kernel source the e2e suite boots, into
# a cache outside git, and build the minimal x86_64, armhf and arm64 kernels. Idempotent:
# the cache
# key is the Debian package version (plus a config hash for the minimal kernel), so a warm
# cache needs neither network nor a compiler.
#
# Usage: tests/e2e/fetch.sh [all|debs|minimal|systemd]     (default: all)
# Writes $CACHE/fetched.env with the paths the harness sources.
set -euo pipefail
shopt -s inherit_errexit

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=config.sh
. "$E2E_DIR/config.sh"

# Scenario 16 (kdump on arm64): Debian's arm64 kexec-tools and makedumpfile, libkdumpfile
# for the arm64 pstorectl (it loads it with dlopen) and the :arm64 libraries these need
# that a host with the cross toolchain's libc6:arm64 lacks (Debian's arm64 kexec also links
# the Xen libraries). Unpacked only, never installed; the guest gets them from there.
if ! declare -p KDUMP_PKGS_ARM64 >/dev/null 2>&1; then
	KDUMP_PKGS_ARM64=(kexec-tools makedumpfile libkdumpfile10 libxenmisc4.17 libxentoollog1
		libxencall1 libxenevtchn1 libxengnttab1 libxenforeignmemory1 libxendevicemodel1
		libxentoolcore1 libxenstore4 libxenhypfs1 libyajl2 libuuid1 libext2fs2 libdw1 libelf1
		libbz2-1.0 libsnappy1v5 libstdc++6 libgcc-s1 liblzma5 libzstd1 liblzo2-2 zlib1g libfdt1)
fi

log() { printf 'fetch: %s\n' "$*" >&2; }
die() { printf 'fetch: error: %s\n' "$*" >&2; exit 1; }

# The candidate version apt would download. Reading it from the local apt lists costs
# no network, which is what lets a warm cache be reused offline.
pkg_version() {
	local v
	v=$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
	[[ -n $v && $v != "(none)" ]] ||
		die "apt knows no candidate for '$1' (run 'apt-get update'; for :arm64 also 'dpkg --add-architecture arm64')"
	printf '%s\n' "$v"
}

# need_foreign_arch ARCH PKG: dpkg must know ARCH before apt can download PKG:ARCH.
need_foreign_arch() {
	# grep without -q reads to the end: an early exit would SIGPIPE dpkg under pipefail.
	if ! dpkg --print-foreign-architectures | grep -x "$1" >/dev/null; then
		log "adding dpkg architecture $1 (needed to download :$1 packages)"
		dpkg --add-architecture "$1"
		apt-get update -q >&2 || die "apt-get update failed"
	fi
	# grep -c, not -q: an early grep exit would SIGPIPE apt-cache and trip pipefail.
	if [[ $(apt-cache policy "$2:$1" | grep -c 'Candidate: [0-9]') == 0 ]]; then
		apt-get update -q >&2 || die "apt-get update failed"
	fi
}

# apt names a .deb NAME_VERSION_ARCH.deb with the epoch colon written as %3a, and
# architecture-independent packages (linux-source) as _all.
find_deb() {
	local v=${2//:/%3a}
	find "$E2E_CACHE/debs" -maxdepth 1 \( -name "${1}_${v}_${3}.deb" -o -name "${1}_${v}_all.deb" \) \
		-print -quit
}

# fetch_pkg PKG[:ARCH] -> prints the extracted directory. Re-extracts only when the
# version changed; a ".complete" stamp guards against half-extracted trees.
fetch_pkg() {
	local spec=$1 name arch ver dir deb
	name=${spec%%:*}
	arch=amd64
	[[ $spec == *:* ]] && arch=${spec#*:}
	ver=$(pkg_version "$spec")
	dir="$E2E_CACHE/pkgs/${name}_${ver//:/%3a}_${arch}"
	if [[ -f $dir/.complete ]]; then
		printf '%s\n' "$dir"
		return
	fi
	mkdir -p "$E2E_CACHE/debs"
	deb=$(find_deb "$name" "$ver" "$arch")
	if [[ -z $deb ]]; then
		log "downloading $spec=$ver"
		(cd "$E2E_CACHE/debs" && apt-get download -q -o APT::Sandbox::User=root "$spec=$ver" >&2) ||
			die "apt-get download $spec=$ver failed"
		deb=$(find_deb "$name" "$ver" "$arch")
		[[ -n $deb ]] || die "downloaded $spec but cannot find its .deb in $E2E_CACHE/debs"
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	dpkg-deb -x "$deb" "$dir"
	# The kernel .debs ship no modules.dep; modprobe in the guest needs one.
	local k
	for k in "$dir"/lib/modules/*; do
		[[ -d $k ]] && depmod -b "$dir" "${k##*/}" >&2
	done
	touch "$dir/.complete"
	printf '%s\n' "$dir"
}

kver_of() { # the single kernel release inside an extracted linux-image package
	local d
	for d in "$1"/lib/modules/*; do printf '%s\n' "${d##*/}"; return; done
	die "no lib/modules in $1"
}

# The linux-source tarball unpacked once per version; used by the minimal kernel build
# and for the DT binding yaml files.
fetch_source() {
	local pkgdir ver src tarball
	pkgdir=$(fetch_pkg "$PKG_SRC61")
	ver=$(pkg_version "$PKG_SRC61")
	src="$E2E_CACHE/src/linux-source-6.1_$ver"
	if [[ ! -f $src/.complete ]]; then
		tarball=$(find "$pkgdir/usr/src" -maxdepth 1 -name 'linux-source-*.tar.xz' -print -quit)
		[[ -n $tarball ]] || die "no linux-source tarball in $pkgdir"
		log "unpacking $(basename "$tarball")"
		rm -rf "$src"
		mkdir -p "$src"
		tar -xJf "$tarball" -C "$src" --strip-components=1
		touch "$src/.complete"
	fi
	printf '%s\n' "$src"
}

minimal_hash() { # source version + option list + this recipe decide the build
	{
		pkg_version "$PKG_SRC61"
		printf '%s\n' "${MINIMAL_OPTIONS[@]}"
		echo "recipe 1: tinyconfig, scripts/config --enable, olddefconfig, bzImage"
	} | sha256sum | cut -c1-16
}

# build_minimal SRC OUT [KARCH CROSS IMAGE OPTIONS-ARRAY]: tinyconfig plus the options,
# each checked =y, for x86_64 (bzImage) or, cross-compiled, armhf (zImage).
build_minimal() {
	local src=$1 out=$2 karch=${3:-x86_64} cross=${4:-} image=${5:-arch/x86/boot/bzImage} o
	local -n opts=${6:-MINIMAL_OPTIONS}
	local kmake=(make -s -C "$src" O="$out.tmp" ARCH="$karch" ${cross:+CROSS_COMPILE=$cross})
	rm -rf "$out.tmp"
	mkdir -p "$out.tmp"
	"${kmake[@]}" tinyconfig >&2
	local args=()
	for o in "${opts[@]}"; do args+=(--enable "$o"); done
	"$src/scripts/config" --file "$out.tmp/.config" "${args[@]}"
	"${kmake[@]}" olddefconfig >&2
	# olddefconfig silently drops options whose dependencies are missing (without
	# MISC_FILESYSTEMS, PSTORE stays off): refuse to build a kernel that lacks one.
	local missing=()
	for o in "${opts[@]}"; do
		grep -qx "CONFIG_$o=y" "$out.tmp/.config" || missing+=("$o")
	done
	((${#missing[@]} == 0)) || die "minimal kernel config lacks: ${missing[*]}"
	local t0=$SECONDS
	"${kmake[@]}" -j"$(nproc)" "${image##*/}" >&2
	log "minimal $karch kernel built in $((SECONDS - t0)) s"
	mkdir -p "$out"
	cp "$out.tmp/$image" "$out/${image##*/}"
	cp "$out.tmp/.config" "$out/config"
	cp "$out.tmp/System.map" "$out/System.map"
	"${kmake[@]}" kernelrelease >"$out/kernelrelease"
	rm -rf "$out.tmp"
	touch "$out/.complete"
}

fetch_minimal() {
	local h out src
	h=$(minimal_hash)
	out="$E2E_CACHE/minimal/$h"
	if [[ ! -f $out/.complete ]]; then
		src=$(fetch_source)
		log "building minimal kernel (config hash $h)"
		build_minimal "$src" "$out"
	fi
	printf '%s\n' "$out"
}

# The minimal armhf kernel, cross-compiled with Debian's gcc-arm-linux-gnueabihf.
fetch_minimal_armhf() {
	local h out src
	h=$({
		pkg_version "$PKG_SRC61"
		printf '%s\n' "${MINIMAL_ARMHF_OPTIONS[@]}"
		echo "recipe 1: ARCH=arm tinyconfig, scripts/config --enable, olddefconfig, zImage"
	} | sha256sum | cut -c1-16)
	out="$E2E_CACHE/minimal-armhf/$h"
	if [[ ! -f $out/.complete ]]; then
		# Only scenario 7 needs it: without the cross compiler it says so, the rest runs.
		if ! command -v arm-linux-gnueabihf-gcc >/dev/null; then
			log "no arm-linux-gnueabihf-gcc (make deps ARCH=armhf): no minimal armhf kernel"
			return 0
		fi
		src=$(fetch_source)
		log "building minimal armhf kernel (config hash $h)"
		build_minimal "$src" "$out" arm arm-linux-gnueabihf- arch/arm/boot/zImage MINIMAL_ARMHF_OPTIONS
	fi
	printf '%s\n' "$out"
}

# The minimal arm64 kernel (an uncompressed Image), cross-compiled with Debian's
# gcc-aarch64-linux-gnu: Debian's arm64 kernels have no LKDTM to provoke a real oops.
fetch_minimal_arm64() {
	local h out src
	h=$({
		pkg_version "$PKG_SRC61"
		printf '%s\n' "${MINIMAL_ARM64_OPTIONS[@]}"
		echo "recipe 1: ARCH=arm64 tinyconfig, scripts/config --enable, olddefconfig, Image"
	} | sha256sum | cut -c1-16)
	out="$E2E_CACHE/minimal-arm64/$h"
	if [[ ! -f $out/.complete ]]; then
		# Only scenario 14 needs it: without the cross compiler it says so, the rest runs.
		if ! command -v aarch64-linux-gnu-gcc >/dev/null; then
			log "no aarch64-linux-gnu-gcc (make deps ARCH=arm64): no minimal arm64 kernel"
			return 0
		fi
		src=$(fetch_source)
		log "building minimal arm64 kernel (config hash $h)"
		build_minimal "$src" "$out" arm64 aarch64-linux-gnu- arch/arm64/boot/Image MINIMAL_ARM64_OPTIONS
	fi
	printf '%s\n' "$out"
}

# The minimal kernel with what systemd and a root file system on virtio need
# (MINIMAL_SYSTEMD_OPTIONS), for the systemd scenarios; its own variant and cache dir.
fetch_minimal_systemd() {
	local h out src
	h=$({
		pkg_version "$PKG_SRC61"
		printf '%s\n' "${MINIMAL_SYSTEMD_OPTIONS[@]}"
		echo "recipe 1: tinyconfig, scripts/config --enable, olddefconfig, bzImage"
	} | sha256sum | cut -c1-16)
	out="$E2E_CACHE/minimal-systemd/$h"
	if [[ ! -f $out/.complete ]]; then
		src=$(fetch_source)
		log "building minimal systemd kernel (config hash $h)"
		build_minimal "$src" "$out" x86_64 "" arch/x86/boot/bzImage MINIMAL_SYSTEMD_OPTIONS
	fi
	printf '%s\n' "$out"
}

# The Debian root file system of the systemd scenarios: mmdebstrap --variant=minbase with
# ROOTFS_PACKAGES, as a tarball (extracted per run, pstorectl installed into the copy, then
# mke2fs -d). Keyed by the suite, the package list and this recipe (bump its version when
# the hooks change). Without mmdebstrap the scenarios that need it say so; the rest runs.
ROOTFS_MIRRORS=(
	"deb ${PSTORECTL_E2E_ROOTFS_MIRROR:-http://deb.debian.org/debian} $ROOTFS_SUITE main"
	"deb ${PSTORECTL_E2E_ROOTFS_SECURITY:-http://deb.debian.org/debian-security} $ROOTFS_SUITE-security main"
)
rootfs_recipe() {
	cat <<'RECIPE'
recipe 1: mmdebstrap minbase; no docs/man/locales; empty fstab; gettys, timers and
e2scrub masked; journald to the journal only
RECIPE
}
rootfs_hash() {
	{
		printf '%s\n' "$ROOTFS_SUITE" "${ROOTFS_PACKAGES[@]}" "${ROOTFS_MIRRORS[@]}"
		rootfs_recipe
	} | sha256sum | cut -c1-16
}

fetch_rootfs() {
	local h out inc t0
	h=$(rootfs_hash)
	out="$E2E_CACHE/rootfs/$h"
	if [[ ! -f $out/.complete ]]; then
		if ! command -v mmdebstrap >/dev/null; then
			log "no mmdebstrap (make deps): no systemd root file system"
			return 0
		fi
		log "building the Debian $ROOTFS_SUITE root file system with mmdebstrap (hash $h)"
		rm -rf "$out"
		mkdir -p "$out"
		inc=$(IFS=,; echo "${ROOTFS_PACKAGES[*]}")
		t0=$SECONDS
		# stdin from /dev/null: mmdebstrap reads a sources.list from a stdin that is not a tty.
		mmdebstrap --variant=minbase --include="$inc" \
			--dpkgopt='path-exclude=/usr/share/man/*' \
			--dpkgopt='path-exclude=/usr/share/doc/*' \
			--dpkgopt='path-include=/usr/share/doc/*/copyright' \
			--dpkgopt='path-exclude=/usr/share/locale/*' \
			--dpkgopt='path-exclude=/usr/share/info/*' \
			--customize-hook='echo pstore-e2e >"$1/etc/hostname"' \
			--customize-hook='echo "# / comes from root= on the kernel command line" >"$1/etc/fstab"' \
			--customize-hook='systemctl --root="$1" mask getty@.service serial-getty@.service \
				console-getty.service apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer \
				e2scrub_all.timer e2scrub_reap.service fstrim.timer systemd-tmpfiles-clean.timer' \
			--customize-hook='mkdir -p "$1/etc/systemd/journald.conf.d" && printf "[Journal]\nForwardToConsole=no\nForwardToWall=no\n" >"$1/etc/systemd/journald.conf.d/e2e.conf"' \
			"$ROOTFS_SUITE" "$out/root.tar" "${ROOTFS_MIRRORS[@]}" </dev/null >&2 ||
			die "mmdebstrap failed"
		log "root file system built in $((SECONDS - t0)) s ($(du -h "$out/root.tar" | cut -f1))"
		rootfs_recipe >"$out/recipe"
		printf '%s\n' "${ROOTFS_PACKAGES[@]}" >"$out/packages"
		touch "$out/.complete"
	fi
	printf '%s\n' "$out"
}

write_env() {
	local f="$E2E_CACHE/fetched.env" tmp
	tmp=$(mktemp "$f.XXXXXX")
	cat >"$tmp"
	mv "$tmp" "$f"
}

main() {
	local what=${1:-all}
	mkdir -p "$E2E_CACHE"
	command -v apt-get >/dev/null || die "apt-get not found"
	# One fetch at a time: two runners sharing a cache must not extract over each other.
	exec 9>"$E2E_CACHE/.lock"
	flock 9

	need_foreign_arch arm64 "$PKG_K61_ARM64"
	need_foreign_arch armhf "$PKG_K61_ARMHF"
	local k61 k61g k61a k61h k612 bb bba bbh min="" minh="" mina="" minsd="" rootfs="" src
	k61=$(fetch_pkg "$PKG_K61_AMD64")
	k61g=$(fetch_pkg "$PKG_K61_AMD64_GENERIC")
	k61a=$(fetch_pkg "$PKG_K61_ARM64:arm64")
	k61h=$(fetch_pkg "$PKG_K61_ARMHF:armhf")
	k612=$(fetch_pkg "$PKG_K612_AMD64")
	bb=$(fetch_pkg busybox-static)
	bba=$(fetch_pkg busybox-static:arm64)
	bbh=$(fetch_pkg busybox-static:armhf)
	local kd=() p
	for p in "${KDUMP_PKGS_AMD64[@]}"; do kd+=("$(fetch_pkg "$p")"); done
	local kda=()
	for p in "${KDUMP_PKGS_ARM64[@]}"; do kda+=("$(fetch_pkg "$p:arm64")"); done
	if [[ $what == all || $what == minimal ]]; then
		min=$(fetch_minimal)
		minh=$(fetch_minimal_armhf)
		mina=$(fetch_minimal_arm64)
	fi
	if [[ $what == all || $what == systemd ]]; then
		minsd=$(fetch_minimal_systemd)
		rootfs=$(fetch_rootfs)
	fi
	src=$(fetch_source)
	write_env <<EOF
# generated by tests/e2e/fetch.sh; sourced by tests/e2e/lib.sh
K61_AMD64_ROOT='$k61'
K61_AMD64_KVER='$(kver_of "$k61")'
K61G_AMD64_ROOT='$k61g'
K61G_AMD64_KVER='$(kver_of "$k61g")'
K61_ARM64_ROOT='$k61a'
K61_ARM64_KVER='$(kver_of "$k61a")'
K61_ARMHF_ROOT='$k61h'
K61_ARMHF_KVER='$(kver_of "$k61h")'
K612_AMD64_ROOT='$k612'
K612_AMD64_KVER='$(kver_of "$k612")'
BUSYBOX_AMD64='$bb/bin/busybox'
BUSYBOX_ARM64='$bba/bin/busybox'
BUSYBOX_ARMHF='$bbh/bin/busybox'
MINIMAL_DIR='$min'
MINIMAL_ARMHF_DIR='$minh'
MINIMAL_ARM64_DIR='$mina'
MINIMAL_SYSTEMD_DIR='$minsd'
ROOTFS_DIR='$rootfs'
LINUX_SRC='$src'
KDUMP_AMD64_ROOTS='${kd[*]}'
KDUMP_ARM64_ROOTS='${kda[*]}'
EOF
	log "ready: $E2E_CACHE/fetched.env"
}

main "$@"
