# SPDX-License-Identifier: LGPL-2.1-or-later
# Helpers for tests/e2e/scenarios/*.sh: assertions, guest images with pstorectl inside, and
# VM steps that turn a harness error into a scenario failure. Sourced by tests/e2e/run in
# the subshell that runs one scenario; SC_NAME, SC_DIR, SC_IMAGES are set by the runner.
# shellcheck shell=bash

# The command line every x86 boot starts with: nokaslr keeps addresses stable, panic=0
# keeps a panicked guest still so the host can save its memory before the reset.
X86_BASE_CMDLINE='console=ttyS0 nokaslr panic=0'
# The fixed region the scenarios that do not plan use (as the e2e README).
FIXED_ADDR=0x10000000
FIXED_SIZE=0x100000

# sc_fail MSG: the scenario fails now.
sc_fail() {
	printf '%s\n' "$*" >>"$SC_DIR/failures"
	printf 'FAILED: %s\n' "$*" >&2
	exit 1
}

# sc_check MSG CMD...: a failed assertion is recorded and the scenario goes on, so one run
# reports everything that is wrong, not only the first thing.
sc_check() {
	local msg=$1
	shift
	if "$@"; then
		printf 'ok: %s\n' "$msg" >&2
	else
		printf '%s\n' "$msg" >>"$SC_DIR/failures"
		printf 'FAILED: %s\n' "$msg" >&2
	fi
}

sc_note() { printf '%s\n' "$*" >>"$SC_DIR/notes"; printf 'note: %s\n' "$*" >&2; }

# sc_vm STEP ARGS...: a harness step (vm_boot, vm_panic, ...) that must succeed.
sc_vm() {
	"$@" || sc_fail "$1: ${VM_ERROR:-failed}"
}

# sc_start RUN ARCH KERNEL INITRD APPEND [QEMU ARGS]: start a VM for this scenario; the
# runner reports the serial log of the last VM started.
sc_start() {
	local run=$1
	shift
	vm_start "$SC_DIR/$run" "$@"
	printf '%s\n' "$VM_SERIAL" >"$SC_DIR/serial-path"
	SC_RUN=$run
}

sc_stop() {
	printf '%s: %s\n' "$SC_RUN" "$VM_TIMES" >>"$SC_DIR/timings"
	vm_stop
}

# sc_files BOOT: decode the current boot's files into $SC_DIR/$SC_RUN/bootN
sc_files() {
	sc_vm vm_files "$SC_DIR/$SC_RUN/boot$1"
	F=$SC_DIR/$SC_RUN/boot$1
}

# cap_ok NAME: the guest command captured as NAME exited 0 (with its stderr in the message).
cap_ok() {
	local rc
	rc=$(cat "$F/$1.rc" 2>/dev/null || echo missing)
	[[ $rc == 0 ]] && return 0
	printf '%s\n' "'$(cap_cmd "$1")' exited $rc: $(head -c 300 "$F/$1.err" 2>/dev/null | tr '\n' ' ')" >"$SC_DIR/last-cap-error"
	return 1
}

cap_cmd() { cat "$F/$1.cmd" 2>/dev/null || echo "$1"; }

# need_cap NAME: fatal version of cap_ok, for steps the rest of the scenario depends on.
need_cap() {
	cap_ok "$1" || sc_fail "$(cat "$SC_DIR/last-cap-error")"
}

# check_cap NAME: non-fatal version.
check_cap() {
	if cap_ok "$1"; then
		printf 'ok: %s exited 0\n' "$1" >&2
		return 0
	fi
	sc_check "$(cat "$SC_DIR/last-cap-error")" false
	return 1
}

# py CODE ARGS...: run a python3 assertion; it prints the reason and exits 1 on failure.
py() {
	local code=$1
	shift
	python3 -c "$code" "$@"
}

# json_check NAME CODE MSG: CODE is a python expression over `d` (the parsed stdout of the
# guest command NAME) that must be true; a bad JSON document fails too. A false CODE says
# what the keys it names held (call traces as their symbols), so that a CI log alone
# shows what the kernel did.
json_check() {
	local name=$1 expr=$2 msg=$3 out
	if out=$(py '
import json, re, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print("stdout of %s is not JSON: %s" % (sys.argv[3], e)); sys.exit(1)
try:
    ok = eval(sys.argv[2])
except Exception as e:
    print("%s: %r" % (type(e).__name__, e)); sys.exit(1)
if not ok:
    def brief(v):
        if isinstance(v, list) and v and all(isinstance(f, dict) and "symbol" in f for f in v):
            return [f["symbol"] for f in v]
        return v
    keys = dict.fromkeys(re.findall(r"\bd\[\"(\w+)\"\]", sys.argv[2]))
    got = {k: brief(d.get(k)) for k in keys} if isinstance(d, dict) else d
    print("got " + json.dumps(got)[:600])
sys.exit(0 if ok else 1)
' "$F/$name.out" "$expr" "$name" 2>&1); then
		sc_check "$msg" true
	else
		sc_check "$msg${out:+ ($out)}" false
	fi
}

# guest_stage DIR: a staging tree holding the pstorectl under test and its libraries.
guest_stage() {
	local stage=$1
	rm -rf "$stage"
	mkdir -p "$stage/e2e"
	e2e_copy_with_libs "$stage" "$PSTORECTL" /usr/bin/pstorectl
}

# guest_script FILE: the boot script, from stdin, with the guest helpers preloaded. Guest
# commands are written as `cap NAME pstorectl ...`; cap records the command line too.
guest_script() {
	{
		echo '#!/bin/sh'
		echo '. /e2e/guest-lib.sh'
		cat
	} >"$1"
}

# host_cap NAME CMD...: run a pstorectl (or other) command on the host the way `cap` does
# in the guest; results in $SC_DIR/host/NAME.{cmd,out,err,rc}, and F points there.
host_cap() {
	local name=$1 rc=0
	shift
	F=$SC_DIR/host
	mkdir -p "$F"
	printf '%s\n' "$*" >"$F/$name.cmd"
	"$@" >"$F/$name.out" 2>"$F/$name.err" || rc=$?
	echo "$rc" >"$F/$name.rc"
}

# ---------------------------------------------------------------------------------------
# Issue 12: `pstorectl decode` of the region saved with pmemsave before the reset must give
# the records the kernel shows in pstorefs on the next boot, byte for byte.

# decode_check TAG IMAGE WANT LAYOUT...: decode IMAGE on the host into $SC_DIR/decode-TAG
# with the scenario's layout; WANT holds the files of /sys/fs/pstore of the next boot (put
# or putdir; MTIMES is not a record). Every record must be equal (one sc_check each) and
# decode must write no other record. DECODE_ONLY="NAME..." compares only those records: the
# image was saved after the next boot's probe had restarted the console and pmsg zones.
# DECODE_EMPTY_OK=1: no record at all on both sides is right too.
# The zone report (decode -J) is left in $SC_DIR/decode-TAG.json.
decode_check() {
	local tag=$1 img=$2 want=$3 out=$SC_DIR/decode-$1 F n wantn gotn
	shift 3
	rm -rf "$out"
	host_cap "decode-$tag" "$PSTORECTL" decode "$img" --to "$out" "$@"
	check_cap "decode-$tag" || return 0
	"$PSTORECTL" decode "$img" -J --output-all "$@" >"$SC_DIR/decode-$tag.json" 2>"$SC_DIR/decode-$tag.json.err" || true
	same_records "decode $tag" "$want" "$out"
	return 0
}

# same_records WHAT WANT GOT: GOT holds the records of WANT (pstorefs), byte for byte, and
# no other (DECODE_ONLY, DECODE_EMPTY_OK as for decode_check; MTIMES is not a record).
same_records() {
	local what=$1 want=$2 out=$3 n wantn gotn
	if [[ -n ${DECODE_ONLY:-} ]]; then
		wantn=$DECODE_ONLY
	else
		wantn=$(cd "$want" 2>/dev/null && find . -maxdepth 1 -type f ! -name MTIMES -printf '%f\n' | sort | tr '\n' ' ')
		gotn=$(cd "$out" 2>/dev/null && find . -maxdepth 1 -type f ! -name MTIMES -printf '%f\n' | sort | tr '\n' ' ')
		sc_check "$what writes the records of pstorefs (pstorefs: ${wantn:-none}; $what: ${gotn:-none})" \
			same_names "$wantn" "$gotn"
	fi
	for n in $wantn; do
		sc_check "$what: $n equals /sys/fs/pstore/$n byte for byte" cmp -s "$want/$n" "$out/$n"
	done
}

same_names() { [[ $1 == "$2" && ( -n $1 || ${DECODE_EMPTY_OK:-0} == 1 ) ]]; }

# decode_ecc_check TAG IMAGE WANT LAYOUT...: bytes flipped in copies of an ECC-16 image
# (RS over 128-byte blocks, 16 parity bytes: up to 8 bytes a block can be corrected), the
# zone offsets from $SC_DIR/decode-TAG.json (decode_check first). "within": 3 bytes of
# one block and 8 of the next in the first dmesg zone: decode corrects all 11 (before it
# inflates a compressed record), says so in the kernel's notice, and the record is the
# one of pstorefs otherwise. "beyond": 12 bytes of one block of the first console zone:
# that block is counted uncorrectable and the record is still there, the 12 bytes as they
# lie (as the kernel leaves them). WANT: the pstorefs files of the clean run.
decode_ecc_check() {
	local tag=$1 img=$2 want=$3 F t why
	shift 3
	for t in within beyond; do
		py '
import json, sys
img, js, out, kind = sys.argv[1:5]
zones = json.load(open(js))["zones"]
z = [z for z in zones if z["type"] == ("dmesg" if kind == "within" else "console") and z["index"] == 0][0]
data = z["offset"] + 12
d = bytearray(open(img, "rb").read())
if kind == "within":
    flips = [256 + o for o in (7, 50, 99)] + [384 + o for o in range(3, 128, 16)]
else:
    flips = [256 + o for o in range(1, 128, 10)][:12]
for o in flips: d[data + o] ^= 0x5a
open(out, "wb").write(d)
open(out + ".flips", "w").write(json.dumps({"zone": z, "flips": flips}))
' "$img" "$SC_DIR/decode-$tag.json" "$SC_DIR/ecc-$t.bin" "$t" || sc_fail "decode_ecc_check: cannot make $SC_DIR/ecc-$t.bin"
		host_cap "decode-ecc-$t" "$PSTORECTL" decode "$SC_DIR/ecc-$t.bin" -J --to "$SC_DIR/decode-ecc-$t" "$@"
		cap_ok "decode-ecc-$t" || { sc_check "$(cat "$SC_DIR/last-cap-error")" false; continue; }
		why=$(decode_ecc_verdict "$t" "$F/decode-ecc-$t.out" "$SC_DIR/ecc-$t.bin.flips" "$SC_DIR/decode-ecc-$t" "$want" 2>&1) && why=
		if [[ $t == within ]]; then
			sc_check "decode of $tag with 3+8 bytes flipped in two dmesg blocks corrects them${why:+: $why}" test -z "$why"
		else
			sc_check "decode of $tag with 12 bytes flipped in one console block marks it uncorrectable${why:+: $why}" test -z "$why"
		fi
	done
	return 0
}

# decode_ecc_verdict within|beyond JSON FLIPS OUTDIR WANTDIR: prints why it fails
decode_ecc_verdict() {
	py '
import json, re, sys
kind, js, fl, outd, wantd = sys.argv[1:6]
f = json.load(open(fl)); flips = f["flips"]
z = [z for z in json.load(open(js))["zones"] if z["type"] == f["zone"]["type"] and z["index"] == 0][0]
name = z["record"]
got, want = open(outd + "/" + name, "rb").read(), open(wantd + "/" + name, "rb").read()
notice = re.compile(rb"\nECC: [^\n]*\n$")
gm, wm = notice.search(got), notice.search(want)
if not gm or not wm: print("%s: no ECC notice at the end" % name); sys.exit(1)
gb, wb = got[:gm.start()], bytearray(want[:wm.start()])
if kind == "within":
    exp = (11, 0, b"\nECC: 11 Corrected bytes, 0 unrecoverable blocks\n")
else:
    exp = (0, 1, b"\nECC: 0 Corrected bytes, 1 unrecoverable blocks\n")
    # where a ring byte lands in the record: unrolled from start when the ring went round
    used, start = z["used"], z["start"]
    for o in flips: wb[(o - start) % used if start < used else o] ^= 0x5a
if (z["corrected"], z["bad"]) != exp[:2]:
    print("%s zone: corrected %s, bad %s; want %d, %d" % (z["type"], z["corrected"], z["bad"], exp[0], exp[1])); sys.exit(1)
if got[gm.start():] != exp[2]: print("notice %r, want %r" % (got[gm.start():], exp[2])); sys.exit(1)
if gb != bytes(wb):
    diff = [i for i in range(min(len(gb), len(wb))) if gb[i] != wb[i]]
    print("%s: %d bytes differ from the expected record (lengths %d, %d), first at %s" % (name, len(diff), len(gb), len(wb), diff[:3])); sys.exit(1)
' "$@"
}

# The fixed ramoops set-up of the scenarios that do not plan (as the e2e README).
fixed_cmdline() { # ECC MAX_REASON [MORE]
	printf '%s memmap=1M$%s ramoops.mem_address=%s ramoops.mem_size=%s ramoops.record_size=0x4000 ramoops.console_size=0x4000 ramoops.pmsg_size=0x4000 ramoops.ftrace_size=0 ramoops.ecc=%s ramoops.max_reason=%s%s' \
		"$X86_BASE_CMDLINE" "$FIXED_ADDR" "$FIXED_ADDR" "$FIXED_SIZE" "$1" "$2" "${3:+ $3}"
}

# ---------------------------------------------------------------------------------------
# Shared by scenarios 1 and 5: plan on the guest's real /proc/iomem, boot with the planned
# command line, crash, reset, and compare pstorectl's view of the records with the files.

# plan_values: ADDR SIZE from the planned command line in $PLAN (checked by plan_check).
plan_values() {
	local a s
	a=$(grep -o 'ramoops\.mem_address=[^ ]*' <<<"$PLAN" | cut -d= -f2)
	s=$(grep -o 'ramoops\.mem_size=[^ ]*' <<<"$PLAN" | cut -d= -f2)
	printf '%s %s\n' "$a" "$s"
}

# plan_check IOMEM: the planned line has the contract's shape, its memmap= reserves the
# ramoops region, and that region lies in System RAM of the guest's /proc/iomem.
plan_check() {
	py '
import re, sys
plan, iomem = open(sys.argv[1]).read(), open(sys.argv[2]).read()
lines = plan.split("\n")
if plan.endswith("\n"): lines = lines[:-1]
if len(lines) != 1: print("stdout has %d lines, want exactly 1: %r" % (len(lines), plan[:200])); sys.exit(1)
line = lines[0]
num = r"(?:0x[0-9a-fA-F]+|[0-9]+[KMG]?)"
m = re.fullmatch(r"memmap=(%s)\$(0x[0-9a-fA-F]+) ramoops\.mem_address=(0x[0-9a-fA-F]+) ramoops\.mem_size=(0x[0-9a-fA-F]+) "
    r"ramoops\.record_size=(%s) ramoops\.console_size=(%s) ramoops\.pmsg_size=(%s) ramoops\.ftrace_size=0 "
    r"ramoops\.ecc=([0-9]+)((?: ramoops\.[a-z_]+=\S+)*)" % (num, num, num, num), line)
if not m: print("line does not match the cmdline contract: %r" % line); sys.exit(1)
def val(v):
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if v[-1] in mult: return int(v[:-1], 0) * mult[v[-1]]
    return int(v, 0)
mm_size, mm_addr, addr, size = val(m.group(1)), int(m.group(2), 16), int(m.group(3), 16), int(m.group(4), 16)
if not (mm_addr <= addr and addr + size <= mm_addr + mm_size):
    print("memmap=%#x$%#x does not cover ramoops %#x@%#x" % (mm_size, mm_addr, size, addr)); sys.exit(1)
ram = []
for l in iomem.splitlines():
    if l.startswith(" ") or "System RAM" not in l: continue
    a, b = l.split(":")[0].strip().split("-")
    ram.append((int(a, 16), int(b, 16)))
if not any(a <= mm_addr and mm_addr + mm_size - 1 <= b for a, b in ram):
    print("reserved %#x-%#x is not inside one System RAM range %s" % (mm_addr, mm_addr + mm_size - 1,
          ["%x-%x" % r for r in ram])); sys.exit(1)
' "$F/plan.out" "$1"
}

# records_match: `pstorectl ls -J` lists exactly the files boot 2 saw (names and sizes).
records_match() {
	py '
import json, sys
d = json.load(open(sys.argv[1]))
want = {}
for l in open(sys.argv[2]).read().splitlines():
    s, n = l.split(" ", 1); want[n] = int(s)
got = {r["name"]: r["size"] for r in d["records"]}
if got != want: print("ls -J %s != files %s" % (sorted(got.items()), sorted(want.items()))); sys.exit(1)
if not want: print("no records at all"); sys.exit(1)
' "$F/ls.out" "$F/sizes"
}

plan_crash() {
	local kroot=$1 kver=$2 kernel=$1/boot/vmlinuz-$2 stage=$SC_DIR/stage
	guest_stage "$stage"
	e2e_add_modules "$stage" "$kroot" "$kver" ramoops
	mkdir -p "$stage/boot"
	cp "$kroot/boot/config-$kver" "$stage/boot/"
	guest_script "$SC_DIR/boot.sh" <<'EOF'
# pstorectl decode of the live region through /dev/mem (address, size and layout from the
# loaded module); the files and the zone report go back to the host.
devmem_decode() {
	p=/sys/module/ramoops/parameters
	rm -rf /tmp/devmem
	cap devmem pstorectl decode /dev/mem --module-params --address "$(cat $p/mem_address)" --size "$(cat $p/mem_size)" --to /tmp/devmem
	cap devmem-json pstorectl decode /dev/mem --module-params --address "$(cat $p/mem_address)" --size "$(cat $p/mem_size)" -J --output-all --all
	putdir /tmp/devmem devmem
}
case $1 in
0)
	put /proc/iomem proc-iomem
	cap plan pstorectl plan --format cmdline
	;;
1)
	modprobe ramoops
	mount_pstore
	put /proc/cmdline proc-cmdline
	dmesg | grep -E 'ramoops|pstore' >/tmp/dm
	put /tmp/dm dmesg
	cap check pstorectl check --json
	devmem_decode
	crash
	;;
2)
	modprobe ramoops
	mount_pstore
	devmem_decode
	: >/tmp/sizes
	: >/tmp/cmp
	for f in /sys/fs/pstore/*; do
		[ -f "$f" ] || continue
		n=${f##*/}
		stat -c '%s %n' "$f" | sed 's| /sys/fs/pstore/| |' >>/tmp/sizes
		put "$f" raw/$n
		cap cat-$n pstorectl cat "$n"
		if cmp -s "$f" /tmp/cap/cat-$n.out; then echo "same $n" >>/tmp/cmp; else echo "differ $n" >>/tmp/cmp; fi
	done
	put /tmp/sizes sizes
	put /tmp/cmp cmp
	ls -l /sys/fs/pstore
	cap ls pstorectl ls -J
	;;
esac
EOF
	e2e_initramfs "$SC_DIR/initrd.gz" "$BUSYBOX_AMD64" "$SC_DIR/boot.sh" "$stage"

	# Run 1: plan on the real /proc/iomem of this machine type.
	sc_start plan x86_64 "$kernel" "$SC_DIR/initrd.gz" "$X86_BASE_CMDLINE" -m 512M
	sc_vm vm_boot 0
	sc_vm vm_done
	sc_files 0
	sc_stop
	need_cap plan
	local iomem=$F/proc-iomem
	plan_check "$iomem" >"$SC_DIR/plan-check" 2>&1 ||
		sc_fail "pstorectl plan --format cmdline: $(cat "$SC_DIR/plan-check")"
	PLAN=$(head -1 "$F/plan.out")
	local addr size
	read -r addr size < <(plan_values)
	sc_note "plan: $PLAN"

	# Run 2: boot with exactly that line appended, crash, reset, read back.
	sc_start crash x86_64 "$kernel" "$SC_DIR/initrd.gz" "$X86_BASE_CMDLINE $PLAN" -m 512M
	sc_vm vm_boot 1
	sc_vm vm_panic
	sc_files 1
	sc_vm vm_pmemsave "$addr" "$size" "$SC_IMAGES/boot1-panic.bin"
	sc_vm vm_reset
	sc_vm vm_boot 2
	sc_vm vm_done
	sc_files 2
	sc_vm vm_pmemsave "$addr" "$size" "$SC_IMAGES/boot2-end.bin"
	sc_stop

	# Why records can vanish: QEMU (like GRUB) loads the initrd at the top of low RAM, again
	# at every reset, over whatever lies there.
	local rd
	rd=$(tr -d '\r' <"$SC_DIR/crash/serial.log" | sed -n 's/.*RAMDISK: \[mem \(0x[0-9a-f]*\)-\(0x[0-9a-f]*\)\].*/\1 \2/p' | awk 'NR == 1')
	if [[ -n $rd ]] && (( ${rd% *} <= addr + size - 1 && addr <= ${rd#* } )); then
		sc_note "the planned region $size@$addr overlaps where the boot loader puts the initrd (RAMDISK: ${rd/ /-}); it is overwritten at each boot"
	fi

	F=$SC_DIR/crash/boot1
	sc_check "boot 1 command line is the base line plus the plan" \
		test "$(cat "$F/proc-cmdline")" == "$X86_BASE_CMDLINE $PLAN"
	local want
	want=$(printf 'ramoops: using 0x%x@0x%x' "$size" "$addr")
	sc_check "dmesg says '$want' (got: $(grep -o 'ramoops: using 0x.*' "$F/dmesg" | head -1))" \
		grep -q "$want, ecc:" "$F/dmesg"
	check_cap check && json_check check 'd["summary"]["fail"] == 0' \
		"pstorectl check --json has summary.fail == 0"

	F=$SC_DIR/crash/boot2
	sc_check "boot 2 has dmesg-ramoops-0 starting 'Panic#1 Part1'" \
		grep -q '^Panic#1 Part1$' <(head -1 "$F/raw/dmesg-ramoops-0" 2>/dev/null)
	check_cap ls && sc_check "pstorectl ls -J lists the files of /sys/fs/pstore ($(records_match 2>&1 | head -c 300))" records_match
	local n
	while read -r _ n; do
		check_cap "cat-$n" &&
			sc_check "pstorectl cat $n equals /sys/fs/pstore/$n byte for byte" \
				cmp -s "$F/raw/$n" "$F/cat-$n.out"
	done <"$F/sizes"

	# pstorectl decode on the host of the region saved at the panic, with the planned layout
	# and with the layout found by --scan: boot 2's files.
	local kshort v layout=()
	kshort=$(sed -E 's/^([0-9]+\.[0-9]+).*/\1/' <<<"$kver")
	for v in record_size console_size pmsg_size ftrace_size ecc; do
		layout+=("--${v/_/-}" "$(grep -o "ramoops\.$v=[^ ]*" <<<"$PLAN" | cut -d= -f2)")
	done
	decode_check panic "$SC_IMAGES/boot1-panic.bin" "$F/raw" "${layout[@]}" --kernel "$kshort"
	decode_check panic-scan "$SC_IMAGES/boot1-panic.bin" "$F/raw" --kernel "$kshort"

	# pstorectl decode /dev/mem in the guest (x86 CONFIG_STRICT_DEVMEM lets a memmap=
	# "Reserved" range through: it is not System RAM and ramoops vmap()s it, so no busy
	# resource makes IO_STRICT_DEVMEM refuse): before the crash every zone is valid and
	# empty; after the reset, the records of pstorefs byte for byte.
	devmem_checks "$SC_DIR/crash/boot1" "$SC_DIR/crash/boot2"
	return 0
}

# devmem_checks BOOT_BEFORE BOOT_AFTER: what devmem_decode (plan_crash) brought back.
devmem_checks() {
	F=$1
	if check_cap devmem; then
		sc_check "decode /dev/mem before the crash: no record ($(ls "$F/devmem" 2>/dev/null | grep -v MTIMES | tr '\n' ' '))" \
			bash -c '! ls "$1" 2>/dev/null | grep -qv MTIMES' _ "$F/devmem"
		check_cap devmem-json && json_check devmem-json \
			'len(d["zones"]) > 0 and all(z["state"] in ("valid", "empty") and z["used"] == 0 for z in d["zones"])' \
			"decode /dev/mem before the crash: the zones the kernel set up, valid and empty"
	else
		sc_note "decode /dev/mem refused before the crash: $(head -c 300 "$F/devmem.err")"
	fi
	F=$2
	if check_cap devmem; then
		same_records "decode /dev/mem after the reset" "$F/raw" "$F/devmem"
	fi
}

# ---------------------------------------------------------------------------------------
# Cross-built pstorectl for the ARM guests (scenarios 3 and 7).

# cross_pstorectl ARCH: the pstorectl built for ARCH (arm64, armhf): $PSTORECTL_ARM64 /
# $PSTORECTL_ARMHF, else build-ARCH/ of this tree, built with `make ARCH=...` when missing.
# Sets XPSTORECTL and XTRIPLET.
cross_pstorectl() {
	local arch=$1 var
	var=PSTORECTL_${arch^^}
	case $arch in
	arm64) XTRIPLET=aarch64-linux-gnu ;;
	armhf) XTRIPLET=arm-linux-gnueabihf ;;
	*) sc_fail "cross_pstorectl: unknown architecture $arch" ;;
	esac
	XPSTORECTL=${!var:-$E2E_REPO/build-$arch/pstorectl}
	if [[ ! -x $XPSTORECTL ]]; then
		make -s -C "$E2E_REPO" ARCH="$arch" lib cli >"$SC_DIR/make-$arch.log" 2>&1 ||
			sc_fail "make ARCH=$arch failed: $(tail -2 "$SC_DIR/make-$arch.log" | tr '\n' ' ')"
	fi
	[[ -x $XPSTORECTL ]] || sc_fail "no pstorectl for $arch at $XPSTORECTL"
	XPSTORECTL=$(realpath "$XPSTORECTL")
	sc_note "$arch pstorectl: $XPSTORECTL"
}

# qemu_user_cap NAME ARCH CMD...: host_cap of a cross-built binary under qemu-user, with
# the target's libraries (the build tree first).
qemu_user_cap() {
	local name=$1 arch=$2 q
	shift 2
	case $arch in arm64) q=qemu-aarch64-static ;; armhf) q=qemu-arm-static ;; esac
	command -v "$q" >/dev/null || sc_fail "$q not installed (make deps ARCH=$arch)"
	host_cap "$name" env LD_LIBRARY_PATH="$(dirname "$XPSTORECTL")" "$q" "$@"
}

# region_check PLAN_JSON IOMEM|ram:LO-HI RESERVED_START RESERVED_SIZE: the planned region
# lies in one System RAM range of the guest's /proc/iomem (or in LO-HI, the RAM of the
# machine's device tree) and does not overlap the region already reserved for ramoops
# (the guest runs with it).
region_check() {
	py '
import json, sys
d = json.load(open(sys.argv[1])); r = d["region"]
a, n = r["start"], r["size"]
ram = []
if sys.argv[2].startswith("ram:"):
    lo, hi = sys.argv[2][4:].split("-"); ram.append((int(lo, 0), int(hi, 0)))
else:
  for l in open(sys.argv[2]).read().splitlines():
    if l.startswith(" ") or "System RAM" not in l: continue
    lo, hi = l.split(":")[0].strip().split("-"); ram.append((int(lo, 16), int(hi, 16)))
if not any(lo <= a and a + n - 1 <= hi for lo, hi in ram):
    print("%#x@%#x is not inside System RAM %s" % (n, a, ["%x-%x" % x for x in ram])); sys.exit(1)
ra, rn = int(sys.argv[3], 0), int(sys.argv[4], 0)
if a < ra + rn and ra < a + n:
    print("%#x@%#x overlaps the ramoops region in use %#x@%#x" % (n, a, rn, ra)); sys.exit(1)
' "$@"
}

# arm_guest_plan_checks F ADDR SIZE PATCHED_DTB: what the ARM guest's pstorectl said in the
# boot that runs with the ramoops node of PATCHED_DTB (ADDR, SIZE): plan from /proc/iomem
# and from the live DTB (/sys/firmware/fdt) choose RAM clear of the region in use (the DTB's
# RAM: -M virt -m 1G has it at 0x40000000), dts --show finds the live node, check passes,
# and dts --patch in the guest gives the host's bytes.
ARM_VIRT_RAM=ram:0x40000000-0x7fffffff
arm_guest_plan_checks() {
	local f=$1 addr=$2 size=$3 patched=$4
	F=$f
	if check_cap plan; then
		sc_check "plan in the guest (/proc/iomem): $(region_check "$F/plan.out" "$F/proc-iomem" "$addr" "$size" 2>&1 | head -c 300)" \
			region_check "$F/plan.out" "$F/proc-iomem" "$addr" "$size"
	fi
	if check_cap plandt; then
		sc_check "plan --dtb /sys/firmware/fdt in the guest: $(region_check "$F/plandt.out" "$ARM_VIRT_RAM" "$addr" "$size" 2>&1 | head -c 300)" \
			region_check "$F/plandt.out" "$ARM_VIRT_RAM" "$addr" "$size"
	fi
	check_cap show && json_check show \
		"[(n['address'], n['size']) for n in d['ramoops']] == [($addr, $size)]" \
		"dts --show in the guest finds the live node ${size}@${addr}"
	# Check exits 1 on a failed check, so its JSON is judged whatever the exit status.
	json_check check 'd["summary"]["fail"] == 0' \
		"pstorectl check --json in the guest has summary.fail == 0 ($(head -c 200 "$F/check.err" 2>/dev/null))"
	check_cap dts && sc_check "dts --patch in the guest gives the host's bytes" cmp -s "$patched" "$F/guest.dtb"
}

# arm_guest_records F: the boot after the crash: ls -J lists the files of /sys/fs/pstore,
# cat gives each byte for byte, tail shows the panic, clear --all --archive empties pstore
# after copying every record exactly.
arm_guest_records() {
	F=$1
	check_cap ls && sc_check "pstorectl ls -J lists the files of /sys/fs/pstore ($(records_match 2>&1 | head -c 300))" records_match
	local n
	while read -r _ n; do
		check_cap "cat-$n" &&
			sc_check "pstorectl cat $n equals /sys/fs/pstore/$n byte for byte" \
				cmp -s "$F/raw/$n" "$F/cat-$n.out"
	done <"$F/sizes"
	# (the ECC notice the kernel appends, "\nECC: ...\n", is left out by tail)
	check_cap tail && sc_check "pstorectl tail prints the last 10 lines of a record" py '
import glob, re, sys
out = open(sys.argv[1], "rb").read().splitlines()
def lines(r):
    d = re.sub(rb"\nECC: [^\n]*\n$", b"", open(r, "rb").read())
    return d.splitlines()
ok = 1 <= len(out) <= 10 and any(lines(r)[-len(out):] == out for r in glob.glob(sys.argv[2] + "/*"))
sys.exit(0 if ok else 1)
' "$F/tail.out" "$F/raw"
	if check_cap clear; then
		sc_check "pstore is empty after clear --all (left: $(tr '\n' ' ' <"$F/after-clear"))" test ! -s "$F/after-clear"
		sc_check "the archive holds byte-exact copies of every record" py '
import os, sys
orig = dict(l.split()[::-1] for l in open(sys.argv[1]).read().splitlines())
arch = {}
for l in open(sys.argv[2]).read().splitlines():
    h, p = l.split(None, 1); arch.setdefault(os.path.basename(p), set()).add(h)
missing = [n for n, h in orig.items() if h not in arch.get(n, set())]
if missing or not orig: print("not archived (or changed):", missing, "archive:", sorted(arch)); sys.exit(1)
' "$F/hashes" "$F/arch-hashes"
	fi
}

# kdump_images BUSYBOX SLOT_MIB DISK_SIZE: the kdump scenarios' guest images, from
# $SC_DIR/boot.sh over $stage: the capture kernel's initramfs (capture.gz; its size goes to
# the guest's env as INITRD_SIZE), the first kernel's (initrd.gz), and the virtio disk
# $disk with $kernel at 0 and capture.gz at SLOT_MIB MiB, each within its slot (the guest
# reads them with dd: in the initramfs they would make every boot unpack them).
kdump_images() {
	local busybox=$1 slot=$2 size=$3
	e2e_initramfs "$SC_DIR/capture.gz" "$busybox" "$SC_DIR/boot.sh" "$stage"
	printf 'export INITRD_SIZE=%s\n' "$(stat -c %s "$SC_DIR/capture.gz")" >>"$stage/e2e/env"
	(($(stat -c %s "$kernel") <= slot << 20 && $(stat -c %s "$SC_DIR/capture.gz") <= slot << 20)) ||
		sc_fail "the kernel or the capture initramfs is over the $slot MiB its disk slot holds"
	e2e_initramfs "$SC_DIR/initrd.gz" "$busybox" "$SC_DIR/boot.sh" "$stage"
	rm -f "$disk"
	truncate -s "$size" "$disk"
	dd if="$kernel" of="$disk" conv=notrunc status=none
	dd if="$SC_DIR/capture.gz" of="$disk" bs=1M seek="$slot" conv=notrunc status=none
}
