# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/vmcore.py OUT REGION (used by bench/decode): a sparse 4 GiB ELF vmcore, as kdump
# saves it: an ELF64 core file, one PT_LOAD per 1 GiB of physical memory from 0, the
# memory all holes in the file but the ramoops region at 0xFFF00000 (the top) (1 MiB: 16 dmesg
# zones of 64 KiB, no ECC), copied from the raw region image REGION.
import os, struct, sys
out, region = sys.argv[1], sys.argv[2]
GIB, ADDR = 1 << 30, 0xFFF00000
nload = 4
phoff, phsz = 64, 56
data0 = 0x1000  # the first PT_LOAD's file offset (page aligned)
with open(out, "wb") as f:
    f.write(struct.pack("<16sHHIQQQIHHHHHH", b"\x7fELF\x02\x01\x01" + b"\0" * 9, 4, 62, 1, 0,
                        phoff, 0, 0, 64, phsz, nload + 1, 0, 0, 0))
    # an empty PT_NOTE, then the PT_LOADs (kernel direct-map virtual addresses)
    f.write(struct.pack("<IIQQQQQQ", 4, 0, data0, 0, 0, 0, 0, 0))
    for i in range(nload):
        f.write(struct.pack("<IIQQQQQQ", 1, 7, data0 + i * GIB, 0xffff888000000000 + i * GIB,
                            i * GIB, GIB, GIB, 0x1000))
    f.truncate(data0 + nload * GIB)
    f.seek(data0 + ADDR)
    with open(region, "rb") as r:
        f.write(r.read())
