# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 13: real compressed dmesg records. The minimal 6.1 kernel has every compressor
# pstore.compress= can choose in 6.1 (deflate, lzo, lz4, lz4hc, zstd; 842 left out); one
# QEMU process per choice, booted with it both times: boot 1 writes a marker to the kernel
# log and crashes, the host saves the region (pmemsave) and resets, boot 2 sends the files
# of /sys/fs/pstore (the kernel inflates its own algorithm's records there; a record it
# cannot inflate would be named .enc.z) and `pstorectl cat` of the dmesg record. On the
# host, `pstorectl decode` and `pstorectl cat --image` of the saved region must give the
# text pstorefs showed, byte for byte, and the zone must say which algorithm inflated it.
# The saved regions are the fixtures tests/fixtures/e2e-compress/.
# shellcheck shell=bash

stage=$SC_DIR/stage
E2E_DLOPEN_LIBS="liblzo2.so.2 liblz4.so.1 libzstd.so.1" guest_stage "$stage"
guest_script "$SC_DIR/boot.sh" <<'GUEST'
mount_pstore
case $1 in
1)
	# Lines of the kernel log the record must hold, in every algorithm's output.
	i=0
	while [ $i -lt 20 ]; do
		echo "e2e-compress marker line $i of the crashed boot" >/dev/kmsg
		i=$((i + 1))
	done
	crash
	;;
2)
	putdir /sys/fs/pstore records
	cap cat pstorectl cat dmesg-ramoops-0
	;;
esac
GUEST
e2e_initramfs "$SC_DIR/initrd.gz" "$BUSYBOX_AMD64" "$SC_DIR/boot.sh" "$stage"

LAYOUT=(--address "$FIXED_ADDR" --size "$FIXED_SIZE" --record-size 0x4000 --console-size 0x4000
	--pmsg-size 0x4000 --ftrace-size 0 --ecc 0)
for alg in deflate lzo lz4 lz4hc zstd; do
	img=$SC_IMAGES/$alg.bin
	sc_start "$alg" x86_64 "$MINIMAL_DIR/bzImage" "$SC_DIR/initrd.gz" \
		"$(fixed_cmdline 0 2 "pstore.compress=$alg")" -m 512M
	sc_vm vm_boot 1
	sc_vm vm_panic
	sc_vm vm_pmemsave "$FIXED_ADDR" "$FIXED_SIZE" "$img"
	sc_vm vm_reset
	sc_vm vm_boot 2
	sc_vm vm_done
	sc_files 2
	sc_stop

	want=$F/records
	ls "$want" | grep -q '\.enc\.z$' &&
		sc_check "$alg: the kernel inflated its own record (pstorefs: $(ls "$want" | tr '\n' ' '))" false
	sc_check "$alg: pstorefs has dmesg-ramoops-0 with the marker lines" \
		grep -q 'e2e-compress marker line 19 of the crashed boot' "$want/dmesg-ramoops-0"
	check_cap cat && sc_check "$alg: pstorectl cat dmesg-ramoops-0 in the guest equals the file" \
		cmp -s "$want/dmesg-ramoops-0" "$F/cat.out"
	# The console record was restarted by boot 2's probe after the image was saved: only
	# the dmesg record is the crashed boot's in both.
	DECODE_ONLY=dmesg-ramoops-0 decode_check "$alg" "$img" "$want" "${LAYOUT[@]}"
	# LZ4HC writes the LZ4 format: one decompressor reads both, and nothing in the record
	# tells them apart, so decode names lz4 for it.
	want_alg=${alg/lz4hc/lz4}
	sc_check "$alg: decode -J says the dmesg zone was inflated with $want_alg" py '
import json, sys
zones = json.load(open(sys.argv[1]))["zones"]
z = [z for z in zones if z["type"] == "dmesg" and z["index"] == 0][0]
if z.get("compress") != sys.argv[2]: print(z); sys.exit(1)
' "$SC_DIR/decode-$alg.json" "$want_alg"
	host_cap "cat-image-$alg" "$PSTORECTL" cat --image "$img" "${LAYOUT[@]}" dmesg-ramoops-0
	check_cap "cat-image-$alg" && sc_check "$alg: pstorectl cat --image of the saved region equals pstorefs" \
		cmp -s "$want/dmesg-ramoops-0" "$F/cat-image-$alg.out"
done
