#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl ls: against records real kernels made, hand-made ones, and bad input.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/records-lib.sh"

run ls --help
expect_rc "ls --help" 0
expect_out "ls --help" '^Usage: pstorectl ls'

# Records of real kernels: what the kernel made, as ls -J says it.
for c in minimal-ecc16 minimal-ecc0 minimal-compress-none minimal-shutdown debian61-ecc0; do
	if ! have_captured "$c"; then skip "captured $c" "no capture"; continue; fi
	src=$(captured "$c") d=$T/$c
	records_copy "$src" "$d"
	run ls --dir "$d" -J
	expect_rc "$c: ls -J" 0
	want=$(cd "$d" && ls | sort | paste -sd' ')
	got=$(jq -r '.records[].name' "$T/out" | sort | paste -sd' ')
	check "$c: the names are the files the kernel made ($want)" test "$got" = "$want"
	for f in $(cd "$d" && ls); do
		sz=$(stat -c %s "$d/$f")
		expect_json "$c: $f size is $sz" ".records[] | select(.name == \"$f\") | .size == $sz"
		case $f in
		dmesg-*)
			t=$(utc "$(mtime_of "$src" "$f")")
			expect_json "$c: $f time is its mtime $t" \
				".records[] | select(.name == \"$f\") | .time == \"$t\""
			# "Panic#1 Part1" -> panic, 1, 1
			read -r why cnt part < <(head -1 "$d/$f" | sed -E 's/^([A-Za-z]+)#([0-9]+) Part([0-9]+)$/\1 \2 \3/')
			why=$(echo "$why" | tr 'A-Z' 'a-z')
			expect_json "$c: $f header is $why#$cnt Part$part" \
				".records[] | select(.name == \"$f\") | .reason == \"$why\" and .count == $cnt and .part == $part and .type == \"dmesg\" and .backend == \"ramoops\" and .id == 0"
			;;
		*)
			expect_json "$c: $f has no time, reason, count or part" \
				".records[] | select(.name == \"$f\") | .time == null and .reason == null and .count == null and .part == null"
			;;
		esac
		if [ "$(tail -c 25 "$d/$f")" = "$(printf '\nECC: No errors detected')" ]; then e='"clean"'; else e=null; fi
		expect_json "$c: $f ecc is $e" ".records[] | select(.name == \"$f\") | .ecc == $e and .compressed == false"
	done
done

# Hand-made: EFI parts, the id-less console of old kernels, a file that is not a record,
# a subdirectory, an empty file.
h=$T/handmade
records_copy "$FIXTURES/records-handmade" "$h"
run ls --dir "$h" -J
expect_rc "handmade: ls -J" 0
n=$(cd "$h" && find . -type f ! -name notes.txt | wc -l)
expect_json "handmade: all $n records listed, none dropped" ".records | length == $n"
expect_json "handmade: notes.txt is not a record: not listed" '[.records[] | select(.name == "notes.txt")] | length == 0'
run ls --dir "$h" -J --all-files
expect_json "handmade: --all-files lists notes.txt too" ".records | length == $((n + 1))"
expect_json "handmade: --all-files marks it" '.records[] | select(.name == "notes.txt") | .type == "not-a-record" and .backend == null and .id == null'
expect_json "handmade: console-ramoops has no id" '.records[] | select(.name == "console-ramoops") | .type == "console" and .backend == "ramoops" and .id == null'
expect_json "handmade: subdirectory record found" '.records[] | select(.name == "ramoops/pmsg-ramoops-0") | .type == "pmsg"'
expect_json "handmade: empty record has size 0" '.records[] | select(.name == "dmesg-ramoops-5") | .size == 0 and .reason == null'
expect_json "handmade: EFI part 3" '.records[] | select(.name == "dmesg-efi_pstore-1795317075031001") | .part == 3 and .count == 1 and .reason == "panic" and .id == 1795317075031001'
expect_json "handmade: oops" '.records[] | select(.name == "dmesg-efi_pstore-1795300000011001") | .reason == "oops"'

run ls --dir "$h" --type console,pmsg -J
expect_json "--type console,pmsg" '[.records[].type] | sort == ["console","pmsg"]'
run ls --dir "$h" --type bogus
expect_rc "--type bogus" 2
run ls --dir "$h" -o NAME,SIZE -n -r
expect_out "-o NAME,SIZE -n -r" '^dmesg-ramoops-5 0$'

# Compressed records (.enc.z): raw deflate as pstore writes, made here by python's zlib.
python3 - "$h/dmesg-ramoops-7.enc.z" <<'PY'
import sys, zlib
text = b"Oops#3 Part1\n" + b"".join(b"<6>[ %5d.000000] line\n" % i for i in range(500))
c = zlib.compressobj(6, zlib.DEFLATED, -15)
open(sys.argv[1], "wb").write(c.compress(text) + c.flush())
PY
run ls --dir "$h" -J
expect_json ".enc.z: compressed, header read through inflate" '.records[] | select(.name == "dmesg-ramoops-7.enc.z") | .compressed == true and .reason == "oops" and .count == 3 and .id == 7'

# Bad input.
run ls --dir "$T/nonexistent"
expect_rc "missing --dir" 1
expect_err "missing --dir" "nonexistent: No such file or directory"
root=$(sysroot_with "")
printf '1 1 0:2 / / rw - rootfs rootfs rw\n' >"$root/proc/self/mountinfo"
run --sysroot "$root" ls
expect_rc "pstore not mounted" 1
expect_err "pstore not mounted" "pstore is not mounted"
root=$(sysroot_with "$FIXTURES/records-handmade")
run --sysroot "$root" ls -J
expect_rc "the pstore mount of a sysroot" 0
expect_json "the pstore mount of a sysroot: records" ".records | length == $n"
run ls --dir "$h" >/dev/full
"$PSTORECTL" ls --dir "$h" >/dev/full 2>/dev/null; rc=$?
check "ls > /dev/full fails" test "$rc" -ne 0
# an unreadable record: listed, with a warning (root reads everything: drop to nobody)
u=$T/unreadable
mkdir -p "$u" && chmod 755 "$T" "$u"
printf 'Panic#1 Part1\nx\n' >"$u/dmesg-ramoops-0" && printf 'ok\n' >"$u/pmsg-ramoops-0"
chmod 000 "$u/dmesg-ramoops-0"
if [ "$(id -u)" = 0 ]; then asuser="setpriv --reuid=65534 --regid=65534 --clear-groups"; else asuser=; fi
if [ -n "$asuser" ] && ! command -v setpriv >/dev/null; then
	skip "unreadable record" "no setpriv"
else
	$asuser "$PSTORECTL" ls --dir "$u" -J >"$T/out" 2>"$T/err"; rc=$?
	expect_rc "unreadable record" 1
	expect_err "unreadable record" "dmesg-ramoops-0: cannot read: Permission denied"
	expect_json "unreadable record still listed" '[.records[].name] == ["dmesg-ramoops-0","pmsg-ramoops-0"]'
fi
echo "1..$_n"
