#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl status (and pstorectl without a verb): backend, mount, records, newest dump.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/records-lib.sh"

run status --help
expect_rc "status --help" 0
expect_out "status --help" '^Usage: pstorectl status'

src=$FIXTURES/records-handmade
c=minimal-ecc16
if have_captured $c; then src=$(captured $c); fi
root=$(sysroot_with "$src")
n=$(cd "$root/sys/fs/pstore" && find . -type f ! -name .keep | wc -l)
run --sysroot "$root"
expect_rc "no verb = status" 0
expect_out "backend" "^Backend: +ramoops$"
expect_out "mount point" "^Mounted: +$root/sys/fs/pstore$"
expect_out "record count" "^Records: +$n "
run --sysroot "$root" status -J
expect_rc "status -J" 0
expect_json "-J: backend" '.backend == "ramoops" and .mounted == true and .source == "mount"'
expect_json "-J: records" ".records == $n"
if have_captured $c; then
	t=$(utc "$(mtime_of "$src" dmesg-ramoops-0)")
	expect_json "-J: the dump, at its mtime $t" ".dump.name == \"dmesg-ramoops-0\" and .dump.reason == \"panic\" and .dump.count == 1 and .dump.part == 1 and .dump.time == \"$t\""
	expect_json "-J: types" '.types.dmesg == 1 and .types.console == 1 and .types.pmsg == 1'
	run --sysroot "$root" status
	expect_out "the header as the kernel wrote it" "^Last dump: +$(head -1 "$src/dmesg-ramoops-0") at $t \(dmesg-ramoops-0\)$"
fi
if have_captured minimal-shutdown; then
	run status --dir "$(captured minimal-shutdown)" -J
	expect_json "a shutdown dump" '.dump.reason == "shutdown"'
fi

# Not mounted: said, not an error.
root=$(sysroot_with "")
printf '1 1 0:2 / / rw - rootfs rootfs rw\n' >"$root/proc/self/mountinfo"
rm "$root/sys/module/pstore/parameters/backend"
run --sysroot "$root" status
expect_rc "not mounted" 0
expect_out "not mounted" "^Mounted: +no \(pstore is not mounted"
expect_out "no backend" "^Backend: +none registered$"
run --sysroot "$root" status -J
expect_json "not mounted -J" '.mounted == false and .backend == null and .dump == null and .records == 0'
# systemd-pstore (Debian 12: enabled, Storage=external, Unlink=yes) moved the records out
# at boot: pstore is empty, status says where they went and how to read them.
root=$(sysroot_with "")
mkdir -p "$root/lib/systemd/system" "$root/etc/systemd/system/sysinit.target.wants" \
	"$root/var/lib/systemd/pstore/1706000000"
echo '[Unit]' >"$root/lib/systemd/system/systemd-pstore.service"
ln -s /lib/systemd/system/systemd-pstore.service "$root/etc/systemd/system/sysinit.target.wants/"
run --sysroot "$root" status -J
expect_json "systemd-pstore: enabled, nothing archived" '.systemd_pstore.unit == "enabled" and
	.systemd_pstore.storage == "external" and .systemd_pstore.unlink == true and
	.systemd_pstore.takes_records == true and .systemd_pstore.archived == 0 and
	.systemd_pstore.newest == null'
run --sysroot "$root" status
check "systemd-pstore: no Moved line while its archive is empty" bash -c '! grep -q "^Moved:" "$1"' _ "$T/out"
printf 'Panic#1 Part1\n' >"$root/var/lib/systemd/pstore/dmesg-ramoops-0"
printf 'dmesg-erst-1706000000001001:\nOops#1 Part1\n' >"$root/var/lib/systemd/pstore/1706000000/dmesg.txt"
touch -d @1700000000 "$root/var/lib/systemd/pstore/dmesg-ramoops-0"
touch -d @1700000100 "$root/var/lib/systemd/pstore/1706000000/dmesg.txt"
run --sysroot "$root" status
expect_rc "systemd-pstore archive" 0
expect_out "systemd-pstore: pstore is empty" "^Records: +0$"
expect_out "systemd-pstore: where the records went" "^Moved: +2 records to $root/var/lib/systemd/pstore by systemd-pstore \(newest 1706000000/dmesg.txt, $(utc 1700000100)\)$"
expect_out "systemd-pstore: how to read them" "^ +read them: pstorectl ls --dir $root/var/lib/systemd/pstore$"
run --sysroot "$root" status -J
expect_json "systemd-pstore -J" ".systemd_pstore.archived == 2 and .systemd_pstore.archive == \"$root/var/lib/systemd/pstore\" and .systemd_pstore.newest == \"1706000000/dmesg.txt\" and .systemd_pstore.newest_time == \"$(utc 1700000100)\""
run ls --dir "$root/var/lib/systemd/pstore"
expect_out "the hint's command lists the flat record" "^dmesg-ramoops-0 "
expect_out "the hint's command lists the per-id dmesg.txt" "^1706000000/dmesg.txt "
run status --dir "$root/var/lib/systemd/pstore" -J
expect_json "--dir: no systemd-pstore look-up" '.systemd_pstore == null and .records == 2'
run status --dir "$T/nonexistent"
expect_rc "missing --dir" 1
run status bogus
expect_rc "an argument" 2
echo "1..$_n"
