#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl cat: bytes of real records, reassembly, inflate, levels, escaping, bad input.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/records-lib.sh"

run cat --help
expect_rc "cat --help" 0
expect_out "cat --help" '^Usage: pstorectl cat'

# cat NAME gives the bytes the kernel made.
for c in minimal-ecc16 minimal-ecc0 debian61-ecc0 minimal-shutdown; do
	if ! have_captured "$c"; then skip "captured $c" "no capture"; continue; fi
	d=$T/$c
	records_copy "$(captured "$c")" "$d"
	for f in $(cd "$d" && ls); do
		"$PSTORECTL" cat --dir "$d" "$f" >"$T/got" 2>"$T/err"; rc=$?
		check "$c: cat $f matches its bytes" cmp -s "$T/got" "$d/$f"
	done
	# cat TYPE on one record of that type: the same bytes, no header line
	"$PSTORECTL" cat --dir "$d" dmesg >"$T/got"
	check "$c: cat dmesg = dmesg-ramoops-0" cmp -s "$T/got" "$d/dmesg-ramoops-0"
done

if have_captured minimal-ecc16; then
	d=$T/minimal-ecc16
	# the notice is "\nECC: No errors detected\n": 25 bytes (ram_core.c)
	for f in console-ramoops-0 dmesg-ramoops-0 pmsg-ramoops-0; do
		"$PSTORECTL" cat --dir "$d" --strip-ecc "$f" >"$T/got"
		head -c -25 "$d/$f" >"$T/want"
		check "--strip-ecc $f" cmp -s "$T/got" "$T/want"
	done
	# --decode: <N> becomes facility:level (dmesg -x); expectation from sed
	"$PSTORECTL" cat --dir "$d" --decode dmesg-ramoops-0 >"$T/got"
	sed -E -e 's/^<0>/kern  :emerg : /' -e 's/^<1>/kern  :alert : /' -e 's/^<2>/kern  :crit  : /' \
		-e 's/^<3>/kern  :err   : /' -e 's/^<4>/kern  :warn  : /' -e 's/^<5>/kern  :notice: /' \
		-e 's/^<6>/kern  :info  : /' -e 's/^<7>/kern  :debug : /' "$d/dmesg-ramoops-0" >"$T/want"
	check "--decode" cmp -s "$T/got" "$T/want"
	# --level err+: lines <0>..<3>, and the lines without a prefix
	"$PSTORECTL" cat --dir "$d" --level err+ dmesg-ramoops-0 >"$T/got"
	grep -aE '^(<[0-3]>|[^<]|$)' "$d/dmesg-ramoops-0" >"$T/want"
	check "--level err+" cmp -s "$T/got" "$T/want"
	check "--level err+ keeps the panic" grep -q "Kernel panic" "$T/got"
	"$PSTORECTL" cat --dir "$d" -l info,4 dmesg-ramoops-0 >"$T/got"
	grep -aE '^(<[46]>|[^<]|$)' "$d/dmesg-ramoops-0" >"$T/want"
	check "--level info,4" cmp -s "$T/got" "$T/want"
	run cat --dir "$d" --level loud dmesg
	expect_rc "--level loud" 2
	# several records: a header line before each
	run cat --dir "$d"
	check "cat without arguments: a header per record" test "$(grep -c '^==> .* <==$' "$T/out")" -eq 3
	run cat --dir "$d" -q pmsg console
	check "-q: no header" test "$(grep -c '^==> ' "$T/out")" -eq 0
fi

# Lines that straddle cat's 256 KiB reads, and one longer than a read, come out whole.
big=$T/big
mkdir -p "$big"
python3 - "$big/dmesg-ramoops-0" <<'PY'
import sys
with open(sys.argv[1], "wb") as f:
    f.write(b"Panic#1 Part1\n")
    for i in range(40000):
        f.write(b"<%d>[ %6d.000000] %s\n" % (i % 8, i, b"x" * (i % 97)))
    f.write(b"<3>" + b"y" * 300000 + b"\n<6>after the long line\n")
PY
"$PSTORECTL" cat --dir "$big" --decode dmesg-ramoops-0 >"$T/got"
sed -E -e 's/^<3>/kern  :err   : /' -e 's/^<0>/kern  :emerg : /' -e 's/^<1>/kern  :alert : /' \
	-e 's/^<2>/kern  :crit  : /' -e 's/^<4>/kern  :warn  : /' -e 's/^<5>/kern  :notice: /' \
	-e 's/^<6>/kern  :info  : /' -e 's/^<7>/kern  :debug : /' "$big/dmesg-ramoops-0" >"$T/want"
check "--decode across read boundaries and over a 300K line" cmp -s "$T/got" "$T/want"

# EFI-style parts of one dump: highest part first, later parts without their header.
h=$T/handmade
records_copy "$FIXTURES/records-handmade" "$h"
p1=$h/dmesg-efi_pstore-1795317075011001 p2=$h/dmesg-efi_pstore-1795317075021001
p3=$h/dmesg-efi_pstore-1795317075031001
{ cat "$p3"; tail -n +2 "$p2"; tail -n +2 "$p1"; } >"$T/want"
"$PSTORECTL" cat --dir "$h" dmesg-efi_pstore-1795317075011001 >"$T/got"
check "parts reassembled oldest first" cmp -s "$T/got" "$T/want"
"$PSTORECTL" cat --dir "$h" dmesg-efi_pstore-1795317075021001 >"$T/got"
check "any part names the whole dump" cmp -s "$T/got" "$T/want"
run cat --dir "$h" -q dmesg
check "cat dmesg: the other boot's oops is separate" grep -q "an oops from another boot" "$T/out"
check "cat dmesg: each part once" test "$(grep -c 'oldest chunk' "$T/out")" -eq 1
"$PSTORECTL" cat --dir "$h" --raw dmesg-efi_pstore-1795317075011001 >"$T/got"
check "--raw: one part, as stored" cmp -s "$T/got" "$p1"
# -r/--raw means raw output in every verb (issue 10); -R, the old spelling, still works.
"$PSTORECTL" cat --dir "$h" -r dmesg-efi_pstore-1795317075011001 >"$T/got"
check "-r: the same as --raw" cmp -s "$T/got" "$p1"
"$PSTORECTL" cat --dir "$h" -R dmesg-efi_pstore-1795317075011001 >"$T/got"
check "-R: still the same as --raw" cmp -s "$T/got" "$p1"
run cat --dir "$h" ramoops/pmsg-ramoops-0
expect_out "a record in a subdirectory" "per-backend subdirectory"
run cat --dir "$h" dmesg-ramoops-5
expect_rc "an empty record" 0
expect_no_out "an empty record"

# .enc.z: raw deflate (what pstore writes), zlib and gzip wrappers, garbage, with ECC.
z=$T/z
mkdir -p "$z"
python3 - "$z" <<'PY'
import gzip, os, sys, zlib
d = sys.argv[1]
text = b"Panic#1 Part1\n" + b"".join(b"<6>[ %5d.000000] line %d\n" % (i, i * 3) for i in range(3000))
open(os.path.join(d, "text"), "wb").write(text)
c = zlib.compressobj(6, zlib.DEFLATED, -15)
raw = c.compress(text) + c.flush()
open(os.path.join(d, "dmesg-ramoops-1.enc.z"), "wb").write(raw)
open(os.path.join(d, "dmesg-ramoops-2.enc.z"), "wb").write(zlib.compress(text))
open(os.path.join(d, "dmesg-ramoops-3.enc.z"), "wb").write(gzip.compress(text))
open(os.path.join(d, "dmesg-ramoops-4.enc.z"), "wb").write(bytes(range(256)) * 4)
open(os.path.join(d, "dmesg-ramoops-5.enc.z"), "wb").write(raw + b"\nECC: No errors detected\n")
PY
for i in 1 2 3; do
	"$PSTORECTL" cat --dir "$z" dmesg-ramoops-$i.enc.z >"$T/got"
	check "inflate dmesg-ramoops-$i.enc.z" cmp -s "$T/got" "$z/text"
done
"$PSTORECTL" cat --dir "$z" --raw dmesg-ramoops-1.enc.z >"$T/got"
check "--raw keeps .enc.z compressed" cmp -s "$T/got" "$z/dmesg-ramoops-1.enc.z"
run cat --dir "$z" dmesg-ramoops-4.enc.z
expect_rc "garbage .enc.z" 1
expect_err "garbage .enc.z" "dmesg-ramoops-4.enc.z: cannot inflate"
"$PSTORECTL" cat --dir "$z" dmesg-ramoops-5.enc.z >"$T/got"
{ cat "$z/text"; printf '\nECC: No errors detected\n'; } >"$T/want"
check ".enc.z + ECC notice" cmp -s "$T/got" "$T/want"
"$PSTORECTL" cat --dir "$z" --strip-ecc dmesg-ramoops-5.enc.z >"$T/got"
check ".enc.z --strip-ecc" cmp -s "$T/got" "$z/text"

# A damaged .enc.z (the kernel leaves a record compressed when its own inflate failed): the
# lines before the damage, then an error. The damage: an invalid block type (BTYPE 11)
# right after a block boundary, so zlib must fail there (deflate has no checksum).
python3 - "$z" <<'PY'
import os, sys, zlib
d = sys.argv[1]
text = b"Panic#1 Part1\n" + b"".join(b"<6>[ %5d.000000] line %d\n" % (i, i * 3) for i in range(3000))
half = len(text) // 2
c = zlib.compressobj(6, zlib.DEFLATED, -15)
good = c.compress(text[:half]) + c.flush(zlib.Z_FULL_FLUSH)
open(os.path.join(d, "dmesg-ramoops-7.enc.z"), "wb").write(good + b"\x06" + bytes(range(256)))
open(os.path.join(d, "half"), "wb").write(text[:half])
PY
"$PSTORECTL" cat --dir "$z" dmesg-ramoops-7.enc.z >"$T/got" 2>"$T/err"; rc=$?
check "damaged .enc.z: exit 1 (got $rc)" test "$rc" -eq 1
check "damaged .enc.z: the lines before the damage" cmp -s "$T/got" "$z/half"
check "damaged .enc.z: says where" grep -q "dmesg-ramoops-7.enc.z: corrupt compressed data" "$T/err"
run ls --dir "$z" -J
expect_json "damaged .enc.z: ls finds its header" \
	'.records[] | select(.name == "dmesg-ramoops-7.enc.z") | .reason == "panic" and .part == 1'
# damaged at once: ls cannot read the header and says why
z2=$T/enc-z-head
mkdir -p "$z2"
python3 -c 'import sys, zlib
c = zlib.compressobj(6, zlib.DEFLATED, -15)
open(sys.argv[1], "wb").write(c.compress(b"Pan") + c.flush(zlib.Z_FULL_FLUSH) + b"\x06" + bytes(range(256)))' \
	"$z2/dmesg-ramoops-9.enc.z"
run ls --dir "$z2"
expect_rc "damaged in its header: ls fails" 1
expect_err "damaged in its header: ls says why" '^pstorectl: ls: dmesg-ramoops-9.enc.z: corrupt compressed data$'

# Escape sequences: through a pipe unchanged, on a terminal escaped.
e=$T/esc
mkdir -p "$e"
printf 'evil \033]0;owned\007 \033[2J title\r\nbell\a\n' >"$e/pmsg-ramoops-0"
"$PSTORECTL" cat --dir "$e" pmsg-ramoops-0 >"$T/got"
check "escape sequences pass a pipe unchanged" cmp -s "$T/got" "$e/pmsg-ramoops-0"
if command -v script >/dev/null; then
	script -qec "$PSTORECTL cat --dir $e pmsg-ramoops-0" /dev/null >"$T/tty" 2>&1
	check "on a terminal: ESC shown as \\x1b" grep -q 'evil \\x1b\]0;owned\\x07' "$T/tty"
	check "on a terminal: no raw ESC" bash -c '! grep -q $'"'"'\033'"'"' "$1"' _ "$T/tty"
	# C1 controls act like ESC [ on the Linux console and 8-bit xterm, raw or as UTF-8;
	# printable UTF-8 passes.
	printf 'c1 \302\2332J raw \2332J bad \303 ok caf\303\251\n' >"$e/pmsg-ramoops-1"
	script -qec "$PSTORECTL cat --dir $e pmsg-ramoops-1" /dev/null >"$T/tty" 2>&1
	check "on a terminal: C1 CSI escaped, raw and in UTF-8" \
		grep -q 'c1 \\xc2\\x9b2J raw \\x9b2J bad \\xc3 ok caf'$'\303\251' "$T/tty"
else
	skip "terminal escaping" "no script(1)"
fi

# Bad input.
run cat --dir "$h" nothing-here-0
expect_rc "no such record" 1
expect_err "no such record" "nothing-here-0: no such record"
run cat --dir "$h" ftrace
expect_err "no record of a type" "ftrace: no record of this type"
run cat --dir "$h" --raw --decode pmsg
expect_rc "--raw --decode" 2
"$PSTORECTL" cat --dir "$h" console >/dev/full 2>/dev/null; rc=$?
check "cat > /dev/full fails" test "$rc" -ne 0

# A huge record streams: memory stays flat (max RSS far below the record's size).
big=$T/big
mkdir -p "$big"
python3 -c '
import sys
line = b"<6>[    1.000000] " + b"x" * 100 + b"\n"
with open(sys.argv[1], "wb") as f:
    for _ in range(256):
        f.write(line * 4096)' "$big/console-ramoops-0"
if [ "${VALGRIND:-}" = 1 ]; then
	skip "memory of a huge record" "valgrind's own memory is what would be measured"
elif [ -x /usr/bin/time ]; then
	for opts in "" "--decode" "--strip-ecc"; do
		/usr/bin/time -f %M -o "$T/rss" "$PSTORECTL" cat --dir "$big" $opts console-ramoops-0 | cksum >"$T/sum"
		rss=$(cat "$T/rss")
		check "cat $opts of a $(( $(stat -c %s "$big/console-ramoops-0") >> 20 )) MiB record: max RSS ${rss} KiB < 40 MiB" test "$rss" -lt 40960
	done
	check "cat of a huge record: same bytes" test "$(cksum <"$big/console-ramoops-0")" = "$("$PSTORECTL" cat --dir "$big" console-ramoops-0 | cksum)"
else
	skip "memory of a huge record" "no /usr/bin/time"
fi
echo "1..$_n"
