# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 3: arm64 Debian 6.1 with a device tree. On the host: plan on QEMU's own DTB and
# patch a ramoops node into it with `pstorectl dts --patch`; the cross-built arm64
# pstorectl patches the same DTB to the same bytes (under qemu-user, and in the guest).
# In the guest the arm64 pstorectl plans from /proc/iomem and the live DTB, shows the live
# node, checks; after the crash and the reset: ls -J, cat, tail, clear --archive; a third
# boot shows the dump erased.
# shellcheck shell=bash

qemu_m=(-M virt -cpu cortex-a57 -smp 1 -m 1G)
dtb=$SC_DIR/virt.dtb out=$SC_DIR/virt-ramoops.dtb
# The dump must use the same -cpu/-smp/-m as the boot, or memory nodes differ.
timeout 60 qemu-system-aarch64 -accel tcg "${qemu_m[@]/#virt/virt,dumpdtb=$dtb}" -display none \
	>"$SC_DIR/dumpdtb.log" 2>&1 || sc_fail "qemu dumpdtb failed: $(tail -2 "$SC_DIR/dumpdtb.log")"

host_cap plan "$PSTORECTL" plan --dtb "$dtb" --format json
need_cap plan
read -r addr size < <(py '
import json, sys
d = json.load(open(sys.argv[1])); r = d["region"]
assert isinstance(r["start"], int) and isinstance(r["size"], int), "region numbers must be JSON numbers"
print("%#x %#x" % (r["start"], r["size"]))' "$F/plan.out" 2>"$SC_DIR/plan-parse") ||
	sc_fail "plan --format json has no numeric region.start/size: $(tail -1 "$SC_DIR/plan-parse")"
sc_note "plan: ${size}@${addr}"
host_cap dts "$PSTORECTL" dts --patch "$dtb" --output "$out" --address "$addr" --size "$size" \
	--record-size 0x4000 --console-size 0x4000 --pmsg-size 0x4000 --ecc-size 0
need_cap dts
dtc -I dtb -O dts -o "$SC_DIR/virt-ramoops.dts" "$out" 2>"$SC_DIR/dtc.err" ||
	sc_fail "dtc cannot read the patched DTB: $(head -2 "$SC_DIR/dtc.err")"
sc_check "patched DTB has a compatible = \"ramoops\" node" grep -q 'compatible = "ramoops"' "$SC_DIR/virt-ramoops.dts"
# The kernel's own binding (linux-source-6.1) judges the node. QEMU's DTB has an unrelated
# complaint (platform-bus interrupt-parent), so only reserved-memory/ramoops ones count.
schema=$SC_DIR/schema
mkdir -p "$schema"
cp "$LINUX_SRC"/Documentation/devicetree/bindings/reserved-memory/{ramoops,reserved-memory}.yaml "$schema/"
if dt-mk-schema -j "$schema" >"$SC_DIR/schema.json" 2>"$SC_DIR/dt-mk-schema.err"; then
	dt-validate -s "$SC_DIR/schema.json" "$out" >"$SC_DIR/dt-validate.log" 2>&1 || true
	# complaints about the two nodes or from the two schemas (the file name holds "ramoops")
	dtre='(ramoops@[0-9a-f]+|reserved-memory): |/(ramoops|reserved-memory)\.yaml'
	sc_check "dt-validate against the kernel's ramoops.yaml: $(grep -E "$dtre" "$SC_DIR/dt-validate.log" | head -2 | tr '\n' ' ')" \
		bash -c '! grep -qE "$2" "$1"' _ "$SC_DIR/dt-validate.log" "$dtre"
else
	sc_check "dt-mk-schema failed: $(tail -1 "$SC_DIR/dt-mk-schema.err")" false
fi

# The same patch by the arm64 binary (qemu-user): the same bytes.
cross_pstorectl arm64
dts_args=(--address "$addr" --size "$size" --record-size 0x4000 --console-size 0x4000
	--pmsg-size 0x4000 --ecc-size 0)
qemu_user_cap dts-arm64 arm64 "$XPSTORECTL" dts --patch "$dtb" -o "$SC_DIR/virt-ramoops-arm64.dtb" "${dts_args[@]}"
check_cap dts-arm64 &&
	sc_check "dts --patch by the arm64 pstorectl (qemu-user) gives the host's bytes" \
		cmp -s "$out" "$SC_DIR/virt-ramoops-arm64.dtb"

stage=$SC_DIR/stage
rm -rf "$stage"
mkdir -p "$stage/e2e" "$stage/boot"
e2e_add_modules "$stage" "$K61_ARM64_ROOT" "$K61_ARM64_KVER" ramoops
e2e_copy_foreign "$stage" "$XPSTORECTL" /usr/bin/pstorectl "$XTRIPLET"
cp "$K61_ARM64_ROOT/boot/config-$K61_ARM64_KVER" "$stage/boot/"
cp "$dtb" "$stage/e2e/virt.dtb"
printf '%s\n' "${dts_args[*]}" >"$stage/e2e/dts-args"
guest_script "$SC_DIR/boot.sh" <<'GUEST'
modprobe ramoops
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
	cap tail pstorectl tail
	cap clear pstorectl clear --all --yes --archive /tmp/arch
	ls -A /sys/fs/pstore >/tmp/after-clear
	put /tmp/after-clear after-clear
	(cd /tmp/arch 2>/dev/null && find . -type f -exec sha256sum {} \;) >/tmp/arch-hashes
	put /tmp/arch-hashes arch-hashes
	;;
3)
	ls -A /sys/fs/pstore >/tmp/list
	put /tmp/list list
	;;
esac
GUEST
e2e_initramfs "$SC_DIR/initrd.gz" "$BUSYBOX_ARM64" "$SC_DIR/boot.sh" "$stage"

sc_start run arm64 "$K61_ARM64_ROOT/boot/vmlinuz-$K61_ARM64_KVER" "$SC_DIR/initrd.gz" \
	"console=ttyAMA0 panic=0" -m 1G -dtb "$out"
sc_vm vm_boot 1
sc_vm vm_panic
sc_files 1
sc_vm vm_pmemsave "$addr" "$size" "$SC_IMAGES/boot1-panic.bin"
sc_vm vm_reset
sc_vm vm_boot 2
sc_vm vm_done 120
sc_files 2
sc_vm vm_reset
sc_vm vm_boot 3
sc_vm vm_done
sc_files 3
sc_stop

F=$SC_DIR/run/boot1
want=$(printf 'ramoops: using 0x%x@0x%x' "$size" "$addr")
sc_check "dmesg says '$want' (got: $(grep -o 'ramoops: using .*' "$F/dmesg" | head -1))" grep -q "$want, ecc: 0" "$F/dmesg"
arm_guest_plan_checks "$F" "$addr" "$size" "$out"

F=$SC_DIR/run/boot2
sc_check "boot 2 has /sys/fs/pstore/dmesg-ramoops-0 starting 'Panic#1 Part1'" \
	grep -q '^Panic#1 Part1$' <(head -1 "$F/raw/dmesg-ramoops-0" 2>/dev/null)
arm_guest_records "$F"
F=$SC_DIR/run/boot3
sc_check "boot 3 (reset, no crash): the cleared dump is gone ($(tr '\n' ' ' <"$F/list" 2>/dev/null))" \
	bash -c '! grep -q "^dmesg-" "$1"' _ "$F/list"
# pstorectl decode on the host of the region saved at the panic, the layout from the patched
# DTB the guest booted with: boot 2's files (Debian's arm64 kernel deflates dmesg).
decode_check panic "$SC_IMAGES/boot1-panic.bin" "$SC_DIR/run/boot2/raw" --dtb "$out" --kernel 6.1
