# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 8: `pstorectl reason` on Debian 6.1, which has no console or pmsg frontend and
# keeps the default max_reason=2: a fresh QEMU process (RAM lost) cannot be told from a
# reset or a clean reboot, and reason says so (cannot_tell); a sysrq crash is panic,sysrq.
# shellcheck shell=bash

kroot=$K61_AMD64_ROOT kver=$K61_AMD64_KVER
stage=$SC_DIR/stage
guest_stage "$stage"
e2e_add_modules "$stage" "$kroot" "$kver" ramoops
mkdir -p "$stage/boot"
cp "$kroot/boot/config-$kver" "$stage/boot/"
guest_script "$SC_DIR/boot.sh" <<'GUEST'
modprobe ramoops
mount_pstore
cap reason pstorectl reason -J
case $1 in
1)
	crash
	;;
2)
	cap info pstorectl info -J
	;;
esac
GUEST
e2e_initramfs "$SC_DIR/initrd.gz" "$BUSYBOX_AMD64" "$SC_DIR/boot.sh" "$stage"

sc_start run x86_64 "$kroot/boot/vmlinuz-$kver" "$SC_DIR/initrd.gz" "$(fixed_cmdline 0 2)" -m 512M
sc_vm vm_boot 1
sc_vm vm_panic
sc_files 1
sc_vm vm_reset
sc_vm vm_boot 2
sc_vm vm_done
sc_files 2
sc_stop

F=$SC_DIR/run/boot1
check_cap reason && json_check reason 'd["reason"] == "unknown" and all(x in d["cannot_tell"] for x in ("power-loss", "reset", "reboot")) and "panic" in d["can_tell"] and "max_reason=4" in d["hint"]' \
	'boot 1 (fresh QEMU process, Debian): reason -J cannot tell power-loss/reset/reboot and hints max_reason=4'
F=$SC_DIR/run/boot2
check_cap reason && json_check reason 'd["reason"] == "panic,sysrq"' \
	'boot 2 (sysrq-c, Debian): reason -J says panic,sysrq'
check_cap info && json_check info 'd["kind"] == "panic" and d["kernel"] == "'"$kver"'" and d["hardware"].startswith("QEMU") and d["process"] == "boot.sh"' \
	'boot 2: info -J names the kernel, the hardware and the process'
