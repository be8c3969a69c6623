#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/TARGET/) from the
test fixtures, most of them captured from real kernels by the real-kernel suite, plus a
few hand-made edge cases. Deterministic: the same fixtures give the same files, each
named by the SHA-1 of its content (as libFuzzer names what it finds). Inputs that a
fuzzing run found worth keeping (crashes fixed since, new coverage) are committed in the
same directories by hand and are never removed by this script.

  tests/fuzz/mkcorpus.py [--check]   --check: exit 1 when a seed is missing
"""
import glob
import gzip
import hashlib
import lzma
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(TOP, "tests", "fixtures")
CAP = os.path.join(FIX, "e2e-captured")
MAX = 65536  # the -max_len of `make fuzz`


def read(path, limit=None):
    with open(path, "rb") as f:
        return f.read() if limit is None else f.read(limit)


def entries(files):
    """The entries format of tests/fuzz/fuzz.h: (name, data) pairs."""
    out = b""
    for name, data in files:
        n = name.encode()[:255]
        data = data[:65535]
        if len(out) + 3 + len(n) + len(data) > MAX:
            data = data[: max(0, MAX - len(out) - 3 - len(n))]
        out += bytes([len(n)]) + n + struct.pack("<H", len(data)) + data
        if len(out) >= MAX:
            break
    return out


def tree(root, prefix="", per_file=8192, skip=()):
    files = []
    for dirpath, dirnames, filenames in sorted(os.walk(root)):
        dirnames.sort()
        for fn in sorted(filenames):
            p = os.path.join(dirpath, fn)
            rel = os.path.relpath(p, root)
            if fn in skip or os.path.islink(p):
                continue
            files.append((prefix + rel, read(p, per_file)))
    return files


def record_dirs():
    return sorted(glob.glob(os.path.join(CAP, "records-*"))) + [
        os.path.join(FIX, "records-handmade")] + sorted(
        glob.glob(os.path.join(FIX, "images", "*", "records")))


def record_files():
    for d in record_dirs():
        for p in sorted(glob.glob(os.path.join(d, "*"))):
            if os.path.isfile(p) and not p.endswith("MTIMES"):
                yield p


def seeds():
    s = {}
    add = lambda t, data: s.setdefault(t, []).append(data[:MAX])

    for p in sorted(glob.glob(os.path.join(FIX, "iomem", "*.txt")) +
                    glob.glob(os.path.join(CAP, "iomem-*.txt"))):
        add("iomem", read(p))
    add("iomem", b"00000000-ffffffff : System RAM\n  00000000-00000000 : Kernel code\n")

    for p in sorted(glob.glob(os.path.join(CAP, "configs", "*.gz"))):
        add("kconfig", read(p))
        add("kconfig", gzip.decompress(read(p))[:MAX])
    add("kconfig", b"CONFIG_PSTORE=y\n# CONFIG_PSTORE_PMSG is not set\nCONFIG_X=\"a\\\"b\"\n")

    names = set()
    for p in record_files():
        names.add(os.path.basename(p).encode())
    names.update([b"console-ramoops", b"dmesg-ramoops-0.enc.z", b"dmesg-ramoops-0.1",
                  b"pmsg-ramoops-18446744073709551615", b"dmesg-efi_pstore-1795317075011001",
                  b"ftrace-ramoops-0", b"mce-erst-1", b"-ramoops-0", b"dmesg--0"])
    for n in sorted(names):
        add("record-name", n)

    heads = set()
    for p in record_files():
        if os.path.basename(p).startswith("dmesg-"):
            heads.add(read(p, 64).split(b"\n")[0] + b"\n")
    heads.update([b"Panic#1 Part1\n", b"Oops#2 Part12\n", b"Emergency#1 Part1\n",
                  b"Shutdown#1 Part1\n", b"Unknown#1 Part1\n", b"Panic#2147483648 Part1\n"])
    for h in sorted(heads):
        add("dmesg-header", h)

    for p in record_files():
        tail = read(p)[-96:]
        if b"ECC:" in tail:
            add("ecc-notice", tail)
    for t in (b"\nECC: No errors detected\n", b"\nECC: 3 Corrected bytes, 0 unrecoverable blocks\n",
              b"\nECC: 1 Corrected bytes, 2 unrecoverable blocks\n", b"\nECC: -1 Corrected bytes\n"):
        add("ecc-notice", t)

    texts = []
    for p in record_files():
        b = os.path.basename(p)
        if b.startswith(("dmesg-", "console-")) and not b.endswith(".enc.z"):
            texts.append(read(p))
    for t in texts:
        add("log-prefix", t[:4096])
        add("crash", t)
    add("log-prefix", b"<0>a\n<7>b\n<191>c\n<8>d\n<>e\n<12345678901>f\n<3")

    for p in record_files():
        if os.path.basename(p).startswith("pmsg-"):
            add("marker", read(p))
    add("marker", b"pstorectl: boot boot_id=0f6d9c3c-5d2b-4b0e-9d1e-6d2f0b1c2a3e "
                  b"time=2026-12-01T10:00:00Z uptime=12.345\n"
                  b"pstorectl: reboot boot_id=0f6d9c3c-5d2b-4b0e-9d1e-6d2f0b1c2a3e "
                  b"time=2026-12-01T11:00:00Z\n")

    for p in sorted(glob.glob(os.path.join(FIX, "dts", "*.dts"))):
        try:
            add("dtb", subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", p], check=True,
                                      capture_output=True).stdout)
        except (OSError, subprocess.CalledProcessError):
            pass

    for d in record_dirs():
        add("records", entries(tree(d, per_file=16384, skip=("MTIMES",))))
    add("records", entries([("dmesg-ramoops-0.enc.z", b"x\x9c\xcbH\xcd\xc9\xc9\x07\x00\x06,\x02\x15"),
                            ("ramoops/", b""), ("ramoops/dmesg-ramoops-1", b"Panic#1 Part1\n<0>x\n")]))

    for d in sorted(glob.glob(os.path.join(FIX, "check-*"))) + [os.path.join(FIX, "records-sysroot")]:
        if os.path.isdir(d):
            add("sysroot", entries(tree(d, per_file=4096)))
    rec = sorted(glob.glob(os.path.join(CAP, "records-minimal-shutdown", "*")))
    add("sysroot", entries([("sys/fs/pstore/" + os.path.basename(p), read(p, 8192))
                            for p in rec if not p.endswith("MTIMES") and os.path.isfile(p)] +
                           [("sys/class/watchdog/watchdog0/bootstatus", b"32\n"),
                            ("sys/class/watchdog/watchdog0/identity", b"i6300ESB timer\n"),
                            ("proc/sys/kernel/random/boot_id",
                             b"0f6d9c3c-5d2b-4b0e-9d1e-6d2f0b1c2a3e\n"),
                            ("etc/systemd/pstore.conf", b"[PStore]\nStorage=external\nUnlink=yes\n"),
                            ("var/lib/systemd/pstore/1700000000/dmesg.txt", b"<0>x\n")]))

    boot = "20261201T100000Z_0f6d9c3c5d2b4b0e9d1e6d2f0b1c2a3e"
    dump = read(os.path.join(CAP, "records-minimal-oops", "dmesg-ramoops-0"), 8192)
    add("archive", entries([(boot + "/dmesg-ramoops-0", dump), (boot + "/dmesg.txt", dump),
                            (boot + "/reason.json", b'{"reason":"panic,sysrq","confidence":"certain"}\n'),
                            (boot + "/records.json", b'{"records":[{"name":"dmesg-ramoops-0"}]}\n'),
                            ("20261130T090000Z/console-ramoops-0", b"hello\n")]))
    add("archive", entries([("1700000000/001/dmesg.txt", dump), ("dmesg-ramoops-0", dump),
                            ("console-ramoops-0", b"x\n")]))

    for p in sorted(glob.glob(os.path.join(FIX, "images", "*", "image.bin.xz"))):
        img = lzma.decompress(read(p))
        add("image", bytes([0x20]) + img[:MAX - 1])
        add("image", bytes([0x20]) + img[-(MAX - 1):])
        add("image", bytes([0x09]) + img[:32768])

    mi = set()
    for p in glob.glob(os.path.join(FIX, "**", "mountinfo"), recursive=True):
        mi.add(read(p))
    mi.add(b"36 25 0:32 / /sys/fs/pstore rw,nosuid - pstore pstore rw\n"
           b"37 25 0:33 / /mnt/a\\040b rw - pstore none rw\n")
    for m in sorted(mi):
        add("mountinfo", m)

    cl = set()
    for p in glob.glob(os.path.join(FIX, "**", "cmdline"), recursive=True):
        cl.add(read(p))
    cl.update([b"memmap=1M$0x7ff00000 ramoops.mem_address=0x7ff00000 ramoops.mem_size=0x100000\n",
               b"memmap=exactmap,640K@0,1M$1G,0x10000#0x20000 memmap=4G crashkernel=256M\n",
               b"ramoops.mem-size=1M ramoops.ecc=1 \"quoted arg=x\" ramoops.mem_address\n"])
    for c in sorted(cl):
        add("cmdline", c)
    return s


def main():
    check = "--check" in sys.argv[1:]
    missing = 0
    for target, datas in sorted(seeds().items()):
        d = os.path.join(HERE, "corpus", target)
        os.makedirs(d, exist_ok=True)
        for data in datas:
            p = os.path.join(d, hashlib.sha1(data).hexdigest())
            if os.path.exists(p):
                continue
            if check:
                print(f"missing seed: {os.path.relpath(p, TOP)}")
                missing += 1
            else:
                with open(p, "wb") as f:
                    f.write(data)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
