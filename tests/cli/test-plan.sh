#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl plan on every iomem fixture (hand-made, the i.MX8QM guide board, real QEMU
# guests). The chosen region is checked by an independent reading of the fixture (python
# below), never against output recorded from pstorectl itself.
. "$(dirname "$0")/lib.sh"

IOMEM=$FIXTURES/iomem

# lib.sh's expect_json sends its own TAP line to /dev/null; this one keeps it.
# (jq -e exits 0 on empty input: an empty stdout must fail, not pass)
jq_ok() { check "$1" bash -c '[ -s "$2" ] && jq -e "$1" "$2" >/dev/null' _ "$2" "$T/out"; }
CAPTURED=$FIXTURES/e2e-captured

# verify FIXTURE START SIZE ALIGN [PREFER [BELOW [ABOVE]]]: the region lies inside one
# top-level System RAM range, overlaps no entry nested under one (and no top-level entry),
# is aligned; with PREFER it is the highest (lowest) such slot.
cat >"$T/verify.py" <<'EOF'
import sys
path, start, size, align = sys.argv[1], int(sys.argv[2], 0), int(sys.argv[3], 0), int(sys.argv[4], 0)
prefer = sys.argv[5] if len(sys.argv) > 5 else ""
below = int(sys.argv[6], 0) if len(sys.argv) > 6 and sys.argv[6] else None
above = int(sys.argv[7], 0) if len(sys.argv) > 7 and sys.argv[7] else 0
ram, busy, stack = [], [], []   # stack: (indent, top-level name)
for line in open(path):
    if not line.strip():
        continue
    indent = len(line) - len(line.lstrip(" "))
    rng, name = line.strip().split(" : ", 1)
    a, b = (int(x, 16) for x in rng.split("-"))
    while stack and stack[-1][0] >= indent:
        stack.pop()
    top = stack[0][1] if stack else name
    if not stack and name == "System RAM":
        ram.append((a, b))
    elif stack and top == "System RAM":
        busy.append((a, b, name))
    elif not stack:
        busy.append((a, b, name))   # other top-level ranges are not RAM
    stack.append((indent, top))
# What the man page promises for --initrd-room (default 128M): ROOM bytes kept free below
# 1 GiB, 2 GiB and the top of RAM under 4 GiB, each capped by that top.
import os
room = int(os.environ.get("INITRD_ROOM", "0x8000000"), 0)
G = 1 << 30
top = max([min(b + 1, 4 * G) for a, b in ram if a < 4 * G] or [0])
if room and top:
    for ceil in (1 * G, 2 * G, 4 * G):
        c = min(ceil, top)
        busy.append((max(c - room, 0), c - 1, "initrd room"))
end = start + size - 1
errs = []
if start % align:
    errs.append("not aligned to %#x" % align)
inside = [r for r in ram if r[0] <= start and end <= r[1]]
if len(inside) != 1:
    errs.append("not inside exactly one System RAM range")
for a, b, n in busy:
    if a <= end and start <= b:
        errs.append("overlaps %s %#x-%#x" % (n, a, b))
if below is not None and end >= below:
    errs.append("ends above --below")
if start < above:
    errs.append("starts below --above")
if prefer and not errs:
    # independent search: every RAM range minus every busy range, best aligned slot
    best = None
    for ra, rb in ram:
        cuts = sorted((max(a, ra), min(b, rb)) for a, b, _ in busy if a <= rb and ra <= b)
        cur, free = ra, []
        for a, b in cuts:
            if a > cur:
                free.append((cur, a - 1))
            cur = max(cur, b + 1)
        if cur <= rb:
            free.append((cur, rb))
        for fa, fb in free:
            fa = max(fa, above)
            if below is not None:
                fb = min(fb, below - 1)
            if prefer == "high":
                s = (fb - size + 1) // align * align
                if s >= fa and s + size - 1 <= fb and (best is None or s > best):
                    best = s
            else:
                s = -(-fa // align) * align
                if s + size - 1 <= fb and (best is None or s < best):
                    best = s
    if best != start:
        errs.append("not the %s slot: expected %#x" % (prefer, best if best is not None else -1))
if errs:
    print("; ".join(errs))
    sys.exit(1)
EOF
verify() { python3 "$T/verify.py" "$@"; }

# start and size of the region from --format json
region() { jq -r '"\(.region.start) \(.region.size)"' "$T/out"; }

fixtures="$IOMEM/imx8qm-apalis-guide.txt $IOMEM/imx8qm-mek.txt $IOMEM/deep-nesting.txt $IOMEM/above-4g.txt $IOMEM/names-odd.txt"
for f in "$CAPTURED"/iomem-*.txt; do [ -f "$f" ] && fixtures="$fixtures $f"; done

for f in $fixtures; do
	b=$(basename "$f")
	run plan --iomem "$f" --json
	expect_rc "$b" 0
	read -r s z < <(region)
	check "$b: default region is in one System RAM range, free, 1M-aligned, highest" \
		verify "$f" "$s" "$z" 0x100000 high
	jq_ok "$b: JSON schema" '(.region|keys) == ["end","size","start"] and
		.region.end == .region.start + .region.size and
		.layout.mem_address == .region.start and .layout.mem_size == .region.size and
		(.layout.zones|length) > 0 and (.layout.zones[0].type == "dmesg") and
		(.layout.dump_records == ([.layout.zones[]|select(.type=="dmesg")]|length)) and
		(.candidates|type) == "array" and (.warnings|type) == "array" and
		([.layout.zones[]|.start,.size,.usable|type] | unique) == ["number"]'
	# zones are contiguous from the start and stay inside the region
	jq_ok "$b: zones tile the region" '. as $d | reduce .layout.zones[] as $z
		({ok: true, at: $d.region.start}; {ok: (.ok and $z.start == .at), at: ($z.start + $z.size)})
		| .ok and .at <= $d.region.end'

	run plan --iomem "$f" --json --prefer low --size 256K --align 4K
	read -r s z < <(region)
	check "$b: --prefer low 256K/4K is the lowest free slot" verify "$f" "$s" "$z" 0x1000 low

	run plan --iomem "$f" --json --below 4G --size 2M --align 2M
	if [ "$rc" -eq 0 ]; then
		read -r s z < <(region)
		check "$b: --below 4G 2M/2M" verify "$f" "$s" "$z" 0x200000 high 0x100000000
	else
		expect_err "$b: --below 4G fails with a reason" "no free range"
	fi
done

# above-4g: only RAM above 4G; --below 4G must fail, not return something
run plan --iomem "$IOMEM/above-4g.txt" --below 4G
expect_rc "above-4g --below 4G" 1
expect_err "above-4g --below 4G" "^pstorectl: plan: no free range holds 1M"
run plan --iomem "$IOMEM/above-4g.txt" --json --above 0x8000000000 --prefer low
read -r s z < <(region)
check "above-4g --above 512G --prefer low" verify "$IOMEM/above-4g.txt" "$s" "$z" 0x100000 low "" 0x8000000000

# x86 512M: RAM 00100000-1ffdffff in the capture. QEMU put the initrd at 0x1fabf000-0x1ffdffff
# on that guest, so the default keeps 128M below the top free: 0x1ffe0000 - 128M = 0x17fe0000,
# and the highest 1M-aligned 1M slot under it starts at 0x17e00000.
if [ -f "$CAPTURED/iomem-x86_64-512M.txt" ]; then
	run plan --iomem "$CAPTURED/iomem-x86_64-512M.txt" --format cmdline
	expect_rc "x86 512M cmdline" 0
	check "x86 512M cmdline: exactly one line on stdout" test "$(wc -l <"$T/out")" -eq 1
	expect_out "x86 512M cmdline" '^memmap=0x100000\$0x17e00000 ramoops\.mem_address=0x17e00000 ramoops\.mem_size=0x100000 ramoops\.record_size=0x10000 ramoops\.console_size=0x10000 ramoops\.pmsg_size=0x10000 ramoops\.ftrace_size=0 ramoops\.ecc=0$'
	expect_err "x86 512M cmdline: GRUB note on stderr" 'grub'
	# the e2e boot's own parameters
	run plan --iomem "$CAPTURED/iomem-x86_64-512M.txt" --address 0x10000000 --record-size 16K \
		--console-size 16K --pmsg-size 16K --ecc 1 --max-reason 2 --format cmdline
	expect_out "e2e parameters" '^memmap=0x100000\$0x10000000 ramoops\.mem_address=0x10000000 ramoops\.mem_size=0x100000 ramoops\.record_size=0x4000 ramoops\.console_size=0x4000 ramoops\.pmsg_size=0x4000 ramoops\.ftrace_size=0 ramoops\.ecc=16 ramoops\.max_reason=2$'
	run plan --iomem "$CAPTURED/iomem-x86_64-512M.txt" --format modprobe
	expect_out "modprobe line" '^options ramoops mem_address=0x17e00000 mem_size=0x100000 .*ftrace_size=0 ecc=0$'
	expect_out "modprobe comment says memmap" '^# .*memmap=0x100000\$0x17e00000'
	# --initrd-room 0 gives the top of RAM back; the default refuses it, naming the option
	run plan --iomem "$CAPTURED/iomem-x86_64-512M.txt" --initrd-room 0 --format cmdline
	expect_out "--initrd-room 0: the top slot" '^memmap=0x100000\$0x1fe00000 '
	run plan --iomem "$CAPTURED/iomem-x86_64-512M.txt" --address 0x1fe00000
	expect_rc "--address in the initrd area" 1
	expect_err "--address in the initrd area names it" 'initrd area below 0x1ffe0000 \(--initrd-room\)'
	run plan --iomem "$CAPTURED/iomem-x86_64-512M.txt" --initrd-room 1M2
	expect_rc "--initrd-room takes a size" 2
	# a room larger than the RAM: the error says what took it all
	run plan --iomem "$CAPTURED/iomem-x86_64-512M.txt" --initrd-room 1G
	expect_rc "--initrd-room 1G on 512M" 1
	expect_err "--initrd-room 1G on 512M: names the option" 'initrd \(--initrd-room\)'
fi
run plan --iomem "$IOMEM/fully-covered.txt"
expect_rc "fully covered" 1
check "fully covered: the initrd room is not blamed" sh -c "! grep -q 'initrd-room' '$T/err'"
# --initrd-room is about boot loaders on this machine's iomem: refused with a DTB, not ignored
run plan --dtb /dev/null --initrd-room 64M
expect_rc "plan --dtb --initrd-room" 2
expect_err "plan --dtb --initrd-room" 'not to --dtb'
run dts --patch /dev/null --output "$T/x.dtb" --initrd-room 64M
expect_rc "dts --patch --initrd-room" 2
run dts --show --initrd-room 64M
expect_rc "dts --show --initrd-room" 2
# with memmap= the Reserved hole at 0x10000000 is a top-level entry: not RAM
if [ -f "$CAPTURED/iomem-x86_64-512M-memmap.txt" ]; then
	run plan --iomem "$CAPTURED/iomem-x86_64-512M-memmap.txt" --address 0x10000000
	expect_rc "memmap'd region is not free again" 1
	expect_err "memmap'd region" "not inside any System RAM range"
fi

# --address: free, and conflicts that name what they overlap
run plan --iomem "$IOMEM/deep-nesting.txt" --address 0x10000000 --size 1M --json
expect_rc "--address free" 0
jq_ok "--address free: region is the address" '.region.start == 268435456 and .candidates == [{"start":268435456,"size":1048576}]'
run plan --iomem "$IOMEM/deep-nesting.txt" --address 0x1800000
expect_rc "--address on the kernel" 1
expect_err "--address on the kernel names it" '"Kernel code" \[0x1000000-0x1ffffff\]'
run plan --iomem "$IOMEM/deep-nesting.txt" --address 0x3fe00000 --size 2M
expect_err "--address names the ramoops entry" '"ramoops" \[0x3ff00000-0x3fffffff\]'
run plan --iomem "$IOMEM/deep-nesting.txt" --address 0x20000000
expect_err "--address names nested entries" '"Crash kernel"'
run plan --iomem "$IOMEM/names-odd.txt" --address 0x7f100000
expect_err "--address names odd names" '"ACPI Tables \(firmware: area 1\)"'
run plan --iomem "$IOMEM/deep-nesting.txt" --address 0x50000000
expect_err "--address outside RAM" "not inside any System RAM range"
run plan --iomem "$IOMEM/deep-nesting.txt" --address 0x10000800
expect_rc "--address not page aligned" 1

# hidden addresses, malformed lines, fully covered RAM
run plan --iomem "$IOMEM/hidden.txt"
expect_rc "hidden addresses" 1
expect_err "hidden addresses" "^pstorectl: plan: .*hidden.txt: .*run as root"
expect_no_out "hidden addresses"
run plan --iomem "$IOMEM/malformed-line3.txt"
expect_rc "malformed line 3" 1
expect_err "malformed line 3" "malformed-line3.txt: line 3: "
run plan --iomem "$IOMEM/malformed-line4.txt"
expect_err "malformed line 4" "line 4: "
run plan --iomem "$IOMEM/fully-covered.txt"
expect_rc "fully covered" 1
expect_err "fully covered" "fully covered"
run plan --iomem /nonexistent/iomem
expect_rc "missing file" 1
expect_err "missing file names it" "/nonexistent/iomem"

# stdin, sysroot
run_in "$(cat "$IOMEM/deep-nesting.txt")" plan --iomem - --json
expect_rc "stdin" 0
read -r s z < <(region)
check "stdin: same region as the file" verify "$IOMEM/deep-nesting.txt" "$s" "$z" 0x100000 high
run --sysroot "$IOMEM/sysroot" plan --json
expect_rc "sysroot /proc/iomem" 0
read -r s z < <(region)
check "sysroot region" verify "$IOMEM/sysroot/proc/iomem" "$s" "$z" 0x100000 high

# --all: every free range, and nothing else (python recomputes the free list)
run plan --iomem "$IOMEM/imx8qm-mek.txt" --all -J --initrd-room 0
expect_rc "--all -J" 0
jq_ok "--all schema" '(.regions|length) > 0 and ([.regions[]|keys] | unique) == [["end","ram","size","start"]] and all(.regions[]; .end == .start + .size)'
cat >"$T/all.py" <<'EOF'
import json, sys
got = [(r["start"], r["end"]) for r in json.load(open(sys.argv[2]))["regions"]]
ram, busy, stack = [], [], []
for line in open(sys.argv[1]):
    indent = len(line) - len(line.lstrip(" "))
    rng, name = line.strip().split(" : ", 1)
    a, b = (int(x, 16) for x in rng.split("-"))
    while stack and stack[-1][0] >= indent:
        stack.pop()
    if not stack and name == "System RAM":
        ram.append((a, b))
    elif stack and stack[0][1] == "System RAM":
        busy.append((a, b))
    stack.append((indent, stack[0][1] if stack else name))
want = []
for ra, rb in ram:
    pos = ra
    for a, b in sorted(busy):
        if b < ra or a > rb:
            continue
        if a > pos:
            want.append((pos, a))
        pos = max(pos, b + 1)
    if pos <= rb:
        want.append((pos, rb + 1))
sys.exit(0 if sorted(want) == got else 1)
EOF
check "--all equals an independent free list" python3 "$T/all.py" "$IOMEM/imx8qm-mek.txt" "$T/out"
run plan --iomem "$IOMEM/imx8qm-mek.txt" --all
expect_out "--all table" "^ *START +END +SIZE +RAM"
expect_out "--all shows the high bank" "0x880000000"

# layout figures from the kernel's rules (see tests/unit/test-layout.c)
run plan --iomem "$IOMEM/deep-nesting.txt" --record-size 16K --console-size 16K --pmsg-size 16K --json
jq_ok "62 dmesg zones for 1M at 16K" '. as $d | .layout.dump_records == 62 and
	(.layout.zones[62] | .type == "console" and .start - $d.region.start == 1015808) and
	(.layout.zones[63] | .type == "pmsg" and .start - $d.region.start == 1032192) and
	.layout.zones[0].usable == 16372'
run plan --iomem "$IOMEM/deep-nesting.txt" --record-size 16K --console-size 16K --pmsg-size 16K --ecc 16 --json
jq_ok "ECC 16: 14532 usable bytes per 16K zone" '[.layout.zones[].usable] | unique == [14532]'
run plan --iomem "$IOMEM/deep-nesting.txt" --record-size 20K --json
jq_ok "non-power-of-two record size: rounded, warned" '.layout.record_size == 16384 and (.warnings | any(test("power of two")))'
run plan --iomem "$IOMEM/deep-nesting.txt" --record-size 2M --size 1M
expect_rc "record larger than the region" 1
expect_err "record larger than the region" "dmesg record count == 0"
# a small region without zone sizes: each default shrinks to a quarter of it (64K -> 16K)
run plan --iomem "$IOMEM/deep-nesting.txt" --size 64K --json
expect_rc "small region, default zones" 0
jq_ok "small region: 16K zones, two dmesg zones, console and pmsg" '.layout.record_size == 16384 and
	.layout.console_size == 16384 and .layout.pmsg_size == 16384 and .layout.dump_records == 2 and
	([.layout.zones[].type] == ["dmesg","dmesg","console","pmsg"]) and
	(.layout.zones[-1].start + .layout.zones[-1].size == .region.end)'
run plan --iomem "$IOMEM/deep-nesting.txt" --size 64K --record-size 64K
expect_rc "small region with a chosen record size the kernel rejects" 1
run plan --iomem "$IOMEM/deep-nesting.txt" --record-size 512 --size 64K --console-size 0 --pmsg-size 0 --ecc 255
expect_rc "ECC the kernel rejects" 1
expect_err "ECC the kernel rejects" "invalid ecc_size 255"

# text output reads well
run plan --iomem "$IOMEM/imx8qm-mek.txt"
expect_rc "text" 0
expect_out "text: region" "^Region: +0x[0-9a-f]+-0x[0-9a-f]+ \(1M\)"
expect_out "text: zone table" "^ZONE +START +OFFSET +SIZE +USABLE"
expect_out "text: cmdline hint" "memmap=0x100000\\$"

# usage errors
run plan --align 3K
expect_rc "--align 3K" 2
run plan --align 2K
expect_rc "--align 2K" 2
run plan --prefer middle
expect_rc "--prefer middle" 2
run plan --format yaml
expect_rc "--format yaml" 2
run plan --size 1Q
expect_rc "--size 1Q" 2
run plan --ecc 300
expect_rc "--ecc 300" 2
run plan --iomem "$IOMEM/deep-nesting.txt" --json --format cmdline
expect_rc "--json with --format cmdline" 2
run plan extra
expect_rc "extra argument" 2
run plan --help
expect_rc "--help" 0
expect_out "--help" "^Usage: pstorectl plan"

# write errors are failures
if [ -w /dev/full ]; then
	"$PSTORECTL" plan --iomem "$IOMEM/deep-nesting.txt" >/dev/full 2>"$T/err"; rc=$?
	check "plan > /dev/full fails (rc=$rc)" test "$rc" -ne 0
	"$PSTORECTL" plan --iomem "$IOMEM/deep-nesting.txt" --json >/dev/full 2>"$T/err"; rc=$?
	check "plan --json > /dev/full fails (rc=$rc)" test "$rc" -ne 0
	"$PSTORECTL" plan --iomem "$IOMEM/deep-nesting.txt" --all >/dev/full 2>"$T/err"; rc=$?
	check "plan --all > /dev/full fails (rc=$rc)" test "$rc" -ne 0
fi

# ---- RAM that ends at 0xffffffffffffffff (issue 11.6: end 0, END 0x0, no "inside" line) ------
printf '00000000-00000fff : Reserved\n00001000-0009ffff : System RAM\n100000000-ffffffffffffffff : System RAM\n' >"$T/iomem-top"
printf '0-ffffffffffffffff : System RAM\n' >"$T/iomem-all64"
run plan --iomem "$T/iomem-top" -J
expect_rc "plan -J, RAM up to 2^64-1" 0
expect_out "plan -J, RAM up to 2^64-1: the exclusive end is 2^64, not 0" '"end": 18446744073709551616'
run plan --iomem "$T/iomem-top"
expect_out "plan, RAM up to 2^64-1: inside System RAM, its last byte" '^ +inside System RAM 0x100000000-0xffffffffffffffff$'
run plan --iomem "$T/iomem-all64"
expect_rc "plan, RAM 0-2^64-1" 0
expect_out "plan, RAM 0-2^64-1: inside System RAM" '^ +inside System RAM 0x0-0xffffffffffffffff$'
run plan --iomem "$T/iomem-top" --all
expect_out "plan --all, RAM up to 2^64-1: END 0x10000000000000000" '^ *0x100000000 +0x10000000000000000 '
run plan --iomem "$T/iomem-top" --all -J
expect_out "plan --all -J, RAM up to 2^64-1: end 2^64" '"end": ?18446744073709551616'

# ---- one answer in every format (issue 10): kernel-rounded sizes, warnings on stderr ------------
for f in text cmdline modprobe dts json; do
	run plan --iomem "$IOMEM/deep-nesting.txt" --record-size 100K --format $f
	expect_rc "--record-size 100K --format $f" 0
	case $f in
	text|cmdline) want='ramoops\.record_size=0x10000( |$)' ;;
	modprobe) want=' record_size=0x10000( |$)' ;;
	dts) want='record-size = <0x10000>;' ;;
	json) want='"record_size": 65536' ;;
	esac
	expect_out "--record-size 100K --format $f: the kernel's 0x10000" "$want"
	expect_err "--record-size 100K --format $f: the rounding warning on stderr" 'warning: record_size 0x19000 is not a power of two'
	check "--record-size 100K --format $f: no warning on stdout" bash -c '! grep -qiE "^ *warning|0x19000" "$1" || [ "$2" = json ]' _ "$T/out" "$f"
done
run dts --iomem "$IOMEM/deep-nesting.txt" --record-size 100K
expect_out "dts --record-size 100K: the kernel's 0x10000" 'record-size = <0x10000>;'
expect_err "dts --record-size 100K: the rounding warning" 'warning: record_size 0x19000 is not a power of two'

# ---- plan errors name the option at fault (the library says which part, issue 10) ----------------
run plan --iomem "$IOMEM/deep-nesting.txt" --address 0x10000001
expect_rc "--address not aligned" 1
expect_err "--address not aligned: names --address" '^pstorectl: plan: --address 0x10000001: not aligned to 0x1000$'
run plan --iomem "$IOMEM/deep-nesting.txt" --address 0x10000000 --below 0x8000000
expect_err "--address outside --below: names --address" '^pstorectl: plan: --address 0x10000000: region .* lies outside the window'

# a /memreserve/ entry that wraps past 2^64 is named as such (the message named the last
# /memory node, or an uninitialised buffer when the tree had none)
for mem in "" 'memory@0 { device_type = "memory"; reg = <0 0 0 0x10000000>; };'; do
	printf '/dts-v1/;\n/memreserve/ 0xfffffffffffff000 0x2000;\n/ { #address-cells = <2>; #size-cells = <2>; %s };\n' \
		"$mem" | dtc -q -I dts -O dtb -o "$T/wrap.dtb" -
	run plan --dtb "$T/wrap.dtb"
	expect_err "a wrapping /memreserve/ entry is named${mem:+ (with a /memory node)}" \
		'wrap.dtb: /memreserve/ entry 0: a range 0xfffffffffffff000\+0x2000 wraps past 2\^64'
done

echo "1..$_n"
