#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Regenerate tests/fixtures/e2e-captured/ from real kernels booted under QEMU, without
# pstorectl: /proc/iomem of several machines, and the pstore records a real crash leaves.
# The raw ramoops regions (pmemsave) go to $CACHE/images/capture/, not to git.
#
# Usage: tests/e2e/capture.sh [CAPTURE...]   (default: all; see `capture_list` below)
set -euo pipefail
shopt -s inherit_errexit

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OUT=${E2E_CAPTURE_OUT:-$E2E_REPO/tests/fixtures/e2e-captured}
WORK=${E2E_WORK:-$E2E_CACHE/work/capture}
IMAGES=$E2E_CACHE/images/capture
PMSG_MARKER='pstorectl-e2e pmsg marker: hello from boot 1'

trap e2e_cleanup EXIT

capture_list() {
	echo iomem-x86_64-512M iomem-x86_64-4G iomem-arm64-virt-1G
	echo debian61-ecc0 minimal-ecc16 minimal-ecc0 minimal-shutdown minimal-compress-none
	echo configs
}

# Boot script of the records captures: boot 1 writes pmsg and crashes (or reboots),
# boot 2 sends back the records and what describes the setup.
write_records_script() {
	cat >"$1" <<EOF
#!/bin/sh
. /e2e/guest-lib.sh
[ -d /lib/modules/\$(uname -r) ] && modprobe ramoops
mount_pstore
case \$1 in
1)
	put /proc/iomem proc-iomem
	put /proc/cmdline proc-cmdline
	if [ -c /dev/pmsg0 ]; then
		echo '$PMSG_MARKER' >/dev/pmsg0
	fi
	ls -l /sys/fs/pstore/
	mark "MODE \$E2E_MODE"
	if [ "\$E2E_MODE" = reboot ]; then sync; reboot -f; else crash; fi
	;;
2)
	ls -l --full-time /sys/fs/pstore/
	putdir /sys/fs/pstore records
	put /proc/cmdline boot2/proc-cmdline
	for p in /sys/module/ramoops/parameters/*; do
		put \$p boot2/sys-module-ramoops-parameters/\${p##*/}
	done
	put /sys/module/pstore/parameters/backend boot2/sys-module-pstore-parameters-backend
	put /proc/self/mountinfo boot2/proc-self-mountinfo
	dmesg | grep -E 'ramoops|pstore|console \[|memmap|user-defined physical RAM map|user: \[mem|Command line|Linux version' >/tmp/dmesg-relevant
	put /tmp/dmesg-relevant boot2/dmesg
	ls -l /dev/pmsg0 >/tmp/pmsg-dev 2>&1
	put /tmp/pmsg-dev boot2/dev-pmsg0
	;;
esac
EOF
}

iomem_script() {
	cat >"$1" <<'EOF'
#!/bin/sh
. /e2e/guest-lib.sh
put /proc/iomem proc-iomem
put /proc/cmdline proc-cmdline
EOF
}

# capture_iomem NAME ARCH KERNEL MEM [APPEND]
capture_iomem() {
	local name=$1 arch=$2 kernel=$3 mem=$4 append=${5:-}
	local dir=$WORK/$name bb=$BUSYBOX_AMD64 console=ttyS0
	[[ $arch == arm64 ]] && bb=$BUSYBOX_ARM64 console=ttyAMA0
	rm -rf "$dir"
	mkdir -p "$dir"
	iomem_script "$dir/boot.sh"
	e2e_initramfs "$dir/initrd.gz" "$bb" "$dir/boot.sh"
	vm_start "$dir/vm" "$arch" "$kernel" "$dir/initrd.gz" "console=$console nokaslr panic=0${append:+ $append}" -m "$mem"
	if ! { vm_boot 1 && vm_done && vm_files "$dir/files"; }; then
		vm_stop
		e2e_die "$name: $VM_ERROR (serial log: $VM_SERIAL)"
	fi
	vm_stop
	cp "$dir/files/proc-iomem" "$OUT/$name.txt"
	e2e_log "captured $name ($VM_TIMES)"
}

# capture_records NAME KERNEL APPEND [MODULES-ROOT KVER] ; E2E_MODE=crash|reboot
capture_records() {
	local name=$1 kernel=$2 append=$3 kroot=${4:-} kver=${5:-} mode=${E2E_MODE:-crash}
	local dir=$WORK/$name img=$IMAGES/$name dest=$OUT/records-$name
	rm -rf "$dir" "$img"
	mkdir -p "$dir/stage/e2e" "$img"
	write_records_script "$dir/boot.sh"
	[[ -n $kroot ]] && e2e_add_modules "$dir/stage" "$kroot" "$kver" ramoops
	echo "export E2E_MODE=$mode" >>"$dir/stage/e2e/env"
	e2e_initramfs "$dir/initrd.gz" "$BUSYBOX_AMD64" "$dir/boot.sh" "$dir/stage"
	# A guest reboot cannot be paused and then resumed with the HMP monitor alone
	# (-no-reboot turns the monitor's system_reset into a shutdown too), so in reboot mode
	# QEMU resets by itself and the region is saved once boot 2 asks for its number: the
	# dmesg zones are intact then, console/pmsg were already saved and re-zeroed by probe.
	vm_start "$dir/vm" x86_64 "$kernel" "$dir/initrd.gz" "$append" -m 512M
	if ! {
		vm_boot 1 &&
			if [[ $mode == crash ]]; then
				vm_panic && vm_files "$dir/files" &&
					vm_pmemsave 0x10000000 0x100000 "$img/boot1-panic.bin" && vm_reset
			else
				vm_wait 'reboot: (Restarting system|machine restart)' && vm_files "$dir/files" &&
					vm_wait '^E2E:BOOT\?$' "$E2E_BOOT_TIMEOUT" &&
					vm_pmemsave 0x10000000 0x100000 "$img/boot2-init.bin" && VM_LINE=$((VM_LINE - 1))
			fi &&
			vm_boot 2 && vm_done && vm_files "$dir/files" &&
			vm_pmemsave 0x10000000 0x100000 "$img/boot2-end.bin"
	}; then
		vm_stop
		e2e_die "$name: ${VM_ERROR:-failed} (serial log: $VM_SERIAL)"
	fi
	vm_stop
	cp "$dir/vm/serial.log" "$img/serial.log"
	rm -rf "$dest"
	mkdir -p "$dest"
	cp -r "$dir/files/records/." "$dest/"
	cp -r "$dir/files/boot2" "$dest/boot2"
	# boot 1's iomem with the memmap= reservation is a fixture of its own
	case $name in
	debian61-ecc0) cp "$dir/files/proc-iomem" "$OUT/iomem-x86_64-512M-memmap.txt" ;;
	minimal-ecc0) cp "$dir/files/proc-iomem" "$OUT/iomem-x86_64-512M-memmap-minimal.txt" ;;
	esac
	e2e_log "captured records-$name: $(cut -d' ' -f1 "$dest/MTIMES" | tr '\n' ' ')($VM_TIMES)"
}

capture_configs() {
	mkdir -p "$OUT/configs"
	gzip -9n <"$K61_AMD64_ROOT/boot/config-$K61_AMD64_KVER" >"$OUT/configs/config-$K61_AMD64_KVER.gz"
	gzip -9n <"$K612_AMD64_ROOT/boot/config-$K612_AMD64_KVER" >"$OUT/configs/config-$K612_AMD64_KVER.gz"
	gzip -9n <"$K61_ARM64_ROOT/boot/config-$K61_ARM64_KVER" >"$OUT/configs/config-$K61_ARM64_KVER.gz"
	gzip -9n <"$MINIMAL_DIR/config" >"$OUT/configs/config-minimal-6.1-x86_64.gz"
}

main() {
	e2e_fetch
	mkdir -p "$OUT" "$WORK" "$IMAGES"
	local k61=$K61_AMD64_ROOT/boot/vmlinuz-$K61_AMD64_KVER min=$MINIMAL_DIR/bzImage
	local base='console=ttyS0 nokaslr panic=0 memmap=1M$0x10000000 ramoops.mem_address=0x10000000 ramoops.mem_size=0x100000 ramoops.record_size=0x4000 ramoops.console_size=0x4000 ramoops.pmsg_size=0x4000 ramoops.ftrace_size=0'
	local c list=("$@")
	((${#list[@]})) || read -ra list <<<"$(capture_list | tr '\n' ' ')"
	for c in "${list[@]}"; do
		case $c in
		iomem-x86_64-512M) capture_iomem "$c" x86_64 "$k61" 512M ;;
		iomem-x86_64-4G) capture_iomem "$c" x86_64 "$k61" 4G ;;
		iomem-arm64-virt-1G) capture_iomem "$c" arm64 "$K61_ARM64_ROOT/boot/vmlinuz-$K61_ARM64_KVER" 1G ;;
		debian61-ecc0)
			capture_records "$c" "$k61" "$base ramoops.ecc=0 ramoops.max_reason=2" "$K61_AMD64_ROOT" "$K61_AMD64_KVER" ;;
		minimal-ecc16) capture_records "$c" "$min" "$base ramoops.ecc=1 ramoops.max_reason=2" ;;
		minimal-ecc0) capture_records "$c" "$min" "$base ramoops.ecc=0 ramoops.max_reason=2" ;;
		minimal-shutdown) E2E_MODE=reboot capture_records "$c" "$min" "$base ramoops.ecc=0 ramoops.max_reason=4" ;;
		minimal-compress-none)
			capture_records "$c" "$min" "$base ramoops.ecc=0 ramoops.max_reason=2 pstore.compress=none" ;;
		configs) capture_configs ;;
		*) e2e_die "unknown capture $c (known: $(capture_list | tr '\n' ' '))" ;;
		esac
	done
}

main "$@"
