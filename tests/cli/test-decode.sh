#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl decode and --image: records straight from memory images. Truth: raw regions a
# real kernel left (pmemsave after the panic) against the files that kernel showed in
# pstorefs on the next boot (tests/fixtures/images); ECC flips; bad input of every kind.
. "$(dirname "$0")/lib.sh"

img=$FIXTURES/images
unxz() { xz -dc "$img/$1/image.bin.xz" >"$T/$1.bin"; }

run decode --help
expect_rc "decode --help" 0
expect_out "decode --help" '^Usage: pstorectl decode'
run decode
expect_rc "decode without IMAGE" 2

# --- real images, byte for byte ---
for c in debian61-deflate arm64-deflate minimal-ecc16; do
	unxz $c
	run decode "$T/$c.bin" --to "$T/out-$c"
	expect_rc "$c: decode --to" 0
	for f in "$img/$c/records/"*; do
		check "$c: $(basename "$f") is what the kernel showed" cmp -s "$f" "$T/out-$c/$(basename "$f")"
	done
done
check "minimal-ecc16: dmesg 8960 bytes as the kernel's" test "$(stat -c %s "$T/out-minimal-ecc16/dmesg-ramoops-0")" = 8960
check "minimal-ecc16: console 8228 bytes as the kernel's" test "$(stat -c %s "$T/out-minimal-ecc16/console-ramoops-0")" = 8228
check "minimal-ecc16: the ECC notice" bash -c 'tail -c 25 "$1" | grep -q "^ECC: No errors detected$"' _ "$T/out-minimal-ecc16/console-ramoops-0"
check "the dmesg file's mtime is the header's time" test "$(stat -c %Y "$T/out-debian61-deflate/dmesg-ramoops-0")" -gt 1000000000

# scan: what it found and how sure
run decode "$T/minimal-ecc16.bin"
expect_err "scan of an ECC image" 'scan: ECC: 16 parity bytes per block'
expect_err "scan: certain" 'scan: confidence: certain'
run decode "$T/minimal-ecc16.bin" -J --all
expect_json "-J: every zone" '.zones | length == 64'
expect_json "-J: the console zone" '.zones[] | select(.type == "console") | .state == "valid" and .record == "console-ramoops-0" and .corrected == 0 and .bad == 0 and .offset == 1015808'
expect_json "-J: empty zones" '[.zones[] | select(.state == "empty")] | length == 61'
# a ring that did not go round (start == used) is not wrapped
run decode "$T/minimal-ecc16.bin" -J --output-all
expect_json "-J: the console ring did not wrap" '.zones[] | select(.type == "console") | .wrapped == false and .start == .used'
# the layout given explicitly gives the same
run decode "$T/minimal-ecc16.bin" --record-size 16K --console-size 16K --pmsg-size 16K --ecc 1 --to "$T/explicit"
expect_rc "explicit layout" 0
check "explicit layout: same records" diff -r "$T/out-minimal-ecc16" "$T/explicit"
# --base: the region inside a larger dump
{ head -c 8192 /dev/zero; cat "$T/minimal-ecc16.bin"; head -c 4096 /dev/zero; } >"$T/larger.bin"
run decode "$T/larger.bin" --base 0x0fffe000 --address 0x10000000 --size 1M --to "$T/based"
expect_rc "--base/--address/--size" 0
check "--base: same records" diff -r "$T/out-minimal-ecc16" "$T/based"

# --- the verbs on --image ---
run ls --image "$T/minimal-ecc16.bin" -J
expect_rc "ls --image" 0
expect_json "ls --image: three records, ECC clean" '[.records[] | select(.ecc == "clean")] | length == 3'
run cat --image "$T/debian61-deflate.bin" dmesg
expect_rc "cat --image" 0
check "cat --image: the record" cmp -s "$T/out" "$img/debian61-deflate/records/dmesg-ramoops-0"
run tail -n 1 --image "$T/minimal-ecc16.bin" --strip-ecc pmsg 2>/dev/null
run tail -n 1 --image "$T/minimal-ecc16.bin" pmsg
expect_rc "tail --image" 0
run status --image "$T/minimal-ecc16.bin"
expect_out "status --image" '^Image: +.*minimal-ecc16.bin$'
expect_out "status --image: backend" '^Backend: +ramoops$'

# --- ECC: flips within the strength are corrected and counted, beyond it marked ---
python3 - "$T/minimal-ecc16.bin" "$T/flip.bin" <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
con = 0xf8000 + 12            # console zone data, block 0
for o in (3, 40, 77):         # 3 bytes: within the 8 a 16-byte parity corrects
    b[con + o] ^= 0xff
for k in range(9):            # block 1: 9 bytes, beyond it
    b[con + 128 + 5 + k * 11] ^= 0x5a
b[0xfc000 + 4] ^= 0x01        # pmsg header: one byte of start
open(sys.argv[2], 'wb').write(b)
PY
run decode "$T/flip.bin" -J --to "$T/flip"
expect_rc "flipped image" 0
expect_json "3 flips corrected, 1 block uncorrectable" '.zones[] | select(.type == "console") | .corrected == 3 and .bad == 1'
expect_json "the header corrected" '.zones[] | select(.type == "pmsg") | .corrected == 1 and .bad == 0 and .state == "valid"'
check "the notice as the kernel words it" bash -c 'tail -c 60 "$1" | grep -q "^ECC: 3 Corrected bytes, 1 unrecoverable blocks$"' _ "$T/flip/console-ramoops-0"
check "the corrected block is the original" cmp -s -n 128 "$T/flip/console-ramoops-0" "$T/out-minimal-ecc16/console-ramoops-0"
check "the pmsg record is intact" cmp -s -n 64 "$T/flip/pmsg-ramoops-0" "$T/out-minimal-ecc16/pmsg-ramoops-0"

# --- bad input: one clear line or a zone state, never a crash ---
bad() { # WHAT ARGS...: exit status 1 with one "pstorectl: decode: ..." line
	local what=$1
	shift
	run decode "$@"
	expect_rc "$what" 1
	expect_err "$what" '^pstorectl: decode: '
}
head -c 5000 "$T/minimal-ecc16.bin" >"$T/trunc.bin"
run decode "$T/trunc.bin" --record-size 16K --console-size 16K --pmsg-size 16K --ecc 16 --size 1M
expect_rc "a truncated image" 1
expect_err "a truncated image: says where" 'outside the image'
head -c 600000 "$T/minimal-ecc16.bin" >"$T/half.bin"
run decode "$T/half.bin" --record-size 16K --console-size 16K --pmsg-size 16K --ecc 16 --size 1M -J --all
expect_rc "an image smaller than the layout" 0
expect_json "zones past the end are unreadable" '[.zones[] | select(.state == "unreadable")] | length > 0'
head -c 1048576 /dev/zero >"$T/zero.bin"
bad "an all-zero region" "$T/zero.bin"
expect_err "all zeros: no header" 'no persistent RAM zone header'
head -c 1048576 /dev/urandom >"$T/random.bin"
bad "random bytes" "$T/random.bin"
run decode "$T/random.bin" --record-size 16K --console-size 16K --pmsg-size 16K --ecc 16 -J --all
expect_rc "random bytes with a layout" 0
expect_json "random bytes: no zone has a signature" '[.zones[] | select(.state != "no-signature")] | length == 0'
python3 - "$T/minimal-ecc16.bin" "$T/past.bin" <<'PY'
import sys, struct
b = bytearray(open(sys.argv[1], 'rb').read())
b[0xf8000 + 8:0xf8000 + 12] = struct.pack('<I', 0x10000)   # console size past the zone
open(sys.argv[2], 'wb').write(b)
PY
run decode "$T/past.bin" --record-size 16K --console-size 16K --pmsg-size 16K -J --all
expect_json "header size past the zone: invalid" '.zones[] | select(.type == "console") | .state == "invalid" and .record == null'
bad "a layout that does not fit" "$T/minimal-ecc16.bin" --size 16K --record-size 16K --console-size 16K
run decode "$T/minimal-ecc16.bin" --record-size 16K --console-size 16K --pmsg-size 16K --ecc 8 -J --all
expect_rc "a wrong ECC size" 0
expect_json "a wrong ECC size: headers uncorrectable" '[.zones[] | select(.bad > 0)] | length > 0'
bad "an ELF that is not a vmcore" /bin/true
expect_err "an ELF that is not a vmcore" 'not a vmcore'
bad "a directory" "$T"
bad "a missing file" "$T/nothing.bin"
bad "ECC size beyond 8-bit Reed-Solomon" "$T/minimal-ecc16.bin" --ecc 255 --record-size 16K --size 1M

# --- vmcores (libkdumpfile): an ELF core holding the region, and one without it ---
python3 - "$T/minimal-ecc16.bin" "$T" <<'PY'
import struct, sys
img = open(sys.argv[1], 'rb').read()
def core(paddr, out):
    eh = b'\x7fELF' + bytes([2, 1, 1, 0]) + bytes(8)
    eh += struct.pack('<HHIQQQIHHHHHH', 4, 62, 1, 0, 64, 0, 0, 64, 56, 1, 0, 0, 0)
    ph = struct.pack('<IIQQQQQQ', 1, 7, 4096, 0xffff888000000000 + paddr, paddr, len(img), len(img), 4096)
    b = bytearray(eh + ph); b += bytes(4096 - len(b)); b += img
    open(out, 'wb').write(b)
core(0x10000000, sys.argv[2] + '/vmcore')
core(0x20000000, sys.argv[2] + '/vmcore-elsewhere')
PY
run decode "$T/vmcore" --address 0x10000000 --size 1M --to "$T/from-vmcore"
expect_rc "an ELF vmcore" 0
check "vmcore: same records" diff -r "$T/out-minimal-ecc16" "$T/from-vmcore"
bad "a vmcore without the region" "$T/vmcore-elsewhere" --address 0x10000000 --size 1M
expect_err "a vmcore without the region: why" 'the region is not in it'

# makedumpfile's compressed kdump format: one holding the region (pages 0x100-0x1ff,
# stored uncompressed), and ones whose header is broken. libkdumpfile 0.5.1 crashes in
# kdump_free() after it failed to open such a file (fuzz-image): one clear error, no crash.
python3 - "$T/minimal-ecc16.bin" "$T" <<'PY'
import struct, sys
img = open(sys.argv[1], 'rb').read()
B, first, n = 4096, 0x100, len(img) // 4096
def kdump(out, block_size=B, bitmap_blocks=2):
    h = b'KDUMP   ' + struct.pack('<i', 1)
    uts = [b'Linux', b'fuzz', b'6.1.0', b'#1', b'x86_64', b'']
    h += b''.join(u + bytes(65 - len(u)) for u in uts) + bytes(6) + bytes(16)
    h += struct.pack('<IiiIIIIIIi', 0, block_size, 1, bitmap_blocks, first + n, n, 0, n, 0, 1)
    bm = bytearray(B)
    for p in range(first, first + n):
        bm[p // 8] |= 1 << (p % 8)
    desc = b''.join(struct.pack('<QIIQ', 6 * B + i * B, B, 0, 0) for i in range(n))
    b = h + bytes(B - len(h)) + bytes(B) + bm + bm + desc
    b += bytes(6 * B - len(b)) + img
    open(out, 'wb').write(b)
kdump(sys.argv[2] + '/kdump')
kdump(sys.argv[2] + '/kdump-block-size', block_size=3)
kdump(sys.argv[2] + '/kdump-bitmap', bitmap_blocks=0xf30000)
open(sys.argv[2] + '/kdump-zeros', 'wb').write(b'KDUMP   ' + bytes(8192))
# 427 bytes (fuzz-image, minimised) whose sizes say a 15 GiB page bitmap
huge = bytearray(b'KDUMP   ' + bytes(419)); huge[11] = 0x43; huge[418] = 1; huge[426] = 7
open(sys.argv[2] + '/kdump-huge', 'wb').write(huge)
PY
run decode "$T/kdump" --address 0x100000 --size 1M --to "$T/from-kdump"
expect_rc "a compressed kdump file" 0
check "compressed kdump: same records" diff -r "$T/out-minimal-ecc16" "$T/from-kdump"
for f in kdump-block-size kdump-bitmap kdump-zeros kdump-huge; do
	bad "$f: a broken compressed kdump header" "$T/$f" --address 0x100000 --size 1M
	expect_err "$f: libkdumpfile's reason" "^pstorectl: decode: $T/$f: not a vmcore libkdumpfile can read: .*(header|bitmap)"
done
# libkdumpfile took 14 GiB and over a minute to open kdump-huge; the probe that opens it is capped
# at 256 MiB and twice the file's size: the largest process of the run stays below 512 MiB.
maxrss_kib() {
	python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}
check "kdump-huge: memory bounded" test "$(maxrss_kib "$PSTORECTL" decode "$T/kdump-huge")" -lt 524288

# A vmcore whose headers list the region but whose data no read can reach: what /proc/vmcore
# looked like on Debian 12's arm64 6.1 (e2e scenario 16): kexec-tools 2.0.25 found no _text
# in /proc/kallsyms and wrote a kernel-text PT_LOAD of an impossible size, so every later
# segment lies past the largest file offset. libkdumpfile fails without a message; the
# error must name the reason, not "(null)" nor "not in it" (VMCOREINFO gives the page size).
python3 - "$T/minimal-ecc16.bin" "$T/vmcore-overflow" <<'PY'
import struct, sys
img = open(sys.argv[1], 'rb').read()
def note(name, typ, desc):
    pad = lambda b: b + bytes(-len(b) % 4)
    return struct.pack('<III', len(name) + 1, len(desc), typ) + pad(name + b'\0') + pad(desc)
nt = note(b'VMCOREINFO', 0, b'OSRELEASE=6.1.0\nPAGESIZE=4096\n')
eh = b'\x7fELF' + bytes([2, 1, 1, 0]) + bytes(8)
eh += struct.pack('<HHIQQQIHHHHHH', 4, 183, 1, 0, 64, 0, 0, 64, 56, 3, 0, 0, 0)
ph = struct.pack('<IIQQQQQQ', 4, 0, 1024, 0, 0, len(nt), len(nt), 0)
ph += struct.pack('<IIQQQQQQ', 1, 7, 4096, 2**64 - 1, 0x2b6ee0200000, 0xffffd49161ab0000, 0xffffd49161ab0000, 0)
ph += struct.pack('<IIQQQQQQ', 1, 7, 0xffffd49161ab2000, 0xffff000000000000, 0x10000000, len(img), len(img), 0)
b = bytearray(eh + ph); b += bytes(1024 - len(b)); b += nt; b += bytes(4096 - len(b)); b += img
open(sys.argv[2], 'wb').write(b)
PY
bad "a vmcore whose data lies past any readable offset" "$T/vmcore-overflow" --address 0x10000000 --size 1M
expect_err "a vmcore whose data lies past any readable offset: why" \
	"the vmcore's ELF headers list this memory but the file does not hold its data"
expect_err "a vmcore whose data lies past any readable offset: kexec-tools' arm64 _text defect" \
	'no _text symbol, without CONFIG_KALLSYMS_ALL'

# --address without --base or --size: a raw dump starts at the region (the help says so),
# so the region is the rest of the file, not nothing (found by tests/cli/test-faults.sh)
run decode "$T/minimal-ecc16.bin" --address 0x10000000 --record-size 16K --console-size 16K \
	--pmsg-size 16K --ecc 1 --to "$T/at-address"
expect_rc "--address alone on a raw dump" 0
check "--address alone: the same records" diff -r "$T/out-minimal-ecc16" "$T/at-address"
run ls --image "$T/minimal-ecc16.bin" --address 0x10000000 -J
expect_rc "ls --image --address alone (scan)" 0

# --scan over a span larger than the region: --address/--size name the span searched, the
# region is where the zone headers are (they used to be put back as the region)
{ head -c 1048576 /dev/zero; cat "$T/arm64-deflate.bin"; head -c 524288 /dev/zero; } >"$T/padded.bin"
run decode "$T/padded.bin" --address 0 --size 2560K --to "$T/from-padded"
expect_rc "--scan of a span around the region" 0
check "--scan of a span around the region: the kernel's records" \
	diff -r "$img/arm64-deflate/records" "$T/from-padded"

echo "1..$_n"
