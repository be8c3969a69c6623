# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/vmcore.py OUT REGION [filtered|holes] (used by bench/decode): a 4 GiB ELF vmcore
# (an ELF64 core file) with the ramoops region at 0xFFF00000 (the top) (1 MiB: 16 dmesg
# zones of 64 KiB, no ECC), copied from the raw region image REGION.
#   filtered (default): as makedumpfile -E writes a filtered dump: PT_LOADs only for the
#     pages kept (the first MiB and the region), the rest of memory absent from the core
#     (libkdumpfile's page map says so: the scan skips it);
#   holes: one PT_LOAD per 1 GiB of physical memory from 0, the memory all holes in the
#     file but the region (a sparse copy of /proc/vmcore: every page is in the core, so
#     libkdumpfile reads all 4 GiB, as zeros).
import struct, sys
out, region = sys.argv[1], sys.argv[2]
kind = sys.argv[3] if len(sys.argv) > 3 else "filtered"
GIB, MIB, ADDR = 1 << 30, 1 << 20, 0xFFF00000
phoff, phsz = 64, 56
data0 = 0x1000  # the first PT_LOAD's file offset (page aligned)
if kind == "holes":
    loads = [(i * GIB, GIB) for i in range(4)]
else:
    loads = [(0, MIB), (ADDR, MIB)]
with open(out, "wb") as f:
    f.write(struct.pack("<16sHHIQQQIHHHHHH", b"\x7fELF\x02\x01\x01" + b"\0" * 9, 4, 62, 1, 0,
                        phoff, 0, 0, 64, phsz, len(loads) + 1, 0, 0, 0))
    # an empty PT_NOTE, then the PT_LOADs (kernel direct-map virtual addresses)
    f.write(struct.pack("<IIQQQQQQ", 4, 0, data0, 0, 0, 0, 0, 0))
    off, at = data0, {}
    for paddr, size in loads:
        f.write(struct.pack("<IIQQQQQQ", 1, 7, off, 0xffff888000000000 + paddr, paddr, size,
                            size, 0x1000))
        at[paddr] = off
        off += size
    f.truncate(off)
    # the region: in the PT_LOAD that holds it
    base = max(p for p, _ in loads if p <= ADDR)
    f.seek(at[base] + ADDR - base)
    with open(region, "rb") as r:
        f.write(r.read())
