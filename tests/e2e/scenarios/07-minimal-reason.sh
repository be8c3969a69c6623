# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 7: `pstorectl reason` on the minimal kernel (console and pmsg frontends). One
# QEMU process, four boots: a fresh process has zeroed RAM (power-loss), a `reboot -f`
# after a reboot marker (reboot), a sysrq crash (panic,sysrq), a QEMU system_reset with
# no marker (reset). Every boot writes a boot marker first, as the marker unit would.
# shellcheck shell=bash

stage=$SC_DIR/stage
guest_stage "$stage"
mkdir -p "$stage/boot"
cp "$MINIMAL_DIR/config" "$stage/boot/config-$(cat "$MINIMAL_DIR/kernelrelease")"
guest_script "$SC_DIR/boot.sh" <<'GUEST'
mount_pstore
ls -l /sys/fs/pstore
cap reason pstorectl reason -J
cap reason-text pstorectl reason
cap status pstorectl status -J
# reason takes a dump stored over 2 s before the ended boot's marker for an earlier boot's;
# both times are whole seconds of clocks read from the RTC at boot, so boot 3 (reset in
# boot 4) writes its marker well past boot 2's panic: it boots here in 2.5 s, where a real
# system's marker unit runs after several seconds.
[ "$1" = 3 ] && sleep 3
cap marker-boot pstorectl write --marker boot
case $1 in
1)
	cap marker-reboot pstorectl write --marker reboot
	mark REBOOTING
	sync
	reboot -f
	;;
2)
	crash
	;;
3)
	put /sys/fs/pstore/pmsg-ramoops-0 pmsg
	cap info pstorectl info -J
	;;
esac
GUEST
e2e_initramfs "$SC_DIR/initrd.gz" "$BUSYBOX_AMD64" "$SC_DIR/boot.sh" "$stage"

sc_start run x86_64 "$MINIMAL_DIR/bzImage" "$SC_DIR/initrd.gz" "$(fixed_cmdline 0 2)" -m 512M
sc_vm vm_boot 1
sc_vm vm_wait '^E2E:REBOOTING$'
sc_files 1
sc_vm vm_wait 'reboot: Restarting system'
sc_vm vm_boot 2
sc_vm vm_panic
sc_files 2
sc_vm vm_reset
sc_vm vm_boot 3
sc_vm vm_done
sc_files 3
# A reset without a crash and without a shutdown marker.
sc_vm vm_reset
sc_vm vm_boot 4
sc_vm vm_done
sc_files 4
sc_stop

F=$SC_DIR/run/boot1
check_cap marker-boot
check_cap marker-reboot
check_cap reason && json_check reason 'd["reason"] == "power-loss" and "power-loss" in d["can_tell"]' \
	'boot 1 (a fresh QEMU process: RAM was zero): reason -J says power-loss'
F=$SC_DIR/run/boot2
check_cap reason && json_check reason 'd["reason"] == "reboot" and d["confidence"] == "certain" and d["boot_id"]' \
	'boot 2 (reboot -f after a reboot marker): reason -J says reboot, certain, with the boot id'
F=$SC_DIR/run/boot3
check_cap reason && json_check reason 'd["reason"] == "panic,sysrq" and d["confidence"] == "certain" and any(e["source"] == "dmesg-ramoops-0" and e["says"] == "Panic#1 Part1" for e in d["evidence"])' \
	'boot 3 (sysrq-c): reason -J says panic,sysrq, certain, with "Panic#1 Part1" as evidence'
check_cap status && json_check status 'd["reason"] == "panic,sysrq"' 'boot 3: status -J has the reason'
sc_check "boot 3: the pmsg record holds boot 2's boot marker" \
	grep -qE '^pstorectl: boot boot_id=[0-9a-f-]{36} time=[0-9T:-]+Z uptime=[0-9]+\.[0-9]+$' "$F/pmsg"
check_cap info && json_check info 'd["kind"] == "panic" and d["cause"] == "sysrq" and d["arch"] == "x86_64" and any(f["symbol"] == "sysrq_handle_crash" for f in d["call_trace"])' \
	'boot 3: info -J parses the real panic (cause sysrq, x86_64, sysrq_handle_crash in the trace)'
F=$SC_DIR/run/boot4
check_cap reason && json_check reason 'd["reason"] == "reset" and any("earlier boot" in e["says"] for e in d["evidence"])' \
	'boot 4 (system_reset, no marker): reason -J says reset; the old panic dump is an earlier boot'"'"'s'
