# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 7: armhf (32-bit ARM, LPAE) under qemu-system-arm -M virt with a device tree.
# The host plans on QEMU's DTB; the cross-built armhf pstorectl patches the ramoops node in
# (under qemu-user: the same bytes as the host's). Debian's armhf kernel (armmp-lpae) boots
# with that DTB and the armhf pstorectl plans, shows the live node and checks inside it;
# that kernel has no PSTORE, which check must say. The crash, reset and read-back run on the
# minimal armhf kernel (PSTORE, console and pmsg built in): ls -J, cat, tail, clear --archive.
# shellcheck shell=bash

cross_pstorectl armhf
command -v qemu-system-arm >/dev/null || sc_fail "qemu-system-arm not installed"
[[ -n ${MINIMAL_ARMHF_DIR:-} && -f $MINIMAL_ARMHF_DIR/zImage ]] ||
	sc_fail "no minimal armhf kernel (MINIMAL_ARMHF_DIR='${MINIMAL_ARMHF_DIR:-}'): run tests/e2e/fetch.sh"

qemu_m=(-M virt -cpu cortex-a15 -smp 1 -m 1G)
dtb=$SC_DIR/virt.dtb out=$SC_DIR/virt-ramoops.dtb
timeout 60 qemu-system-arm -accel tcg "${qemu_m[@]/#virt/virt,dumpdtb=$dtb}" -display none \
	>"$SC_DIR/dumpdtb.log" 2>&1 || sc_fail "qemu dumpdtb failed: $(tail -2 "$SC_DIR/dumpdtb.log")"

qemu_user_cap plan armhf "$XPSTORECTL" plan --dtb "$dtb" --format json
need_cap plan
read -r addr size < <(py '
import json, sys
r = json.load(open(sys.argv[1]))["region"]
print("%#x %#x" % (r["start"], r["size"]))' "$F/plan.out" 2>"$SC_DIR/plan-parse") ||
	sc_fail "plan --format json has no region: $(tail -1 "$SC_DIR/plan-parse")"
sc_note "plan (armhf pstorectl): ${size}@${addr}"
dts_args=(--address "$addr" --size "$size" --record-size 0x4000 --console-size 0x4000
	--pmsg-size 0x4000 --ecc-size 16)
qemu_user_cap dts armhf "$XPSTORECTL" dts --patch "$dtb" -o "$out" "${dts_args[@]}"
need_cap dts
host_cap dts-host "$PSTORECTL" dts --patch "$dtb" -o "$SC_DIR/virt-ramoops-host.dtb" "${dts_args[@]}"
check_cap dts-host && sc_check "dts --patch by the armhf pstorectl gives the host's bytes" \
	cmp -s "$out" "$SC_DIR/virt-ramoops-host.dtb"
dtc -I dtb -O dts -o "$SC_DIR/virt-ramoops.dts" "$out" 2>/dev/null
sc_check "patched DTB has a compatible = \"ramoops\" node" grep -q 'compatible = "ramoops"' "$SC_DIR/virt-ramoops.dts"

# --- Debian's armhf kernel: pstorectl runs, plans and checks inside it ---------------
stage=$SC_DIR/stage-debian
rm -rf "$stage"
mkdir -p "$stage/e2e" "$stage/boot"
e2e_copy_foreign "$stage" "$XPSTORECTL" /usr/bin/pstorectl "$XTRIPLET"
cp "$K61_ARMHF_ROOT/boot/config-$K61_ARMHF_KVER" "$stage/boot/"
guest_script "$SC_DIR/boot-debian.sh" <<'GUEST'
put /proc/iomem proc-iomem
cap version pstorectl --version
cap plan pstorectl plan --format json
cap show pstorectl dts --show --json
cap check pstorectl check --json
GUEST
e2e_initramfs "$SC_DIR/initrd-debian.gz" "$BUSYBOX_ARMHF" "$SC_DIR/boot-debian.sh" "$stage"
sc_start debian armhf "$K61_ARMHF_ROOT/boot/vmlinuz-$K61_ARMHF_KVER" "$SC_DIR/initrd-debian.gz" \
	"console=ttyAMA0 panic=0" -m 1G -dtb "$out"
sc_vm vm_boot 1
sc_vm vm_done 120
sc_files 1
sc_stop
F=$SC_DIR/debian/boot1
check_cap version && sc_check "the armhf pstorectl runs on Debian's armhf kernel" grep -q '^pstorectl ' "$F/version.out"
check_cap plan && sc_check "plan in the Debian armhf guest: $(region_check "$F/plan.out" "$F/proc-iomem" "$addr" "$size" 2>&1 | head -c 300)" \
	region_check "$F/plan.out" "$F/proc-iomem" "$addr" "$size"
check_cap show && json_check show "[(n['address'], n['size']) for n in d['ramoops']] == [($addr, $size)]" \
	"dts --show on Debian's armhf kernel finds the live node ${size}@${addr}"
# check fails (exit 1) there: the kernel has no PSTORE, and it must say so.
sc_check "check on Debian's armhf kernel exits 1 ($(cat "$F/check.rc" 2>/dev/null))" test "$(cat "$F/check.rc" 2>/dev/null)" = 1
json_check check "[c['status'] for c in d['checks'] if c['id'] == 'config.PSTORE'] == ['fail']" \
	"check reports CONFIG_PSTORE missing on Debian's armhf kernel"

# --- the minimal armhf kernel: crash, reset, read back ---------------------------------
krel=$(cat "$MINIMAL_ARMHF_DIR/kernelrelease")
stage=$SC_DIR/stage
rm -rf "$stage"
mkdir -p "$stage/e2e" "$stage/boot"
e2e_copy_foreign "$stage" "$XPSTORECTL" /usr/bin/pstorectl "$XTRIPLET"
cp "$MINIMAL_ARMHF_DIR/config" "$stage/boot/config-$krel"
cp "$dtb" "$stage/e2e/virt.dtb"
printf '%s\n' "${dts_args[*]}" >"$stage/e2e/dts-args"
MARKER="e2e armhf marker $$"
printf '%s\n' "$MARKER" >"$stage/e2e/marker"
guest_script "$SC_DIR/boot.sh" <<'GUEST'
mount_pstore
case $1 in
1)
	dmesg | grep -E 'ramoops|pstore|OF: reserved mem' >/tmp/dm
	put /tmp/dm dmesg
	put /proc/iomem proc-iomem
	cap plan pstorectl plan --format json
	cap plandt pstorectl plan --dtb /sys/firmware/fdt --format json
	cap show pstorectl dts --show --json
	cap check pstorectl check --json
	cap dts pstorectl dts --patch /e2e/virt.dtb -o /tmp/guest.dtb $(cat /e2e/dts-args)
	put /tmp/guest.dtb guest.dtb
	cap write pstorectl write "$(cat /e2e/marker)"
	crash
	;;
2)
	ls -l /sys/fs/pstore
	: >/tmp/sizes
	for f in /sys/fs/pstore/*; do
		[ -f "$f" ] || continue
		n=${f##*/}
		stat -c '%s %n' "$f" | sed 's| /sys/fs/pstore/| |' >>/tmp/sizes
		put "$f" raw/$n
		cap cat-$n pstorectl cat "$n"
	done
	put /tmp/sizes sizes
	(cd /sys/fs/pstore && sha256sum *) >/tmp/hashes
	put /tmp/hashes hashes
	cap ls pstorectl ls -J
	cap catpmsg pstorectl cat --strip-ecc pmsg
	cap tail pstorectl tail
	cap clear pstorectl clear --all --yes --archive /tmp/arch
	ls -A /sys/fs/pstore >/tmp/after-clear
	put /tmp/after-clear after-clear
	(cd /tmp/arch 2>/dev/null && find . -type f -exec sha256sum {} \;) >/tmp/arch-hashes
	put /tmp/arch-hashes arch-hashes
	;;
esac
GUEST
e2e_initramfs "$SC_DIR/initrd.gz" "$BUSYBOX_ARMHF" "$SC_DIR/boot.sh" "$stage"

sc_start run armhf "$MINIMAL_ARMHF_DIR/zImage" "$SC_DIR/initrd.gz" "console=ttyAMA0 panic=0" -m 1G -dtb "$out"
sc_vm vm_boot 1
sc_vm vm_panic 120
sc_files 1
sc_vm vm_pmemsave "$addr" "$size" "$SC_IMAGES/boot1-panic.bin"
sc_vm vm_reset
sc_vm vm_boot 2
sc_vm vm_done 120
sc_files 2
sc_stop

F=$SC_DIR/run/boot1
want=$(printf 'ramoops: using 0x%x@0x%x' "$size" "$addr")
sc_check "dmesg says '$want' (got: $(grep -o 'ramoops: using .*' "$F/dmesg" | head -1))" grep -q "$want, ecc: 16" "$F/dmesg"
# This kernel has no HIGHMEM: RAM above 0x70000000, where the region is, is not System RAM,
# so ramoops maps it with ioremap and lists each zone in /proc/iomem: check's runtime.iomem
# counts zones that cover the region as the region in use by ramoops.
arm_guest_plan_checks "$F" "$addr" "$size" "$out"
json_check check '[c["status"] for c in d["checks"] if c["id"] == "runtime.iomem"] == ["ok"]' \
	"check runtime.iomem is ok for the region outside System RAM ($(py 'import json,sys; print([c["detail"] for c in json.load(open(sys.argv[1]))["checks"] if c["id"] == "runtime.iomem"])' "$F/check.out" 2>&1 | head -c 300))"
check_cap write

F=$SC_DIR/run/boot2
sc_check "boot 2 has dmesg-ramoops-0 starting 'Panic#1 Part1'" \
	grep -q '^Panic#1 Part1$' <(head -1 "$F/raw/dmesg-ramoops-0" 2>/dev/null)
sc_check "boot 2 has console-ramoops-0 and pmsg-ramoops-0 ($(tr '\n' ' ' <"$F/sizes" 2>/dev/null))" \
	bash -c 'grep -q " console-ramoops-0$" "$1" && grep -q " pmsg-ramoops-0$" "$1"' _ "$F/sizes"
if check_cap catpmsg; then
	sc_check "pstorectl cat --strip-ecc pmsg is the marker written before the crash" \
		py 'import sys; d = open(sys.argv[1], "rb").read(); m = sys.argv[2].encode(); sys.exit(0 if d in (m, m + b"\n") else 1)' \
		"$F/catpmsg.out" "$MARKER"
fi
arm_guest_records "$F"
# pstorectl decode on the host of the region saved at the panic, the layout from the patched
# DTB (ECC 16): boot 2's files; bytes flipped within and beyond the ECC's strength.
decode_check panic "$SC_IMAGES/boot1-panic.bin" "$SC_DIR/run/boot2/raw" --dtb "$out" --kernel 6.1
decode_ecc_check panic "$SC_IMAGES/boot1-panic.bin" "$SC_DIR/run/boot2/raw" --dtb "$out" --kernel 6.1
