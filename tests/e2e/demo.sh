#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# `make demo`: crash the minimal kernel (console + pmsg + ECC, as scenario 2) under QEMU,
# keep the records it left in a directory on the host, and show them with pstorectl.
# Environment: PSTORECTL, LD_LIBRARY_PATH (as tests/e2e/run; built with make if unset).
set -euo pipefail
shopt -s inherit_errexit

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ -z ${PSTORECTL:-} ]]; then
	make -s -C "$E2E_REPO" >&2
	PSTORECTL=$E2E_REPO/build/pstorectl
	export LD_LIBRARY_PATH=$E2E_REPO/build${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi
PSTORECTL=$(realpath "$PSTORECTL")
e2e_fetch

stamp=$(date +%Y%m%d-%H%M%S)
dir=$E2E_CACHE/demo/$stamp
records=$dir/records
mkdir -p "$dir"
trap e2e_cleanup EXIT

stage=$dir/stage
mkdir -p "$stage/e2e"
e2e_copy_with_libs "$stage" "$PSTORECTL" /usr/bin/pstorectl
cat >"$dir/boot.sh" <<'EOF'
#!/bin/sh
. /e2e/guest-lib.sh
mount_pstore
case $1 in
1)
	pstorectl write "hello from the crashed boot (pstorectl make demo)" ||
		echo 'hello from the crashed boot (written with echo)' >/dev/pmsg0
	crash
	;;
2)
	putdir /sys/fs/pstore records
	;;
esac
EOF
e2e_initramfs "$dir/initrd.gz" "$BUSYBOX_AMD64" "$dir/boot.sh" "$stage"

cmdline='console=ttyS0 nokaslr panic=0 memmap=1M$0x10000000 ramoops.mem_address=0x10000000 ramoops.mem_size=0x100000 ramoops.record_size=0x4000 ramoops.console_size=0x4000 ramoops.pmsg_size=0x4000 ramoops.ftrace_size=0 ramoops.ecc=1'
echo "== booting the minimal kernel under QEMU, crashing it with sysrq-c, resetting"
vm_start "$dir/vm" x86_64 "$MINIMAL_DIR/bzImage" "$dir/initrd.gz" "$cmdline" -m 512M
if ! { vm_boot 1 && vm_panic && vm_pmemsave 0x10000000 0x100000 "$dir/ramoops-after-panic.bin" &&
	vm_reset && vm_boot 2 && vm_done && vm_files "$dir/files"; }; then
	vm_stop
	e2e_die "demo run failed: $VM_ERROR (serial log: $VM_SERIAL)"
fi
vm_stop
echo "   ($VM_TIMES)"
mv "$dir/files/records" "$records"
# Give the files the mtimes the guest saw (pstorefs sets dmesg's from the record header).
while read -r name epoch; do
	touch -d "@$epoch" "$records/$name"
done <"$records/MTIMES"
rm -f "$records/MTIMES"
echo "== the records are in $records"
echo "   (raw ramoops region: $dir/ramoops-after-panic.bin; serial log: $VM_SERIAL)"
echo
echo "== pstorectl ls --dir $records"
"$PSTORECTL" ls --dir "$records"
echo
echo "== pstorectl cat --dir $records dmesg"
"$PSTORECTL" cat --dir "$records" dmesg
