#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl archive and boots: the per-boot archive, read back with --boot; durable,
# idempotent, and no record erased without a complete copy (a full or read-only file
# system, SIGKILL at every rename and erase of a large run).
. "$(dirname "$0")/lib.sh"

# mkrecs DIR N: N ramoops dumps, a console and a pmsg record
mkrecs() {
	mkdir -p "$1"
	for i in $(seq 0 $(($2 - 1))); do
		printf 'Panic#1 Part1\n<0>Kernel panic - not syncing: test %s\n' "$i" >"$1/dmesg-ramoops-$i"
		touch -d "@$((1790000000 + i))" "$1/dmesg-ramoops-$i"
	done
	printf 'console of the boot\nKernel panic - not syncing: test\n' >"$1/console-ramoops-0"
	printf 'a pmsg line\n' >"$1/pmsg-ramoops-0"
}
nboots() { find "$1" -mindepth 1 -maxdepth 1 -type d ! -name '.*' 2>/dev/null | wc -l; }

run archive --help
expect_rc "archive --help" 0
expect_out "archive --help" '^Usage: pstorectl archive'
run boots --help
expect_rc "boots --help" 0
run archive --max-boots x
expect_rc "--max-boots x" 2
run archive --dir "$T" extra
expect_rc "archive with an argument" 2

# an archive that does not exist lists no boots
run boots --archive "$T/none"
expect_rc "boots of a missing archive" 0
run ls --boot 0 --archive "$T/none"
expect_rc "ls --boot of an empty archive" 1
expect_err "...says so" "no such archived boot"

mkrecs "$T/p" 3
cp -a "$T/p" "$T/orig"
run archive --dir "$T/p" --to "$T/a" --keep
expect_rc "archive --keep" 0
b=$(cat "$T/out")
check "archive prints the boot directory" test -d "$b"
check "the boot directory is named by UTC time" grep -qE '/[0-9]{8}T[0-9]{6}Z$' "$T/out"
for f in dmesg-ramoops-0 dmesg-ramoops-2 console-ramoops-0 pmsg-ramoops-0 dmesg.txt \
	console.txt pmsg.txt reason.json records.json .archived; do
	check "boot directory has $f" test -f "$b/$f"
done
check "records are copied as stored" cmp -s "$b/dmesg-ramoops-1" "$T/orig/dmesg-ramoops-1"
check "dmesg.txt is the newest dump without its header" \
	test "$(cat "$b/dmesg.txt")" = "<0>Kernel panic - not syncing: test 2"
check "console.txt is the console" cmp -s "$b/console.txt" "$T/orig/console-ramoops-0"
check "reason.json is JSON" jq -e '.reason | type == "string"' "$b/reason.json" >/dev/null
check "records.json lists every record" test "$(jq '.records | length' "$b/records.json")" = 5
check "--keep leaves pstore as it is" diff -r "$T/p" "$T/orig"
check "no temporary left" test -z "$(find "$T/a" -name '.*.tmp*')"

run archive --dir "$T/p" --to "$T/a" --keep
expect_rc "archive again" 0
expect_no_out "archive again makes nothing"
check "still one boot" test "$(nboots "$T/a")" = 1

run boots --archive "$T/a"
expect_rc "boots" 0
expect_out "boots lists the boot" '^ +0 .* +5 '
run boots --archive "$T/a" -J
expect_json "boots -J" '.boots | length == 1 and .[0].idx == 0 and .[0].records == 5'
run ls --boot 0 --archive "$T/a" -J
expect_rc "ls --boot 0" 0
expect_json "ls --boot lists the archived records" '.records | length == 5'
run cat --boot 0 --archive "$T/a" dmesg-ramoops-1
expect_out "cat --boot" 'test 1'
run reason --boot 0 --archive "$T/a"
expect_rc "reason --boot" 0
run info --boot 0 --archive "$T/a"
check "info --boot runs" test "$rc" -le 1
run ls --boot 3 --archive "$T/a"
expect_rc "ls --boot out of range" 1

# without --keep: erased, and only what was archived
run archive --dir "$T/p" --to "$T/a"
expect_rc "archive erases the archived records" 0
check "pstore is empty" test -z "$(ls -A "$T/p")"
check "still one boot" test "$(nboots "$T/a")" = 1

# a second boot; retention
sleep 1
mkrecs "$T/p" 2
printf 'another console\n' >"$T/p/console-ramoops-0"
touch -d "@1790001000" "$T/p/dmesg-ramoops-0" "$T/p/dmesg-ramoops-1"
run archive --dir "$T/p" --to "$T/a"
expect_rc "second boot" 0
check "two boots" test "$(nboots "$T/a")" = 2
run boots --archive "$T/a" -J
expect_json "boots: -1 and 0" '.boots | length == 2 and .[0].idx == -1 and .[1].idx == 0'
run cat --boot 1 --archive "$T/a" dmesg-ramoops-2
expect_out "--boot 1 is the oldest" 'test 2'
mkrecs "$T/p" 1
touch -d "@1790002000" "$T/p/dmesg-ramoops-0"
run archive --dir "$T/p" --to "$T/a" --max-boots 2
expect_rc "archive --max-boots 2" 0
check "retention keeps two boots" test "$(nboots "$T/a")" = 2
run archive --dir "$T/p" --to "$T/a" --max-size 1
expect_rc "archive --max-size 1" 0
check "retention never removes the newest boot" test "$(nboots "$T/a")" = 1

# the multi-backend layout: records in per-backend subdirectories keep them in the boot
# directory (flat, two backends' dmesg-*-0 and the names read back would differ)
mkdir -p "$T/mb/ramoops" "$T/mb/efi"
printf 'Panic#1 Part1\n<0>Kernel panic - not syncing: from ramoops\n' >"$T/mb/ramoops/dmesg-ramoops-0"
printf 'console of ramoops\n' >"$T/mb/ramoops/console-ramoops-0"
printf 'Panic#1 Part1\n<0>Kernel panic - not syncing: from efi\n' >"$T/mb/efi/dmesg-efi-1"
touch -d "@1790003000" "$T/mb/ramoops/dmesg-ramoops-0" "$T/mb/efi/dmesg-efi-1"
cp -a "$T/mb" "$T/mborig"
run archive --dir "$T/mb" --to "$T/mba"
expect_rc "archive of per-backend subdirectories" 0
b=$(cat "$T/out")
for f in ramoops/dmesg-ramoops-0 ramoops/console-ramoops-0 efi/dmesg-efi-1; do
	check "subdirectories: the boot directory has $f as stored" cmp -s "$b/$f" "$T/mborig/$f"
done
check "subdirectories: records.json names the files in their subdirectories" \
	test "$(jq -r '[.records[].file] | sort | join(" ")' "$b/records.json" 2>/dev/null)" = \
	"efi/dmesg-efi-1 ramoops/console-ramoops-0 ramoops/dmesg-ramoops-0"
check "subdirectories: pstore erased" test -z "$(find "$T/mb" -type f)"
run ls --boot 0 --archive "$T/mba"
expect_out "subdirectories: read back under the names pstore gave them" '^ramoops/dmesg-ramoops-0 +dmesg'
expect_out "subdirectories: the other backend too" '^efi/dmesg-efi-1 +dmesg'
run archive --dir "$T/mb" --to "$T/mba"
expect_no_out "subdirectories: archive again makes nothing"
run boots --archive "$T/mba" -J -b
check "subdirectories: the boot's size counts its subdirectories' files" \
	test "$(jq '.boots[0].size' "$T/out" 2>/dev/null)" = "$(find "$b" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')"
mkrecs "$T/mb2" 1
touch -d "@1790004000" "$T/mb2/dmesg-ramoops-0"
run archive --dir "$T/mb2" --to "$T/mba" --max-boots 1
expect_rc "subdirectories: retention" 0
check "subdirectories: retention removes a boot with subdirectories" test ! -e "$b"
check "subdirectories: nothing half-removed is left" test "$(ls -A "$T/mba" | wc -l)" = 1

# pstorectl.conf under the sysroot, a drop-in wins
mkdir -p "$T/root/etc/pstorectl.conf.d"
printf '# archive\narchive-dir = %s\nkeep = no\n' "$T/none" >"$T/root/etc/pstorectl.conf"
printf 'archive-dir = %s\nkeep = yes\n' "$T/conf-a" >"$T/root/etc/pstorectl.conf.d/10-local.conf"
mkrecs "$T/p" 1
run --sysroot "$T/root" archive --dir "$T/p"
expect_rc "archive with pstorectl.conf" 0
check "archive-dir of the drop-in" test "$(nboots "$T/conf-a")" = 1
check "keep = yes of the drop-in" test -f "$T/p/dmesg-ramoops-0"
run --sysroot "$T/root" boots
expect_out "boots reads archive-dir" '^ +0 '
printf 'bogus line\n' >"$T/root/etc/pstorectl.conf.d/20-bad.conf"
run --sysroot "$T/root" boots
expect_err "a bad line is reported" "not a 'key = value' line"
rm -f "$T/p"/*

# fault tests: a full and a read-only file system (a private mount namespace)
if unshare -rm true 2>/dev/null; then
	rm -rf "$T/p"; mkrecs "$T/p" 2
	head -c 200000 /dev/urandom >"$T/p/dmesg-ramoops-9"
	cp -a "$T/p" "$T/orig2"
	mkdir -p "$T/small" "$T/ro"
	unshare -rm sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && "$2" archive --dir "$3" --to "$1/a"; echo "rc=$?"; ls -A "$1/a"' \
		_ "$T/small" "$PSTORECTL" "$T/p" >"$T/out" 2>"$T/err"
	check "a full file system: archive fails" grep -q 'rc=1' "$T/out"
	expect_err "...and says so" "No space left on device"
	check "...nothing erased" diff -r "$T/p" "$T/orig2"
	check "...no half boot directory left" test "$(grep -vc '^rc=' "$T/out")" = 0
	unshare -rm sh -c 'mount -t tmpfs -o ro tmpfs "$1" && "$2" archive --dir "$3" --to "$1/a"; echo "rc=$?"' \
		_ "$T/ro" "$PSTORECTL" "$T/p" >"$T/out" 2>"$T/err"
	check "a read-only file system: archive fails" grep -q 'rc=1' "$T/out"
	expect_err "...and says so" "Read-only file system"
	check "...nothing erased" diff -r "$T/p" "$T/orig2"
else
	_n=$((_n + 1)); echo "ok $_n - tmpfs fault tests # SKIP no mount namespace"
fi

# SIGKILL at each rename and each erase of a large run: a record is gone only when a
# complete boot directory holds it, and a rerun finishes the job.
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null &&
	[ -z "${SANITIZE:-}" -o "${SANITIZE:-}" = 0 ]; then
	rm -rf "$T/big"; mkrecs "$T/big" 40; cp -a "$T/big" "$T/bigorig"
	bad=0 kills=0
	# 42 records: renames 1-42 the copies, 43-47 the text and JSON files, 48 .archived,
	# 49 the boot directory; then an unlink per record erased
	for run_at in renameat2:1 renameat2:20 renameat2:42 renameat2:47 renameat2:48 \
		renameat2:49 renameat2:50 unlinkat:1 unlinkat:2 unlinkat:20 unlinkat:42; do
		sc=${run_at%:*} n=${run_at#*:}
		{
			rm -rf "$T/k" "$T/ka"; cp -a "$T/bigorig" "$T/k"
			(strace -f -o /dev/null -e trace=$sc -e inject=$sc:signal=SIGKILL:when=$n \
				"$PSTORECTL" archive --dir "$T/k" --to "$T/ka" >/dev/null 2>&1) 2>/dev/null
			[ $? -eq 137 ] && kills=$((kills + 1))
			# every record is still in pstore or in a complete boot directory
			for f in "$T"/bigorig/*; do
				g=$(basename "$f")
				if [ ! -f "$T/k/$g" ] && ! cmp -s "$f" "$(find "$T/ka" -mindepth 2 -maxdepth 2 -path "$T/ka/[0-9]*/$g" | head -1)"; then
					bad=$((bad + 1)); echo "# $sc when=$n: $g lost"
				fi
			done
			"$PSTORECTL" archive --dir "$T/k" --to "$T/ka" >/dev/null 2>&1 || { bad=$((bad + 1)); echo "# rerun failed"; }
			[ -z "$(ls -A "$T/k")" ] || { bad=$((bad + 1)); echo "# $sc when=$n: rerun left records"; }
			[ -z "$(find "$T/ka" -mindepth 1 -maxdepth 1 -name '.*')" ] || { bad=$((bad + 1)); echo "# $sc when=$n: work left"; }
			for f in "$T"/bigorig/*; do
				g=$(basename "$f")
				[ -n "$(find "$T/ka" -mindepth 2 -maxdepth 2 -path "$T/ka/[0-9]*/$g")" ] || { bad=$((bad + 1)); echo "# $sc when=$n: $g not archived"; }
			done
		} 2>/dev/null
	done
	check "SIGKILL: the runs were killed ($kills of 11)" test "$kills" -ge 10
	check "SIGKILL: no record lost, a rerun finishes the job" test "$bad" = 0
else
	_n=$((_n + 1)); echo "ok $_n - SIGKILL tests # SKIP strace cannot trace here (or a sanitizer build)"
fi

echo "1..$_n"
