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
run status --dir "$T/nonexistent"
expect_rc "missing --dir" 1
run status bogus
expect_rc "an argument" 2
echo "1..$_n"
