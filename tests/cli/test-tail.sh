#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl tail: the end of the console record (or the newest dump), -f for new records.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/records-lib.sh"

run tail --help
expect_rc "tail --help" 0
expect_out "tail --help" '^Usage: pstorectl tail'

if have_captured minimal-ecc16; then
	d=$T/ecc16
	records_copy "$(captured minimal-ecc16)" "$d"
	# default: the console record, without the 25-byte ECC notice, as tail(1) would
	"$PSTORECTL" tail --dir "$d" >"$T/got"
	head -c -25 "$d/console-ramoops-0" | tail -n 10 >"$T/want"
	check "tail: the last 10 console lines" cmp -s "$T/got" "$T/want"
	check "tail shows the panic" grep -q "end Kernel panic" "$T/got"
	"$PSTORECTL" tail --dir "$d" -n 3 dmesg >"$T/got"
	head -c -25 "$d/dmesg-ramoops-0" | tail -n 3 >"$T/want"
	check "tail -n 3 dmesg" cmp -s "$T/got" "$T/want"
	run tail --dir "$d" -n 0
	expect_no_out "tail -n 0"
	"$PSTORECTL" tail --dir "$d" -n 100000 pmsg-ramoops-0 >"$T/got"
	head -c -25 "$d/pmsg-ramoops-0" >"$T/want"
	check "more lines than the record has: all of it" cmp -s "$T/got" "$T/want"
else
	skip "tail of captured records" "no capture"
fi
if have_captured debian61-ecc0; then
	d=$T/deb
	records_copy "$(captured debian61-ecc0)" "$d"
	"$PSTORECTL" tail --dir "$d" >"$T/got"
	tail -n 10 "$d/dmesg-ramoops-0" >"$T/want"
	check "no console record (Debian): the newest dmesg dump" cmp -s "$T/got" "$T/want"
	"$PSTORECTL" tail --dir "$d" -n 50 >"$T/got"
	check "Debian: tail -n 50 shows the panic" grep -q "Kernel panic - not syncing" "$T/got"
fi

# the newest dump by time (empty records aside); of a dump in parts, part 1 holds the end
h=$T/h
records_copy "$FIXTURES/records-handmade" "$h"
rm "$h/console-ramoops"
run tail --dir "$h" -n 1
check "the newest dump's end" test "$out" = "$(tail -n 1 "$h/dmesg-efi_pstore-1795317075011001")"

# A record without a final newline, and a long file: the same as tail(1).
big=$T/big
mkdir -p "$big"
python3 -c '
import sys
with open(sys.argv[1], "wb") as f:
    for i in range(400000):
        f.write(b"[ %7d.000000] console line %d\n" % (i, i))
    f.write(b"no newline at the end")' "$big/console-ramoops-0"
for n in 1 5 100; do
	"$PSTORECTL" tail --dir "$big" -n $n >"$T/got"
	tail -n $n "$big/console-ramoops-0" >"$T/want"
	check "tail -n $n of a $(( $(stat -c %s "$big/console-ramoops-0") >> 20 )) MiB record = tail(1)" cmp -s "$T/got" "$T/want"
done

# .enc.z: inflated first
z=$T/z
mkdir -p "$z"
python3 - "$z" <<'PY'
import os, sys, zlib
text = b"Panic#1 Part1\n" + b"".join(b"<6>[ %5d.000000] line\n" % i for i in range(2000))
open(os.path.join(sys.argv[1], "text"), "wb").write(text)
c = zlib.compressobj(6, zlib.DEFLATED, -15)
open(os.path.join(sys.argv[1], "dmesg-ramoops-2.enc.z"), "wb").write(c.compress(text) + c.flush())
PY
"$PSTORECTL" tail --dir "$z" -n 4 >"$T/got"
tail -n 4 "$z/text" >"$T/want"
check "tail of a .enc.z record" cmp -s "$T/got" "$T/want"

# The tail of a large .enc.z record streams: it keeps its last lines, not the 64 MiB of
# inflated text. Peak RSS (ru_maxrss) against the same command on a small record.
python3 - "$z" <<'PY'
import os, sys, zlib
d = sys.argv[1]
os.makedirs(os.path.join(d, "big"), exist_ok=True)
os.makedirs(os.path.join(d, "small"), exist_ok=True)
block = b"".join(b"<6>[ %5d.%06d] a line of a long console log, number %d\n" % (i, i * 7, i)
                 for i in range(20000))
c = zlib.compressobj(6, zlib.DEFLATED, -15)
out = [c.compress(b"Panic#1 Part1\n")]
size = 0
while size < 64 << 20:
    out.append(c.compress(block))
    size += len(block)
out.append(c.compress(b"the very last line\n") + c.flush())
open(os.path.join(d, "big", "dmesg-ramoops-1.enc.z"), "wb").write(b"".join(out))
c = zlib.compressobj(6, zlib.DEFLATED, -15)
open(os.path.join(d, "small", "dmesg-ramoops-1.enc.z"), "wb").write(
    c.compress(b"Panic#1 Part1\n" + block[:4096] + b"the very last line\n") + c.flush())
PY
maxrss_kb() { # the peak RSS of a command, in KiB; its stdout in $T/got
	python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "wb"), check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$T/got" "$@"
}
rss_small=$(maxrss_kb "$PSTORECTL" tail --dir "$z/small" -n 10)
rss_big=$(maxrss_kb "$PSTORECTL" tail --dir "$z/big" -n 10)
check "tail -n 10 of a 64 MiB .enc.z: the last line" test "$(tail -n 1 "$T/got")" = "the very last line"
check "tail -n 10 of a 64 MiB .enc.z: 10 lines" test "$(wc -l <"$T/got")" -eq 10
check "tail -n 10 of a 64 MiB .enc.z: RSS $rss_big KiB, < 16 MiB over a small record's $rss_small KiB" \
	test $((rss_big - rss_small)) -lt 16384

# A damaged .enc.z: the last lines before the damage, then an error (exit 1). The damage is
# an invalid block type right after a block boundary: zlib must fail there.
python3 - "$z" <<'PY'
import os, sys, zlib
d = sys.argv[1]
text = b"Panic#1 Part1\n" + b"".join(b"<6>[ %5d.000000] line\n" % i for i in range(2000))
half = len(text) // 2
c = zlib.compressobj(6, zlib.DEFLATED, -15)
good = c.compress(text[:half]) + c.flush(zlib.Z_FULL_FLUSH)
open(os.path.join(d, "dmesg-ramoops-3.enc.z"), "wb").write(good + b"\x06" + bytes(range(256)))
open(os.path.join(d, "half"), "wb").write(text[:half])
PY
"$PSTORECTL" tail --dir "$z" -n 3 dmesg-ramoops-3.enc.z >"$T/got" 2>"$T/err"; rc=$?
tail -n 3 "$z/half" >"$T/want"
check "damaged .enc.z: exit 1 (got $rc)" test "$rc" -eq 1
check "damaged .enc.z: the last lines before the damage" cmp -s "$T/got" "$T/want"
check "damaged .enc.z: says so" grep -q "dmesg-ramoops-3.enc.z: corrupt compressed data" "$T/err"

# -f: a record that appears later is printed.
f=$T/follow
mkdir -p "$f"
printf '[    1.0] first boot console\n' >"$f/console-ramoops-0"
( sleep 0.7; printf 'Panic#1 Part1\n<0>[    2.0] a new crash\n' >"$f/.tmp"; mv "$f/.tmp" "$f/dmesg-ramoops-1" ) &
timeout 3 "$PSTORECTL" tail -f --dir "$f" >"$T/out" 2>"$T/err"; rc=$?
wait
check "tail -f runs until stopped (timeout: 124, got $rc)" test "$rc" -eq 124
check "tail -f: the old record first" grep -q "first boot console" "$T/out"
check "tail -f: the new record's name" grep -q "^==> dmesg-ramoops-1 <==$" "$T/out"
check "tail -f: the new record's text" grep -q "a new crash" "$T/out"
check "tail -f: printed once" test "$(grep -c 'a new crash' "$T/out")" -eq 1

# -f: a record erased, then made again under the same name (ramoops reuses its zone ids:
# dmesg-ramoops-0 after 'clear' and a new oops under pstore.update_ms) is new: printed.
f=$T/follow-again
mkdir -p "$f"
printf 'Oops#1 Part1\n<4>[    1.0] the first oops\n' >"$f/dmesg-ramoops-0"
( sleep 0.6; rm "$f/dmesg-ramoops-0"; sleep 1.5
  printf 'Oops#2 Part1\n<4>[    9.0] the second oops\n' >"$f/.tmp"; mv "$f/.tmp" "$f/dmesg-ramoops-0" ) &
timeout 4 "$PSTORECTL" tail -f --dir "$f" >"$T/out" 2>"$T/err"; rc=$?
wait
check "tail -f (same name again) runs until stopped (got $rc)" test "$rc" -eq 124
check "tail -f: the first record" grep -q "the first oops" "$T/out"
check "tail -f: a record made again under an erased one's name is printed" \
	grep -q "the second oops" "$T/out"

run tail --dir "$h" nothing-0
expect_rc "no such record" 1
e=$T/empty
mkdir -p "$e"
run tail --dir "$e"
expect_rc "no console or dmesg record" 1
expect_err "no console or dmesg record" "no console or dmesg record"
run tail --dir "$h" -n lots
expect_rc "-n lots" 2

# As coreutils takes them: -n +N from line N on, -N for -n N.
f=$T/lines
mkdir -p "$f"
seq 1 30 | sed 's/^/line /' >"$f/console-ramoops-0"
run tail --dir "$f" -n +25
check "-n +25: from line 25 on" test "$out" = "$(seq 25 30 | sed 's/^/line /')"
run tail --dir "$f" -n +1
check "-n +1: the whole record" test "$out" = "$(seq 1 30 | sed 's/^/line /')"
run tail --dir "$f" -n +40
check "-n +40 past the end: nothing (rc $rc)" test -z "$out" -a "$rc" -eq 0
run tail -4 --dir "$f"
check "-4: the last 4 lines" test "$out" = "$(seq 27 30 | sed 's/^/line /')"
run tail --dir "$f" -- -3
expect_rc "-- -3: a record name, not -n 3" 1
echo "1..$_n"
