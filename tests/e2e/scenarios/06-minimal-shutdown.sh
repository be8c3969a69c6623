# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 6: a clean `reboot -f` with ramoops.max_reason=4 (KMSG_DUMP_SHUTDOWN) leaves a
# dmesg record that `pstorectl ls -J` reports with reason "shutdown".
# shellcheck shell=bash

stage=$SC_DIR/stage
guest_stage "$stage"
guest_script "$SC_DIR/boot.sh" <<'GUEST'
mount_pstore
case $1 in
1)
	sync
	reboot -f
	;;
2)
	ls -l /sys/fs/pstore
	put /sys/fs/pstore/dmesg-ramoops-0 dmesg-ramoops-0
	cap ls pstorectl ls -J
	;;
esac
GUEST
e2e_initramfs "$SC_DIR/initrd.gz" "$BUSYBOX_AMD64" "$SC_DIR/boot.sh" "$stage"

sc_start run x86_64 "$MINIMAL_DIR/bzImage" "$SC_DIR/initrd.gz" "$(fixed_cmdline 0 4)" -m 512M
sc_vm vm_boot 1
sc_vm vm_wait 'reboot: Restarting system'
# QEMU resets by itself; save the region as soon as boot 2 asks for its number (dmesg
# zones are intact, console/pmsg were already saved by the probe and re-zeroed).
sc_vm vm_wait '^E2E:BOOT\?$' "$E2E_BOOT_TIMEOUT"
sc_vm vm_pmemsave "$FIXED_ADDR" "$FIXED_SIZE" "$SC_IMAGES/boot2-init.bin"
VM_LINE=$((VM_LINE - 1))
sc_vm vm_boot 2
sc_vm vm_done
sc_files 2
sc_stop

sc_check "kernel: dmesg-ramoops-0 starts 'Shutdown#1 Part1'" \
	grep -q '^Shutdown#1 Part1$' <(head -1 "$F/dmesg-ramoops-0" 2>/dev/null)
check_cap ls && json_check ls 'any(r["type"] == "dmesg" and r["reason"] == "shutdown" for r in d["records"])' \
	'ls -J lists a dmesg record with "reason":"shutdown"'
# pstorectl decode of the region saved when boot 2 started: its dmesg record is boot 2's
# file (the probe had already restarted the console zone, so only dmesg compares).
DECODE_ONLY=dmesg-ramoops-0 decode_check init "$SC_IMAGES/boot2-init.bin" "$SC_DIR/run/boot2" \
	--record-size 0x4000 --console-size 0x4000 --pmsg-size 0x4000 --kernel 6.1
