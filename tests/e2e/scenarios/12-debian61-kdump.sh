# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 12: kdump on Debian's 6.1 cloud kernel (CONFIG_KEXEC, CRASH_DUMP, PROC_VMCORE
# =y; STRICT_DEVMEM and IO_STRICT_DEVMEM =y too). One QEMU process, three boots:
#  1. the fixed ramoops set-up (memmap=1M$0x10000000: an e820 "Reserved" range) plus
#     crashkernel= and crash_kexec_post_notifiers (without it panic() jumps to the capture
#     kernel before kmsg_dump(): no dmesg record is written at all); Debian's kexec -p
#     loads the same kernel and an initramfs like this one; sysrq-c.
#  2. the capture kernel: pstorectl ls/cat/decode with --image /proc/vmcore (the region is
#     not in it: kexec-tools builds the ELF headers from "System RAM" only, so a clear
#     error must say so) and with --image /dev/mem (the region is not RAM in the capture
#     kernel: STRICT_DEVMEM lets it be read); makedumpfile -c of the vmcore goes to a
#     virtio disk for the host, which must give the same clear error; reboot -f.
#  3. the crashed kernel's set-up again (a reset keeps RAM): /sys/fs/pstore shows the same
#     crash, and the records read through /dev/mem in boot 2 must equal it byte for byte.
# shellcheck shell=bash

kroot=$K61_AMD64_ROOT
kver=$K61_AMD64_KVER
kernel=$kroot/boot/vmlinuz-$kver
read -ra pkgs <<<"$KDUMP_AMD64_ROOTS"
((${#pkgs[@]})) || sc_fail "fetched.env has no KDUMP_AMD64_ROOTS (tests/e2e/fetch.sh too old?)"
kexec_root=${pkgs[0]}
mdf_root=${pkgs[1]}

stage=$SC_DIR/stage
# libkdumpfile for the vmcore; not libkmod (no check or load here: it brings libcrypto, 5 MB).
E2E_DLOPEN_LIBS=libkdumpfile.so.10 guest_stage "$stage"
e2e_add_modules "$stage" "$kroot" "$kver" ramoops virtio_pci virtio_blk
e2e_copy_pkg_binary "$stage" "$kexec_root/sbin/kexec" /usr/sbin/kexec "${pkgs[@]}" ||
	sc_fail "cannot copy kexec and its libraries"
e2e_copy_pkg_binary "$stage" "$mdf_root/usr/bin/makedumpfile" /usr/bin/makedumpfile "${pkgs[@]}" ||
	sc_fail "cannot copy makedumpfile and its libraries"
# The capture kernel and its initramfs travel on a virtio disk (vda: vmlinuz at 0, the
# initramfs at 16 MiB, makedumpfile's output written at 32 MiB): inside the initramfs they
# would make every boot unpack 22 MB more (+20 s under TCG).
disk=$SC_DIR/disk.raw
capture_cmdline="console=ttyS0 nokaslr panic=0 irqpoll nr_cpus=1 reset_devices"
{
	printf 'export LAYOUT="--address %s --size %s --record-size 0x4000 --console-size 0x4000 --pmsg-size 0x4000 --ftrace-size 0 --ecc 0"\n' \
		"$FIXED_ADDR" "$FIXED_SIZE"
	printf 'export CAPTURE_CMDLINE="%s"\n' "$capture_cmdline"
	printf 'export KERNEL_SIZE=%s\n' "$(stat -c %s "$kernel")"
} >>"$stage/e2e/env"

guest_script "$SC_DIR/boot.sh" <<'GUEST'
vda() {
	modprobe virtio_pci
	modprobe virtio_blk
	i=0
	while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
}
case $1 in
1)
	modprobe ramoops
	mount_pstore
	put /proc/iomem iomem
	mark "T $(cut -d' ' -f1 /proc/uptime) vda"
	vda
	mark "T $(cut -d' ' -f1 /proc/uptime) dd"
	dd if=/dev/vda bs=1M count=$(((KERNEL_SIZE >> 20) + 1)) 2>/dev/null | head -c "$KERNEL_SIZE" >/tmp/vmlinuz
	dd if=/dev/vda bs=1M skip=16 count=$(((INITRD_SIZE >> 20) + 1)) 2>/dev/null | head -c "$INITRD_SIZE" >/tmp/capture.gz
	mark "T $(cut -d' ' -f1 /proc/uptime) kexec"
	cap kexec kexec -p /tmp/vmlinuz --initrd=/tmp/capture.gz --append="$CAPTURE_CMDLINE"
	mark "T $(cut -d' ' -f1 /proc/uptime) loaded"
	cat /sys/kernel/kexec_crash_loaded >/tmp/loaded
	put /tmp/loaded loaded
	crash
	;;
2)
	put /proc/iomem iomem
	ls -l /proc/vmcore
	head -c 65536 /proc/vmcore >/tmp/vmcore-head
	put /tmp/vmcore-head vmcore-head
	cap vmcore-ls pstorectl ls --image /proc/vmcore $LAYOUT
	cap vmcore-decode pstorectl decode /proc/vmcore $LAYOUT --to /tmp/vmcore
	cap devmem-ls pstorectl ls -J --image /dev/mem $LAYOUT
	cap devmem-cat pstorectl cat --image /dev/mem $LAYOUT dmesg-ramoops-0
	cap devmem-decode pstorectl decode /dev/mem $LAYOUT --to /tmp/devmem
	putdir /tmp/devmem devmem
	# Past the capture kernel's RAM (it ends at 0x1e000000): the device says EFAULT. In
	# its own RAM: STRICT_DEVMEM refuses (EPERM).
	cap devmem-high pstorectl decode /dev/mem --address 0x1f000000 --size 0x100000 --record-size 0x4000
	cap devmem-ram pstorectl decode /dev/mem --address 0x15000000 --size 0x100000 --record-size 0x4000
	vda
	mark "T $(cut -d' ' -f1 /proc/uptime) makedumpfile"
	cap makedumpfile makedumpfile --message-level 1 -c -d 31 /proc/vmcore /tmp/dump
	mark "T $(cut -d' ' -f1 /proc/uptime) dumped"
	stat -c %s /tmp/dump >/tmp/dump-size
	put /tmp/dump-size dump-size
	dd if=/tmp/dump of=/dev/vda bs=1M seek=32 conv=fsync 2>/dev/null
	mark REBOOT
	reboot -f
	;;
3)
	modprobe ramoops
	mount_pstore
	putdir /sys/fs/pstore records
	;;
esac
GUEST
kdump_images "$BUSYBOX_AMD64" 16 96M
sc_start run x86_64 "$kernel" "$SC_DIR/initrd.gz" \
	"$(fixed_cmdline 0 2 'crashkernel=160M@0x14000000 crash_kexec_post_notifiers')" -m 512M \
	-drive "if=none,id=d0,file=$disk,format=raw" -device virtio-blk-pci,drive=d0
sc_vm vm_boot 1
sc_vm vm_wait '^E2E:CRASH$'
sc_files 1
sc_vm vm_boot 2
sc_vm vm_wait '^E2E:REBOOT$' 120
sc_files 2
sc_vm vm_boot 3
sc_vm vm_done
sc_files 3
sc_stop

F=$SC_DIR/run/boot1
need_cap kexec
sc_check "boot 1: kexec -p loaded the capture kernel (kexec_crash_loaded is 1)" grep -qx 1 "$F/loaded"
F=$SC_DIR/run/boot3
sc_check "boot 3: the crash left dmesg-ramoops-0 (crash_kexec_post_notifiers)" test -f "$F/records/dmesg-ramoops-0"
want=$F/records
F=$SC_DIR/run/boot2
# What kexec-tools put in the vmcore: its ELF program headers (the first 64 KiB of
# /proc/vmcore) have no PT_LOAD over the ramoops region, which /proc/iomem calls Reserved.
readelf -lW "$F/vmcore-head" >"$SC_DIR/vmcore-phdrs.txt" 2>/dev/null || true
sc_check "boot 1: /proc/iomem has the region as Reserved" \
	grep -q "^${FIXED_ADDR#0x}-100fffff : Reserved" "$SC_DIR/run/boot1/iomem"
sc_check "boot 2: /proc/vmcore has PT_LOAD segments, none over the ramoops region" py '
import re, sys
addr, size = int(sys.argv[2], 0), int(sys.argv[3], 0)
loads = []
for l in open(sys.argv[1]):
    f = l.split()
    if f and f[0] == "LOAD": loads.append((int(f[3], 16), int(f[4], 16)))
if not loads: print("no PT_LOAD"); sys.exit(1)
over = [(p, n) for p, n in loads if p < addr + size and addr < p + n]
if over: print("PT_LOAD over the region:", over); sys.exit(1)
' "$SC_DIR/vmcore-phdrs.txt" "$FIXED_ADDR" "$FIXED_SIZE"
# The vmcore: a clear error naming the reason, from every verb.
for c in vmcore-ls vmcore-decode; do
	sc_check "boot 2: '$(cap_cmd $c)' fails" test "$(cat "$F/$c.rc")" != 0
	sc_check "boot 2: '$(cap_cmd $c)' says the region is not in the vmcore and why ($(head -c 300 "$F/$c.err"))" \
		grep -q 'the region is not in it; kexec-tools leaves out memory that is not System RAM' "$F/$c.err"
done
# /dev/mem: the capture kernel reads the crashed kernel's region.
check_cap devmem-ls && json_check devmem-ls \
	'[r["name"] for r in d["records"]] == ["dmesg-ramoops-0"]' \
	"boot 2: ls -J --image /dev/mem lists dmesg-ramoops-0"
check_cap devmem-cat && sc_check "boot 2: cat --image /dev/mem dmesg-ramoops-0 equals boot 3's /sys/fs/pstore file" \
	cmp -s "$want/dmesg-ramoops-0" "$F/devmem-cat.out"
check_cap devmem-decode && same_records "boot 2: decode /dev/mem" "$want" "$F/devmem"
for c in devmem-high devmem-ram; do
	sc_check "boot 2: '$(cap_cmd $c)' fails" test "$(cat "$F/$c.rc")" != 0
done
sc_check "boot 2: /dev/mem past the capture kernel's RAM: the error says so, not STRICT_DEVMEM ($(head -c 300 "$F/devmem-high.err"))" \
	grep -q 'Bad address: the address lies past the end of the RAM the running kernel maps' "$F/devmem-high.err"
sc_check "boot 2: /dev/mem in the capture kernel's own RAM: the error names CONFIG_STRICT_DEVMEM ($(head -c 300 "$F/devmem-ram.err"))" \
	grep -q 'Operation not permitted: the kernel refuses (CONFIG_STRICT_DEVMEM refuses System RAM' "$F/devmem-ram.err"

# makedumpfile -c of that vmcore, decoded on the host: the same clear error.
if check_cap makedumpfile; then
	dd if="$disk" of="$SC_IMAGES/vmcore.kdump" bs=1M skip=32 status=none
	truncate -s "$(cat "$F/dump-size")" "$SC_IMAGES/vmcore.kdump"
	layout=(--address "$FIXED_ADDR" --size "$FIXED_SIZE" --record-size 0x4000 --console-size 0x4000
		--pmsg-size 0x4000 --ftrace-size 0 --ecc 0)
	host_cap dump-decode "$PSTORECTL" decode "$SC_IMAGES/vmcore.kdump" "${layout[@]}" --to "$SC_DIR/dump-decode"
	sc_check "host: decode of makedumpfile's file fails" test "$(cat "$F/dump-decode.rc")" != 0
	sc_check "host: decode of makedumpfile's file says the region is not in it ($(head -c 300 "$F/dump-decode.err"))" \
		grep -q 'the region is not in it' "$F/dump-decode.err"
fi
