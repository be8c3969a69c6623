# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 14: real arm64 oops and panic texts. Debian's arm64 kernel has no LKDTM, so the
# minimal arm64 kernel (config.sh MINIMAL_ARM64_OPTIONS: ramoops built in, LKDTM, DEBUG_FS)
# boots under qemu-system-aarch64 -M virt with QEMU's own DTB plus a ramoops node (the host
# pstorectl patches it in, as in scenario 03; the DT's max-reason default is 2, so an oops
# is dumped). One QEMU process, three boots, panic_on_oops 0 (the default): boot 1 writes
# EXCEPTION to lkdtm's provoke-crash/DIRECT (a NULL dereference: an oops that kills the
# writing shell, no panic), then the host resets; boot 2 sends the oops records back,
# removes them and panics with sysrq-c; boot 3 sends that panic's records back. The host
# pstorectl reads both (info -J, and reason -J on an empty sysroot). The records are the
# fixtures tests/fixtures/e2e-captured/records-arm64-{oops,panic}/.
# shellcheck shell=bash

[[ -n ${MINIMAL_ARM64_DIR:-} && -f $MINIMAL_ARM64_DIR/Image ]] ||
	sc_fail "no minimal arm64 kernel (fetch.sh needs aarch64-linux-gnu-gcc: make deps ARCH=arm64)"

qemu_m=(-M virt -cpu cortex-a57 -smp 1 -m 1G)
dtb=$SC_DIR/virt.dtb out=$SC_DIR/virt-ramoops.dtb addr=0x60000000 size=0x100000
# The dump must use the same -cpu/-smp/-m as the boot, or memory nodes differ.
timeout 60 qemu-system-aarch64 -accel tcg "${qemu_m[@]/#virt/virt,dumpdtb=$dtb}" -display none \
	>"$SC_DIR/dumpdtb.log" 2>&1 || sc_fail "qemu dumpdtb failed: $(tail -2 "$SC_DIR/dumpdtb.log")"
host_cap dts "$PSTORECTL" dts --patch "$dtb" --output "$out" --address "$addr" --size "$size" \
	--record-size 0x4000 --console-size 0x4000 --pmsg-size 0x4000 --ecc-size 0
need_cap dts

stage=$SC_DIR/stage
rm -rf "$stage"
mkdir -p "$stage/e2e"
guest_script "$SC_DIR/boot.sh" <<'GUEST'
mount -t debugfs debugfs /sys/kernel/debug
mount_pstore
ls -l /sys/fs/pstore
case $1 in
1)
	# The oops kills the process that writes: a child shell, so this script goes on.
	sh -c 'echo EXCEPTION >/sys/kernel/debug/provoke-crash/DIRECT'
	mark "OOPSED rc=$?"
	;;
2)
	putdir /sys/fs/pstore records
	rm -f /sys/fs/pstore/*
	crash
	;;
3)
	putdir /sys/fs/pstore records
	;;
esac
GUEST
e2e_initramfs "$SC_DIR/initrd.gz" "$BUSYBOX_ARM64" "$SC_DIR/boot.sh" "$stage"

sc_start run arm64 "$MINIMAL_ARM64_DIR/Image" "$SC_DIR/initrd.gz" "console=ttyAMA0 panic=0" \
	-m 1G -dtb "$out"
sc_vm vm_boot 1
sc_vm vm_done
sc_files 1
sc_vm vm_reset
sc_vm vm_boot 2
sc_vm vm_panic
sc_files 2
sc_vm vm_reset
sc_vm vm_boot 3
sc_vm vm_done
sc_files 3
sc_stop

F=$SC_DIR/run/boot1
# arm64's die() ends the task with SIGSEGV (x86's with SIGKILL, 137 in scenario 11)
sc_check "boot 1: the oops killed only the writing shell (rc 139)" grep -q '^E2E:OOPSED rc=139' "$SC_DIR/run/serial.log"
# The host pstorectl reads the records (their text is what counts, not who reads it); an
# empty sysroot keeps the host's watchdogs and kernel out of the reason.
mkdir -p "$SC_DIR/empty-sysroot"
R2=$SC_DIR/run/boot2/records R3=$SC_DIR/run/boot3/records
sc_check "boot 2: the oops record starts Oops#1 Part1" grep -qx 'Oops#1 Part1' "$R2/dmesg-ramoops-0"
host_cap info2 "$PSTORECTL" info -J --dir "$R2"
check_cap info2 && json_check info2 'd["kind"] == "oops" and d["arch"] == "arm64" and d["headline"].startswith("Unable to handle kernel NULL pointer dereference") and d["oops"].startswith("Internal error: Oops") and d["pc"]["symbol"] == "lkdtm_EXCEPTION" and d["process"] == "sh" and d["pid"] > 0 and d["cpu"] == 0 and d["hardware"] == "linux,dummy-virt (DT)" and any(f["symbol"] == "lkdtm_EXCEPTION" for f in d["call_trace"])' \
	'boot 2: info -J parses the real arm64 oops (headline, Internal error, pc lkdtm_EXCEPTION, Comm sh, CPU 0, hardware name, call trace)'
host_cap reason2 "$PSTORECTL" --sysroot "$SC_DIR/empty-sysroot" reason -J --dir "$R2"
check_cap reason2 && json_check reason2 'd["class"] == "oops" and d["reason"] == "oops,null"' \
	'boot 2 (an oops without panic, then a reset): reason -J says oops,null'
sc_check "boot 3: the panic record starts Panic#1 Part1" grep -qx 'Panic#1 Part1' "$R3/dmesg-ramoops-0"
host_cap info3 "$PSTORECTL" info -J --dir "$R3"
check_cap info3 && json_check info3 'd["kind"] == "panic" and d["arch"] == "arm64" and d["panic"] == "sysrq triggered crash" and d["cause"] == "sysrq" and d["hardware"] == "linux,dummy-virt (DT)" and len(d["call_trace"]) > 3' \
	'boot 3: info -J parses the real arm64 sysrq panic (panic message, cause sysrq, arm64, hardware name, call trace)'
host_cap reason3 "$PSTORECTL" --sysroot "$SC_DIR/empty-sysroot" reason -J --dir "$R3"
check_cap reason3 && json_check reason3 'd["reason"] == "panic,sysrq"' 'boot 3 (sysrq-c): reason -J says panic,sysrq'
