# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 16: kdump on Debian's arm64 6.1 cloud kernel (KEXEC, CRASH_DUMP, PROC_VMCORE =y;
# no KEXEC_FILE) under qemu-system-aarch64 -M virt, the ramoops region a device-tree
# reserved-memory node WITHOUT no-map (ECC 16): memblock-reserved but still inside "System
# RAM" of /proc/iomem, so kexec-tools puts it in the vmcore's PT_LOADs (unlike scenario
# 12's x86 memmap= region, which is "Reserved" and absent). QEMU's DTB with the node from
# `pstorectl dts --patch`, crashkernel=256M and crash_kexec_post_notifiers (without it
# panic() starts the capture kernel before kmsg_dump(): no dmesg record). Debian's arm64
# kexec -p loads the same kernel and an initramfs like this one (both from a virtio disk).
# The capture kernel never loads ramoops (its probe would restart the console and pmsg
# zones). One QEMU process, five boots (a reset or reboot -f keeps RAM):
#  1. modprobe ramoops; Debian's kexec -p as it is; sysrq-c.
#  2. capture kernel: Debian 12's kexec-tools (2.0.25) looks for _text in /proc/kallsyms,
#     which this kernel (no CONFIG_KALLSYMS_ALL: only _stext) lacks; it says "Can't get
#     the symbol of _text" and writes a kernel-text PT_LOAD of an impossible size
#     (0xffff... bytes). The region is in the next PT_LOAD, but /proc/vmcore places that
#     segment past the largest offset read() and mmap() can reach (its size overflows):
#     pstorectl must say so clearly, makedumpfile fails too; /dev/mem cannot read the
#     crashed kernel's memory on arm64 at all (EFAULT). reboot -f.
#  3. the crashed kernel's set-up: pstorefs shows crash 1. kexec -p again with a
#     /proc/kallsyms that has _text (= _stext - 64 KiB: arm64's head segment) bind-mounted
#     over it: the headers are right (kernel text 0x40200000, 0x1ab0000 bytes). sysrq-c.
#  4. capture kernel: pstorectl ls/cat/decode --image /proc/vmcore with the layout from
#     size options and from the live DTB (/sys/firmware/fdt: kexec-tools hands the crashed
#     kernel's DTB on, node included); makedumpfile -c -d 31 to the virtio disk. reboot -f.
#  5. the set-up again: /sys/fs/pstore shows crash 2. The records decoded from /proc/vmcore
#     in boot 4 and, on the host, from makedumpfile's file must equal its files byte for
#     byte. Debian's kernels have no console or pmsg frontend (PSTORE_CONSOLE/PMSG unset):
#     those zones stay empty, no side shows a console record, and the record sets are
#     compared as a whole.
# shellcheck shell=bash

kroot=$K61_ARM64_ROOT
kver=$K61_ARM64_KVER
kernel=$kroot/boot/vmlinuz-$kver
read -ra pkgs <<<"${KDUMP_ARM64_ROOTS:-}"
((${#pkgs[@]})) || sc_fail "fetched.env has no KDUMP_ARM64_ROOTS (tests/e2e/fetch.sh too old?)"
pkg_root() { # the unpacked :arm64 package NAME
	local p
	for p in "${pkgs[@]}"; do
		[[ ${p##*/} == "$1"_* ]] && { printf '%s\n' "$p"; return 0; }
	done
	sc_fail "KDUMP_ARM64_ROOTS has no $1"
}
kexec_root=$(pkg_root kexec-tools)
mdf_root=$(pkg_root makedumpfile)
kdf_root=$(pkg_root libkdumpfile10)
triplet=aarch64-linux-gnu

# The region and its layout: 1 MiB at 0x60000000 (as the e2e README), ECC 16.
addr=0x60000000 size=0x100000
sizes=(--record-size 0x4000 --console-size 0x4000 --pmsg-size 0x4000)
layout=(--address "$addr" --size "$size" "${sizes[@]}" --ftrace-size 0 --ecc 16 --kernel 6.1)
qemu_m=(-M virt -cpu cortex-a57 -smp 1 -m 1G)
dtb=$SC_DIR/virt.dtb out=$SC_DIR/virt-ramoops.dtb
timeout 60 qemu-system-aarch64 -accel tcg "${qemu_m[@]/#virt/virt,dumpdtb=$dtb}" -display none \
	>"$SC_DIR/dumpdtb.log" 2>&1 || sc_fail "qemu dumpdtb failed: $(tail -2 "$SC_DIR/dumpdtb.log")"
host_cap dts "$PSTORECTL" dts --patch "$dtb" --output "$out" --address "$addr" --size "$size" \
	"${sizes[@]}" --ecc-size 16
need_cap dts
dtc -I dtb -O dts -o "$SC_DIR/virt-ramoops.dts" "$out" 2>"$SC_DIR/dtc.err" ||
	sc_fail "dtc cannot read the patched DTB: $(head -2 "$SC_DIR/dtc.err")"
sc_check "the patched DTB has a ramoops node with ecc-size 16 and without no-map" py '
import re, sys
s = open(sys.argv[1]).read()
m = re.search(r"ramoops@[0-9a-f]+ \{(.*?)\};", s, re.S)
if not m: print("no ramoops node"); sys.exit(1)
n = m.group(1)
if "no-map" in n or "ecc-size = <0x10>" not in n: print(n); sys.exit(1)
' "$SC_DIR/virt-ramoops.dts"

cross_pstorectl arm64
stage=$SC_DIR/stage
rm -rf "$stage"
mkdir -p "$stage/e2e"
e2e_add_modules "$stage" "$kroot" "$kver" ramoops virtio_pci virtio_blk
# pstorectl and what it loads with dlopen here: libfec (ECC; the host's :arm64 one) and
# libkdumpfile (the vmcore; from its unpacked :arm64 package, with its libraries).
E2E_DLOPEN_LIBS=libfec.so.0 e2e_copy_foreign "$stage" "$XPSTORECTL" /usr/bin/pstorectl "$triplet"
e2e_copy_pkg_files "$triplet" "$stage" "$kdf_root/usr/lib/$triplet/libkdumpfile.so.10" \
	"/usr/lib/$triplet/libkdumpfile.so.10" "${pkgs[@]}" || sc_fail "cannot copy libkdumpfile and its libraries"
e2e_copy_pkg_files "$triplet" "$stage" "$kexec_root/sbin/kexec" /usr/sbin/kexec "${pkgs[@]}" ||
	sc_fail "cannot copy kexec and its libraries"
e2e_copy_pkg_files "$triplet" "$stage" "$mdf_root/usr/bin/makedumpfile" /usr/bin/makedumpfile "${pkgs[@]}" ||
	sc_fail "cannot copy makedumpfile and its libraries"
# The capture kernel (an uncompressed 27 MB Image) and its initramfs travel on a virtio
# disk (vda: the Image at 0, the initramfs at 32 MiB, makedumpfile's output at 64 MiB).
disk=$SC_DIR/disk.raw
capture_cmdline="console=ttyAMA0 panic=0 nr_cpus=1 reset_devices"
{
	printf 'export LAYOUT="%s"\n' "${layout[*]}"
	printf 'export CAPTURE_CMDLINE="%s"\n' "$capture_cmdline"
	printf 'export KERNEL_SIZE=%s\n' "$(stat -c %s "$kernel")"
} >>"$stage/e2e/env"

guest_script "$SC_DIR/boot.sh" <<'GUEST'
vda() {
	modprobe virtio_pci
	modprobe virtio_blk
	i=0
	while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}
t() { mark "T $(cut -d' ' -f1 /proc/uptime) $*"; }
# the capture kernel and its initramfs from the disk, loaded with kexec -p
load_capture() {
	vda
	dd if=/dev/vda bs=1M count=$(((KERNEL_SIZE >> 20) + 1)) 2>/dev/null | head -c "$KERNEL_SIZE" >/tmp/Image
	dd if=/dev/vda bs=1M skip=32 count=$(((INITRD_SIZE >> 20) + 1)) 2>/dev/null | head -c "$INITRD_SIZE" >/tmp/capture.gz
	t kexec
	cap kexec kexec -p /tmp/Image --initrd=/tmp/capture.gz --append="$CAPTURE_CMDLINE"
	t loaded
	cat /sys/kernel/kexec_crash_loaded >/tmp/loaded
	put /tmp/loaded loaded
	rm -f /tmp/Image /tmp/capture.gz
}
crashed() {
	modprobe ramoops
	mount_pstore
	dmesg | grep -E 'ramoops|pstore|crashkernel|OF: reserved mem' >/tmp/dm
	put /tmp/dm dmesg
	put /proc/iomem iomem
	grep -E ' (_text|_stext)$' /proc/kallsyms >/tmp/kallsyms-text
	put /tmp/kallsyms-text kallsyms-text
}
capture() {
	put /proc/iomem iomem
	stat -c %s /proc/vmcore >/tmp/vmcore-size
	put /tmp/vmcore-size vmcore-size
	head -c 65536 /proc/vmcore >/tmp/vmcore-head
	put /tmp/vmcore-head vmcore-head
	t pstorectl
	cap vmcore-ls pstorectl ls -J --image /proc/vmcore $LAYOUT
	cap vmcore-cat pstorectl cat --image /proc/vmcore $LAYOUT dmesg-ramoops-0
	cap vmcore-decode pstorectl decode /proc/vmcore -J --all $LAYOUT --to /tmp/vmcore
	putdir /tmp/vmcore vmcore
	cap dtb-ls pstorectl ls -J --image /proc/vmcore --dtb /sys/firmware/fdt --kernel 6.1
	cap dtb-decode pstorectl decode /proc/vmcore --dtb /sys/firmware/fdt --kernel 6.1 --to /tmp/vmcore-dtb
	putdir /tmp/vmcore-dtb vmcore-dtb
}
case $1 in
1)
	crashed
	load_capture
	crash
	;;
2)
	capture
	# /dev/mem: arm64 refuses all memory outside the capture kernel's own (EFAULT)
	cap devmem-ls pstorectl ls -J --image /dev/mem $LAYOUT
	t makedumpfile
	cap makedumpfile makedumpfile -c -d 31 /proc/vmcore /tmp/dump
	t dumped
	mark REBOOT
	reboot -f
	;;
3)
	crashed
	putdir /sys/fs/pstore records
	# kexec-tools 2.0.25 needs _text; this kernel lists only _stext, which lies one
	# 64 KiB segment (the head text) after it.
	s=$(sed -n 's/^\([0-9a-f]*\) T _stext$/\1/p' /proc/kallsyms)
	printf '%016x T _text\n' $((0x$s - 0x10000)) >/tmp/kallsyms
	cat /proc/kallsyms >>/tmp/kallsyms
	mount -o bind /tmp/kallsyms /proc/kallsyms
	load_capture
	crash
	;;
4)
	capture
	vda
	t makedumpfile
	cap makedumpfile makedumpfile --message-level 1 -c -d 31 /proc/vmcore /tmp/dump
	t dumped
	stat -c %s /tmp/dump >/tmp/dump-size
	put /tmp/dump-size dump-size
	dd if=/tmp/dump of=/dev/vda bs=1M seek=64 conv=fsync 2>/dev/null
	mark REBOOT
	reboot -f
	;;
5)
	modprobe ramoops
	mount_pstore
	putdir /sys/fs/pstore records
	;;
esac
GUEST
kdump_images "$BUSYBOX_ARM64" 32 512M
sc_start run arm64 "$kernel" "$SC_DIR/initrd.gz" \
	"console=ttyAMA0 panic=0 crashkernel=256M crash_kexec_post_notifiers" -m 1G -dtb "$out" \
	-drive "if=none,id=d0,file=$disk,format=raw" -device virtio-blk-pci,drive=d0
sc_vm vm_boot 1
sc_vm vm_wait '^E2E:CRASH$'
sc_files 1
sc_vm vm_boot 2
sc_vm vm_wait '^E2E:REBOOT$' 240
sc_files 2
sc_vm vm_boot 3
sc_vm vm_wait '^E2E:CRASH$'
sc_files 3
sc_vm vm_boot 4
sc_vm vm_wait '^E2E:REBOOT$' 240
sc_files 4
sc_vm vm_boot 5
sc_vm vm_done
sc_files 5
sc_stop

R=$SC_DIR/run
# vmcore_phdrs BOOT: the PT_LOADs of that boot's /proc/vmcore (its first 64 KiB)
vmcore_phdrs() { readelf -lW "$R/boot$1/vmcore-head" >"$SC_DIR/vmcore-phdrs-$1.txt" 2>/dev/null || true; }
# region_load BOOT: which PT_LOAD holds the whole region (printed), with their sizes
region_load() {
	py '
import sys
addr, size = int(sys.argv[2], 0), int(sys.argv[3], 0)
loads = []
for l in open(sys.argv[1]):
    f = l.split()
    if f and f[0] == "LOAD": loads.append((int(f[1], 16), int(f[3], 16), int(f[4], 16)))
hit = [(o, p, n) for o, p, n in loads if p <= addr and addr + size <= p + n]
desc = ["paddr %#x size %#x offset %#x" % (p, n, o) for o, p, n in loads]
if not hit: print("no PT_LOAD holds it:", desc); sys.exit(1)
print("the region is in PT_LOAD %d of %d (paddr %#x-%#x, file offset %#x); PT_LOADs: %s" % (
    loads.index(hit[0]) + 1, len(loads), hit[0][1], hit[0][1] + hit[0][2] - 1, hit[0][0], "; ".join(desc)))
' "$SC_DIR/vmcore-phdrs-$1.txt" "$addr" "$size"
}
names_of() { (cd "$1" 2>/dev/null && find . -maxdepth 1 -type f ! -name MTIMES -printf '"%f",' | sort); }

for b in 1 3; do
	F=$R/boot$b
	need_cap kexec
	sc_check "boot $b: kexec -p loaded the capture kernel (kexec_crash_loaded is 1)" grep -qx 1 "$F/loaded"
done
F=$R/boot1
sc_check "boot 1: /proc/iomem has the region as reserved inside System RAM" py '
import sys
addr, size = int(sys.argv[2], 0), int(sys.argv[3], 0)
want = "%x-%x : reserved" % (addr, addr + size - 1)
ram = None
for l in open(sys.argv[1]).read().splitlines():
    if not l.startswith(" "): ram = l
    elif l.strip() == want and ram and "System RAM" in ram: sys.exit(0)
print("no %r under a System RAM line" % want); sys.exit(1)
' "$F/iomem" "$addr" "$size"
sc_check "boot 1: /proc/kallsyms lists _stext but no _text ($(tr '\n' ' ' <"$F/kallsyms-text"))" \
	bash -c 'grep -q " T _stext$" "$1" && ! grep -q " _text$" "$1"' _ "$F/kallsyms-text"
sc_check "boot 1: Debian's kexec -p says it cannot find _text ($(head -c 200 "$F/kexec.err"))" \
	grep -q "Can't get the symbol of _text" "$F/kexec.err"

# Crash 1, Debian's kexec-tools as it is: the region is in a PT_LOAD that no read reaches.
F=$R/boot2
vmcore_phdrs 2
sc_note "boot 2 vmcore: $(cat "$F/vmcore-size" 2>/dev/null) bytes (stat); $(region_load 2 2>&1)"
sc_check "boot 2: a PT_LOAD of /proc/vmcore lists the region ($(region_load 2 2>&1 | head -c 300))" region_load 2
sc_check "boot 2: kexec-tools' kernel-text PT_LOAD has an impossible size and /proc/vmcore's size overflows off_t" py '
import sys
sizes = [int(l.split()[4], 16) for l in open(sys.argv[1]) if l.split()[:1] == ["LOAD"]]
vm = int(open(sys.argv[2]).read())
if not sizes or sizes[0] < 2**63 or vm < 2**63: print(sizes, vm); sys.exit(1)
' "$SC_DIR/vmcore-phdrs-2.txt" "$F/vmcore-size"
for c in vmcore-ls vmcore-cat vmcore-decode dtb-ls dtb-decode; do
	sc_check "boot 2: '$(cap_cmd $c)' fails" test "$(cat "$F/$c.rc")" != 0
	sc_check "boot 2: '$(cap_cmd $c)' says the headers list the region but its data lies past any readable offset, and why ($(head -c 400 "$F/$c.err"))" \
		grep -q "the vmcore's ELF headers list this memory but its data lies past the largest offset the file can be read at (a segment before it has an impossible size: kexec-tools writes such a kernel-text segment on arm64 when /proc/kallsyms has no _text symbol" "$F/$c.err"
done
sc_check "boot 2: makedumpfile fails on that vmcore too (rc $(cat "$F/makedumpfile.rc"): $(grep -v '^$' "$F/makedumpfile.err" | tail -2 | tr '\n' ' ' | head -c 300))" \
	test "$(cat "$F/makedumpfile.rc")" != 0
sc_check "boot 2: /dev/mem in the arm64 capture kernel refuses the region below its crashkernel= area (EFAULT; $(head -c 300 "$F/devmem-ls.err"))" \
	grep -q 'Bad address: the address lies past the end of the RAM the running kernel maps.*arm64 refuses everything outside that area' "$F/devmem-ls.err"

F=$R/boot3
sc_check "boot 3: crash 1 left dmesg-ramoops-0 starting 'Panic#1 Part1' (crash_kexec_post_notifiers)" \
	grep -q '^Panic#1 Part1$' <(head -1 "$F/records/dmesg-ramoops-0" 2>/dev/null)

# Crash 2, kexec -p with _text in /proc/kallsyms: a vmcore that holds the region.
want=$R/boot5/records
sc_check "boot 5: crash 2 left dmesg-ramoops-0 starting 'Panic#1 Part1'" \
	grep -q '^Panic#1 Part1$' <(head -1 "$want/dmesg-ramoops-0" 2>/dev/null)
sc_check "boot 5: the record ends in the kernel's ECC notice" \
	py 'import sys; sys.exit(0 if open(sys.argv[1], "rb").read().endswith(b"\nECC: No errors detected\n") else 1)' \
	"$want/dmesg-ramoops-0"
F=$R/boot4
vmcore_phdrs 4
sc_note "boot 4 vmcore: $(cat "$F/vmcore-size" 2>/dev/null) bytes; $(region_load 4 2>&1)"
sc_check "boot 4: one PT_LOAD of /proc/vmcore holds the ramoops region ($(region_load 4 2>&1 | head -c 300))" region_load 4
sc_check "boot 4: the kernel-text PT_LOAD is the kernel's (0x40200000, as /proc/iomem's Kernel code)" \
	bash -c 'grep -E "^ *LOAD " "$1" | head -1 | awk "{print \$4}" | grep -qx "0x0*40200000"' _ "$SC_DIR/vmcore-phdrs-4.txt"
names="[$(names_of "$want")]"
check_cap vmcore-ls && json_check vmcore-ls "sorted(r['name'] for r in d['records']) == sorted($names)" \
	"boot 4: ls -J --image /proc/vmcore lists the records of boot 5's pstorefs ($names)"
check_cap vmcore-cat && sc_check "boot 4: cat --image /proc/vmcore dmesg-ramoops-0 equals boot 5's /sys/fs/pstore file" \
	cmp -s "$want/dmesg-ramoops-0" "$F/vmcore-cat.out"
check_cap vmcore-decode && same_records "boot 4: decode /proc/vmcore (size options)" "$want" "$F/vmcore"
check_cap vmcore-decode && json_check vmcore-decode \
	'all(z["corrected"] == 0 and z["bad"] == 0 for z in d["zones"]) and any(z["type"] == "dmesg" and z["used"] for z in d["zones"])' \
	"boot 4: decode -J /proc/vmcore: the dmesg zone used, every zone ECC clean"
check_cap dtb-ls && json_check dtb-ls "sorted(r['name'] for r in d['records']) == sorted($names)" \
	"boot 4: ls -J --image /proc/vmcore --dtb /sys/firmware/fdt lists the same records"
check_cap dtb-decode && same_records "boot 4: decode /proc/vmcore --dtb /sys/firmware/fdt" "$want" "$F/vmcore-dtb"

# makedumpfile -c of that vmcore, decoded on the host.
if check_cap makedumpfile; then
	dd if="$disk" of="$SC_IMAGES/vmcore.kdump" bs=1M skip=64 status=none
	truncate -s "$(cat "$F/dump-size")" "$SC_IMAGES/vmcore.kdump"
	sc_note "makedumpfile -c -d 31: $(cat "$F/dump-size") bytes"
	decode_check makedumpfile "$SC_IMAGES/vmcore.kdump" "$want" "${layout[@]}"
	decode_check makedumpfile-dtb "$SC_IMAGES/vmcore.kdump" "$want" --dtb "$out" --kernel 6.1
fi
