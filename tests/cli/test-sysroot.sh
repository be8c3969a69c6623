#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# --sysroot is confined (issue 11 item 5): symlinks in the tree resolve inside it, never on
# the host, with openat2 and with the walk that replaces it (PSTORE_TEST_NO_OPENAT2=1);
# a sysroot that is not there is a usage error for every verb (issue 10).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/records-lib.sh"

# The "host" files the attacks aim at: temporary stand-ins, never the real /etc/shadow.
host=$T/host
mkdir -p "$host/pstore"
printf 'root:$6$HOSTSECRETHASH:19000:0:99999:7:::\n' >"$host/shadow"
printf 'host log line\n' >"$host/log"
cp "$host/log" "$T/log.orig"
printf 'HOSTRECORD secret crash text\n' >"$host/pstore/dmesg-ramoops-0"

for mode in openat2 walk; do
	if [ $mode = walk ]; then export PSTORE_TEST_NO_OPENAT2=1; else unset PSTORE_TEST_NO_OPENAT2; fi

	# Attack 1: S/dev/pmsg0 -> /some/host/file made `write` append to the host file.
	S=$(sysroot_with "")
	mkdir -p "$S/dev"
	ln -s "$host/log" "$S/dev/pmsg0"
	run --sysroot "$S" write "INJECTED"
	expect_rc "$mode: write through an absolute pmsg0 link is refused" 1
	expect_one_error "$mode: write through an absolute pmsg0 link"
	check "$mode: the host file is untouched" cmp -s "$host/log" "$T/log.orig"
	check "$mode: nothing was created inside the sysroot either" test ! -e "$S$host/log"
	# The same with a relative link climbing out of the tree.
	rm "$S/dev/pmsg0"
	ln -s "../../../host/log" "$S/dev/pmsg0"
	run --sysroot "$S" write "INJECTED"
	expect_rc "$mode: write through a relative link out of the tree is refused" 1
	check "$mode: the host file is untouched (relative link)" cmp -s "$host/log" "$T/log.orig"
	# A regular file in its place is not the device either.
	rm "$S/dev/pmsg0"
	: >"$S/dev/pmsg0"
	run --sysroot "$S" write "to a file"
	expect_rc "$mode: write to a regular file is refused" 1
	expect_err "$mode: the refusal names the path" "^pstorectl: write: $S/dev/pmsg0: not a character device"
	check "$mode: the regular file stays empty" test ! -s "$S/dev/pmsg0"

	# Attack 2: S/proc/config.gz -> /etc/shadow made `check` print the host file's line.
	S=$(sysroot_with "")
	mkdir -p "$S/proc"
	ln -s "$host/shadow" "$S/proc/config.gz"
	run --sysroot "$S" check
	check "$mode: check does not print the host file (stdout)" bash -c '! grep -q HOSTSECRET "$1"' _ "$T/out"
	check "$mode: check does not print the host file (stderr)" bash -c '! grep -q HOSTSECRET "$1"' _ "$T/err"
	run --sysroot "$S" check -J
	check "$mode: check -J does not print the host file" bash -c '! grep -q HOSTSECRET "$1" "$2"' _ "$T/out" "$T/err"
	# A relative link that climbs above the sysroot stops at its root.
	rm "$S/proc/config.gz"
	ln -s "../../../../../../../../host/shadow" "$S/proc/config.gz"
	run --sysroot "$S" check -J
	check "$mode: a relative link out of the tree does not reach the host file" \
		bash -c '! grep -q HOSTSECRET "$1" "$2"' _ "$T/out" "$T/err"

	# The live mount: S/sys/fs/pstore -> a host directory lists nothing of the host.
	S=$(sysroot_with "")
	rm -rf "$S/sys/fs/pstore"
	ln -s "$host/pstore" "$S/sys/fs/pstore"
	run --sysroot "$S" ls
	check "$mode: ls does not list the host directory" bash -c '! grep -q dmesg-ramoops-0 "$1"' _ "$T/out"
	run --sysroot "$S" cat dmesg-ramoops-0
	check "$mode: cat does not print a host record" bash -c '! grep -q HOSTRECORD "$1" "$2"' _ "$T/out" "$T/err"
	# A per-backend subdirectory that leads out of the mount is not followed either.
	S=$(sysroot_with "")
	ln -s "$host/pstore" "$S/sys/fs/pstore/ramoops"
	run --sysroot "$S" cat
	check "$mode: cat does not follow a subdirectory link out of the mount" \
		bash -c '! grep -q HOSTRECORD "$1" "$2"' _ "$T/out" "$T/err"

	# Links that stay inside the sysroot still work: /dev/pmsg0 absent but /proc a link.
	S=$(sysroot_with "")
	mv "$S/proc" "$S/proc.real"
	ln -s /proc.real "$S/proc"
	run --sysroot "$S" ls
	expect_rc "$mode: an absolute link inside the tree resolves inside it" 0
done
unset PSTORE_TEST_NO_OPENAT2

# A sysroot that is not there: one line, exit 2, for every verb (issue 10).
for verb in check ls status cat tail clear plan dts load mount write; do
	run --sysroot "$T/no-such-root" $verb
	expect_rc "$verb on a nonexistent --sysroot" 2
	check "$verb on a nonexistent --sysroot: one line naming it" \
		test "$err" = "pstorectl: --sysroot $T/no-such-root: No such file or directory"
done
run --sysroot "$host/log" ls
expect_rc "a --sysroot that is a file" 2
expect_err "a --sysroot that is a file: named" "^pstorectl: --sysroot $host/log: Not a directory$"
echo "1..$_n"
