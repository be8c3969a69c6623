#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl mount: idempotent; clear errors without pstore, without root, with a sysroot.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/records-lib.sh"

run mount --help
expect_rc "mount --help" 0
expect_out "mount --help" '^Usage: pstorectl mount'

root=$(sysroot_with "")
run --sysroot "$root" mount
expect_rc "already mounted" 0
expect_out "already mounted: says where" "already mounted on /sys/fs/pstore"

printf '1 1 0:2 / / rw - rootfs rootfs rw\n' >"$root/proc/self/mountinfo"
printf 'nodev\tsysfs\nnodev\tproc\n' >"$root/proc/filesystems"
run --sysroot "$root" mount
expect_rc "kernel without pstore" 1
expect_one_error "kernel without pstore"
expect_err "kernel without pstore" "no pstore: 'pstore' is not in /proc/filesystems"
cp "$FIXTURES/records-sysroot/proc/filesystems" "$root/proc/filesystems"
run --sysroot "$root" mount
expect_rc "with a sysroot" 1
expect_err "with a sysroot: refused" "cannot mount into another system"

# Not root (the host's own state: only when pstore is not mounted here).
if grep -q ' - pstore ' /proc/self/mountinfo; then
	skip "not root" "pstore is mounted on this host"
elif ! grep -qw pstore /proc/filesystems; then
	skip "not root" "this kernel has no pstore"
elif [ "$(id -u)" = 0 ]; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$PSTORECTL" mount >"$T/out" 2>"$T/err"; rc=$?
	expect_rc "not root" 1
	expect_err "not root" "mounting pstore needs root"
else
	run mount
	expect_rc "not root" 1
	expect_err "not root" "mounting pstore needs root"
fi

# Really mount, in a private mount namespace, twice.
if [ "$(id -u)" = 0 ] && grep -qw pstore /proc/filesystems && unshare -m true 2>/dev/null; then
	mkdir -p "$T/mnt"
	unshare -m --propagation private bash -c '
		grep -q " - pstore " /proc/self/mountinfo && umount -a -t pstore
		"$1" mount "$2" && "$1" mount "$2" && grep " - pstore " /proc/self/mountinfo' \
		_ "$PSTORECTL" "$T/mnt" >"$T/out" 2>"$T/err"; rc=$?
	expect_rc "mount in a namespace" 0
	expect_out "mounted" "^mounted pstore on $T/mnt$"
	expect_out "second time: already" "already mounted on $T/mnt"
	expect_out "mountinfo shows it" "$T/mnt .* - pstore "
else
	skip "mount in a private namespace" "needs root, pstore and unshare"
fi
echo "1..$_n"
