# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 10: a hardware watchdog reset, `pstorectl reason` says watchdog and names the
# device. QEMU's i6300esb (-device i6300esb, default action: reset); Debian's generic 6.1
# kernel has its driver as a module (the cloud flavour has none). Boot 1 loads i6300esb with
# a 2 s heartbeat and opens /dev/watchdog without ever feeding it; QEMU resets the machine.
# The driver's probe reads the chip's "timed out" bit, which QEMU keeps across its reset,
# and reports WDIOF_CARDRESET in bootstatus; boot 2 loads it again and asks reason.
# shellcheck shell=bash

kroot=$K61G_AMD64_ROOT kver=$K61G_AMD64_KVER
stage=$SC_DIR/stage
guest_stage "$stage"
e2e_add_modules "$stage" "$kroot" "$kver" ramoops i6300esb
mkdir -p "$stage/boot"
cp "$kroot/boot/config-$kver" "$stage/boot/"
guest_script "$SC_DIR/boot.sh" <<'GUEST'
modprobe ramoops
mount_pstore
modprobe i6300esb heartbeat=2
for f in bootstatus identity timeout; do
	put /sys/class/watchdog/watchdog0/$f wd-$f
done
case $1 in
1)
	# Opened and never fed: no magic close, the watchdog runs out.
	exec 3>/dev/watchdog
	mark WDT-ARMED
	sleep 600
	;;
2)
	cap reason pstorectl reason -J
	cap reason-text pstorectl reason
	;;
esac
GUEST
e2e_initramfs "$SC_DIR/initrd.gz" "$BUSYBOX_AMD64" "$SC_DIR/boot.sh" "$stage"

sc_start run x86_64 "$kroot/boot/vmlinuz-$kver" "$SC_DIR/initrd.gz" "$(fixed_cmdline 0 2)" -m 512M \
	-device i6300esb
sc_vm vm_boot 1
sc_vm vm_wait '^E2E:WDT-ARMED$'
vm_note "boot1 watchdog armed"
sc_files 1
# No system_reset from here: the next /init is the watchdog's doing.
sc_vm vm_boot 2
sc_vm vm_done
sc_files 2
sc_stop

F=$SC_DIR/run/boot1
sc_check "boot 1: i6300esb probed with a 2 s heartbeat and no reset flag (timeout $(cat "$F/wd-timeout" 2>/dev/null), bootstatus $(cat "$F/wd-bootstatus" 2>/dev/null))" \
	bash -c '[[ $(cat "$1/wd-timeout") == 2 && $(cat "$1/wd-bootstatus") == 0 ]]' _ "$F"
F=$SC_DIR/run/boot2
sc_check "boot 2: bootstatus has WDIOF_CARDRESET (0x20) after the watchdog's reset (got $(cat "$F/wd-bootstatus" 2>/dev/null))" \
	bash -c '(( $(cat "$1/wd-bootstatus") & 0x20 ))' _ "$F"
check_cap reason && json_check reason 'd["reason"] == "watchdog" and d["confidence"] == "certain" and any(e["source"] == "watchdog0" and "6300" in e["says"] for e in d["evidence"])' \
	"boot 2: reason -J says watchdog and names watchdog0, the i6300ESB ($(head -c 400 "$F/reason.out" 2>/dev/null))"
check_cap reason-text && sc_check "boot 2: reason prints watchdog ($(head -c 200 "$F/reason-text.out" 2>/dev/null))" \
	grep -q watchdog "$F/reason-text.out"
