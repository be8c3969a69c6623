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

# Issue 10: only records. Files that are not records stay, whatever the verb or name.
fresh
mkdir -p "$T/p/boot2"
printf '/dts-v1/;\n' >"$T/p/board.dts"; printf '\xd0\x0d\xfe\xed' >"$T/p/board.dtb"
printf 'mine\n' >"$T/p/notes.txt"; printf 'old boot\n' >"$T/p/boot2/dmesg"
printf 'Panic#1 Part1\nnew\n' >"$T/p/dmesg-ramoops-7"
run cat --dir "$T/p" dmesg-ramoops-7 dmesg
check "cat dmesg: not a file merely named dmesg" test -z "$(grep 'old boot' "$T/out")"
run cat --dir "$T/p" board.dtb
expect_rc "cat of a DTB in the folder: no such record" 1
run tail --dir "$T/p" dmesg
check "tail dmesg: the record, not boot2/dmesg" test -z "$(grep 'old boot' "$T/out")"
run clear --dir "$T/p" dmesg
expect_rc "clear dmesg" 0
check "clear dmesg: boot2/dmesg stays" test -f "$T/p/boot2/dmesg"
run clear --dir "$T/p" --all </dev/null
expect_rc "clear --all (stdin not a terminal)" 0
for f in board.dts board.dtb notes.txt boot2/dmesg; do
	check "clear --all: $f (not a record) stays" test -f "$T/p/$f"
done
check "clear --all: no record left" test -z "$(cd "$T/p" && find . -type f -name '*-*-*')"
run ls --dir "$T/p" --all-files -J
expect_json "ls --all-files: the four files, marked" '[.records[] | select(.type == "not-a-record")] | length == 4'
run status --dir "$T/p"
expect_out "status counts no file that is not a record" '^Records: +0'

# A record named without its .enc.z.
fresh
printf 'x' >"$T/p/dmesg-ramoops-9.enc.z"
run clear --dir "$T/p" dmesg-ramoops-9
expect_rc "clear NAME without .enc.z" 0
check "...erases NAME.enc.z" test ! -e "$T/p/dmesg-ramoops-9.enc.z"

# A link in the source is never followed, its target never removed.
fresh
mkdir -p "$T/elsewhere"; printf 'keep\n' >"$T/elsewhere/dmesg-ramoops-3"
ln -s "$T/elsewhere/dmesg-ramoops-3" "$T/p/dmesg-ramoops-3"
run clear --dir "$T/p" --all </dev/null
check "clear --all: a link's target stays" test -f "$T/elsewhere/dmesg-ramoops-3"

# The copies of a second --archive run read as what they are copies of.
fresh
printf 'one\n' >"$T/p/console-ramoops-0"
run clear --dir "$T/p" --archive "$T/a" console-ramoops-0
printf 'two\n' >"$T/p/console-ramoops-0"
run clear --dir "$T/p" --archive "$T/a" console-ramoops-0
expect_out "second copy named NAME.1" "copy: .*/console-ramoops-0\.1\)"
run ls --dir "$T/a" -J
expect_json "ls reads the copy NAME.1 as NAME" '.records[] | select(.name == "console-ramoops-0.1") | .type == "console" and .backend == "ramoops" and .id == 0'

# Each "erased" line is out before the next record is erased (a kill loses no line).
fresh
if command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null; then
	strace -f -qq -e trace=unlinkat,write -o "$T/trace" "$PSTORECTL" clear --dir "$T/p" --all \
		</dev/null >"$T/out" 2>/dev/null
	# every unlinkat of a record but the last is followed by a write before the next
	check "clear flushes each line as its record is erased" awk '
		/unlinkat/ { if (pending) bad = 1; pending = 1 }
		/write\(1,/ { pending = 0 }
		END { exit bad }' "$T/trace"
else
	skip "clear flushes each line" "no strace"
fi

# One message, one prefix.
fresh
if [ -w /dev/full ]; then
	"$PSTORECTL" cat --dir "$T/p" dmesg >/dev/full 2>"$T/err"
	check "cat > /dev/full: no doubled prefix" test -z "$(grep -E 'read: write|write: write' "$T/err")"
	expect_err "cat > /dev/full: one write error" "write error: No space left on device"
fi
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	rm -rf "$T/u"; mkdir -p "$T/u/p" "$T/u/a"; chmod 755 "$T" "$T/u" "$T/u/p"; chown 65534 "$T/u/a" "$T/u/p"
	printf 'x\n' >"$T/u/p/dmesg-ramoops-0"; chmod 000 "$T/u/p/dmesg-ramoops-0"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$PSTORECTL" clear --dir "$T/u/p" \
		--archive "$T/u/a" dmesg-ramoops-0 >"$T/out" 2>"$T/err"
	check "unreadable record: kept" test -f "$T/u/p/dmesg-ramoops-0"
	check "unreadable record: the name once" test -z "$(grep 'dmesg-ramoops-0: dmesg-ramoops-0' "$T/err")"
	expect_err "unreadable record: says why" "dmesg-ramoops-0: Permission denied"
else
	skip "unreadable record: one prefix" "needs root and setpriv"
fi

# The live mount of a sysroot: clear erases there.
root=$(sysroot_with "$FIXTURES/records-handmade")
run --sysroot "$root" clear --all --yes
expect_rc "clear in a sysroot's pstore mount" 0
check "sysroot pstore: no record left" test -z "$(cd "$root/sys/fs/pstore" && find . -type f ! -name .keep ! -name notes.txt)"
check "sysroot pstore: notes.txt (not a record) stays" test -f "$root/sys/fs/pstore/notes.txt"
echo "1..$_n"
