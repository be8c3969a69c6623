#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl clear: erase records; --archive copies durably first; nothing is ever lost.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/records-lib.sh"

run clear --help
expect_rc "clear --help" 0
expect_out "clear --help" '^Usage: pstorectl clear'
run clear --dir "$T"
expect_rc "nothing named" 2
run clear --dir "$T" --all dmesg
expect_rc "--all with names" 2

src=$FIXTURES/records-handmade
if have_captured minimal-ecc16; then src=$(captured minimal-ecc16); fi
fresh() { rm -rf "$T/p" "$T/a"; records_copy "$src" "$T/p"; }

fresh
before=$(cd "$T/p" && find . -type f | sort)
run clear --dir "$T/p" --all --dry-run
expect_rc "--dry-run" 0
check "--dry-run erases nothing" test "$(cd "$T/p" && find . -type f | sort)" = "$before"
expect_out "--dry-run says what" "would erase"

run clear --dir "$T/p" nothing-0 dmesg
expect_rc "a name that matches nothing" 1
check "...and nothing is erased" test "$(cd "$T/p" && find . -type f | sort)" = "$before"

run clear --dir "$T/p" pmsg
expect_rc "clear pmsg (a type)" 0
check "pmsg records erased" test -z "$(cd "$T/p" && find . -name 'pmsg-*')"
check "the others stay" test -n "$(cd "$T/p" && find . -name 'dmesg-*')"

# --archive: the copies equal the records, keep their mtime; the records are gone.
fresh
mkdir -p "$T/orig" && cp -a "$T/p/." "$T/orig/"
run clear --dir "$T/p" --all --archive "$T/a" --yes </dev/null
expect_rc "clear --all --archive" 0
check "--archive leaves an empty pstore" test -z "$(cd "$T/p" && find . -type f)"
for f in $(cd "$T/orig" && find . -type f | sed 's|^\./||'); do
	a=${f//\//_}
	check "copy of $f equals it" cmp -s "$T/orig/$f" "$T/a/$a"
	check "copy of $f keeps its mtime" test "$(stat -c %Y "$T/orig/$f")" = "$(stat -c %Y "$T/a/$a")"
done
check "no temporary files left" test -z "$(cd "$T/a" && find . -name '.*tmp*')"
# the same names again: never overwrite an older copy
cp -a "$T/orig/." "$T/p/"
first=$(cd "$T/p" && find . -maxdepth 1 -type f -name 'dmesg-*' | head -1 | sed 's|^\./||')
run clear --dir "$T/p" --archive "$T/a" "$first"
expect_rc "archive again" 0
check "second copy is $first.1" cmp -s "$T/orig/$first" "$T/a/$first.1"

# --all on a terminal asks first; "n" erases nothing
fresh
if command -v script >/dev/null; then
	printf 'n\n' | script -qec "$PSTORECTL clear --dir $T/p --all" /dev/null >"$T/tty" 2>&1
	check "--all on a terminal asks" grep -q "Erase all" "$T/tty"
	check "answer n: nothing erased" test -n "$(cd "$T/p" && find . -type f)"
else
	skip "--all asks on a terminal" "no script(1)"
fi

# A full disk during --archive: the record stays, no partial copy is left.
fresh
if [ "$(id -u)" != 0 ]; then
	skip "full disk during --archive" "needs root for a small tmpfs"
elif ! mkdir -p "$T/full" || ! mount -t tmpfs -o size=64k tmpfs "$T/full" 2>/dev/null; then
	skip "full disk during --archive" "cannot mount a tmpfs"
else
	head -c 40000 /dev/urandom >"$T/p/dmesg-ramoops-8"
	head -c 40000 /dev/urandom >"$T/p/dmesg-ramoops-9"
	cp "$T/p/dmesg-ramoops-9" "$T/keep9"
	run clear --dir "$T/p" --archive "$T/full" dmesg-ramoops-8 dmesg-ramoops-9
	expect_rc "full disk: clear fails" 1
	expect_err "full disk: says why" "No space left on device"
	check "full disk: the record whose copy failed stays" cmp -s "$T/p/dmesg-ramoops-9" "$T/keep9"
	check "full disk: no partial copy" test ! -e "$T/full/dmesg-ramoops-9"
	check "full disk: no temporary file" test -z "$(ls -A "$T/full" | grep -v '^dmesg-ramoops-8$')"
	check "full disk: the copy that fit is whole" test "$(stat -c %s "$T/full/dmesg-ramoops-8" 2>/dev/null)" = 40000
	umount "$T/full"
fi

# The live mount of a sysroot: clear erases there.
root=$(sysroot_with "$FIXTURES/records-handmade")
run --sysroot "$root" clear --all --yes
expect_rc "clear in a sysroot's pstore mount" 0
check "sysroot pstore empty" test -z "$(cd "$root/sys/fs/pstore" && find . -type f ! -name .keep)"
echo "1..$_n"
