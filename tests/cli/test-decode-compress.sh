#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# decode and cat --image on the real compressed records of tests/fixtures/e2e-compress (the
# minimal 6.1 kernel, one crash per pstore.compress= choice): the record the kernel showed
# in pstorefs, byte for byte, and the algorithm that inflated it.
. "$(dirname "$0")/lib.sh"

img=$FIXTURES/e2e-compress
layout=(--address 0x10000000 --size 0x100000 --record-size 0x4000 --console-size 0x4000
	--pmsg-size 0x4000 --ftrace-size 0 --ecc 0)
for a in deflate lzo lz4 lz4hc zstd; do
	xz -dc "$img/$a/image.bin.xz" >"$T/$a.bin"
	run decode "$T/$a.bin" "${layout[@]}" --to "$T/out-$a"
	expect_rc "$a: decode --to" 0
	check "$a: dmesg-ramoops-0 is what the kernel showed" \
		cmp -s "$img/$a/records/dmesg-ramoops-0" "$T/out-$a/dmesg-ramoops-0"
	run decode "$T/$a.bin" "${layout[@]}" -J --output-all
	expect_json "$a: -J names the algorithm" ".zones[0].compress == \"${a/lz4hc/lz4}\""
	run cat --image "$T/$a.bin" "${layout[@]}" dmesg-ramoops-0
	expect_rc "$a: cat --image" 0
	check "$a: cat --image gives the record" cmp -s "$T/out" "$img/$a/records/dmesg-ramoops-0"
	# the layout found by --scan gives the same record
	run decode "$T/$a.bin" --to "$T/scan-$a"
	expect_rc "$a: decode (scan)" 0
	check "$a: scan: the same record" cmp -s "$img/$a/records/dmesg-ramoops-0" "$T/scan-$a/dmesg-ramoops-0"
done

echo "1..$_n"
