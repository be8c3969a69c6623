# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/ecc-region.py OUT SIZE clean|bad|noecc (used by bench/run and bench/decode):
# a ramoops region of 64 KiB dmesg zones with ECC 16 (kernel
# layout: 12-byte header, data, one parity per 128-byte block, the header's parity), every
# zone the same valid uncompressed dump; "bad": one byte flipped in every data block;
# "noecc": the same zones without ECC (the whole zone for the log).
import ctypes, struct, sys
out, total, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
fec = ctypes.CDLL("libfec.so.0")
fec.init_rs_char.restype = ctypes.c_void_p
fec.init_rs_char.argtypes = [ctypes.c_int] * 6
fec.encode_rs_char.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
ZONE, ECC, BS = 64 << 10, 16, 128
bufsz = ZONE - 12
blocks = (bufsz - ECC + BS + ECC - 1) // (BS + ECC)
if kind != "noecc":
    bufsz -= (blocks + 1) * ECC
used = bufsz - 100
rs = {}
def parity(data):
    n = len(data)
    if n not in rs: rs[n] = fec.init_rs_char(8, 0x11d, 0, 1, ECC, 255 - ECC - n)
    p = ctypes.create_string_buffer(ECC)
    fec.encode_rs_char(rs[n], bytes(data), p)
    return p.raw
line = b"<6>[    1.000000] bench: a line of kernel log text for the decode benchmark\n"
text = bytearray(b"====1700000000.000000-D\nPanic#1 Part1\n")
while len(text) < bufsz: text += line
text = text[:bufsz]
hdr = struct.pack("<III", 0x43474244, used, used)
par = b""
if kind != "noecc":
    par = b"".join(parity(text[o:o + BS]) for o in range(0, used, BS))
    par = par.ljust(blocks * ECC, b"\0") + parity(hdr)
if kind == "bad":
    for o in range(0, used, BS): text[o + 64 if o + 64 < used else o] ^= 0x55
zone = hdr + bytes(text) + par
assert len(zone) == ZONE, len(zone)
with open(out, "wb") as f:
    for _ in range(total // ZONE): f.write(zone)
