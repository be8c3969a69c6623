# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 2: minimal 6.1 kernel with console and pmsg frontends, ECC 16 (ramoops.ecc=1).
# `pstorectl write`, crash, reset; ls/cat/tail of the three record types; `clear --all
# --archive`; one more reset without a crash proves the records stay erased. Boot 1 fills
# the console ring until it wraps; `pstorectl decode` of the region saved at the panic gives
# the files of pstorefs, also with bytes flipped within and beyond the ECC's strength.
# shellcheck shell=bash

MARKER='pstorectl-e2e marker 7f3a: written by pstorectl write in boot 1'
stage=$SC_DIR/stage
guest_stage "$stage"
mkdir -p "$stage/boot"
cp "$MINIMAL_DIR/config" "$stage/boot/config-$(cat "$MINIMAL_DIR/kernelrelease")"
printf 'export MARKER=%q\n' "$MARKER" >>"$stage/e2e/env"
guest_script "$SC_DIR/boot.sh" <<'GUEST'
case $1 in
1)
	mount_pstore
	cap write pstorectl write "$MARKER"
	# more than the 16K console zone holds: the ring wraps (/init set the console
	# loglevel to 1, which would keep these lines from every console, pstore's too)
	dmesg -n 8
	i=0
	while [ $i -lt 400 ]; do
		echo "e2e console fill line $i: the ramoops console ring has to go round" >/dev/kmsg
		i=$((i + 1))
	done
	dmesg -n 1
	crash
	;;
2)
	mount_pstore
	(cd /sys/fs/pstore && sha256sum *) >/tmp/hashes
	put /tmp/hashes hashes
	put /sys/fs/pstore/pmsg-ramoops-0 raw/pmsg-ramoops-0
	putdir /sys/fs/pstore records
	cap ls pstorectl ls -J
	cap catpmsg pstorectl cat --strip-ecc pmsg
	cap tail pstorectl tail
	cap clear pstorectl clear --all --yes --archive /tmp/arch
	ls -A /sys/fs/pstore >/tmp/after-clear
	put /tmp/after-clear after-clear
	(cd /tmp/arch 2>/dev/null && find . -type f -exec sha256sum {} \;) >/tmp/arch-hashes
	put /tmp/arch-hashes arch-hashes
	;;
3)
	mount_pstore
	ls -A /sys/fs/pstore >/tmp/list
	put /tmp/list list
	putdir /sys/fs/pstore records
	;;
esac
GUEST
e2e_initramfs "$SC_DIR/initrd.gz" "$BUSYBOX_AMD64" "$SC_DIR/boot.sh" "$stage"

sc_start run x86_64 "$MINIMAL_DIR/bzImage" "$SC_DIR/initrd.gz" "$(fixed_cmdline 1 2)" -m 512M
sc_vm vm_boot 1
sc_vm vm_panic
sc_files 1
sc_vm vm_pmemsave "$FIXED_ADDR" "$FIXED_SIZE" "$SC_IMAGES/boot1-panic.bin"
sc_vm vm_reset
sc_vm vm_boot 2
sc_vm vm_done
sc_files 2
sc_vm vm_pmemsave "$FIXED_ADDR" "$FIXED_SIZE" "$SC_IMAGES/boot2-end.bin"
# A reset without a crash: panic=0 keeps nothing running that could write a dmesg record.
sc_vm vm_reset
sc_vm vm_boot 3
sc_vm vm_done
sc_files 3
sc_stop

F=$SC_DIR/run/boot1
check_cap write
F=$SC_DIR/run/boot2
sc_check "kernel: pmsg record ends with the ECC notice" \
	grep -q '^ECC: No errors detected$' <(tail -1 "$F/raw/pmsg-ramoops-0" 2>/dev/null)
check_cap ls && json_check ls '
all(any(r["type"] == t and r["ecc"] == "clean" for r in d["records"]) for t in ("dmesg", "console", "pmsg"))' \
	'ls -J shows dmesg, console and pmsg records with "ecc":"clean"'
if check_cap catpmsg; then
	got=$(head -c 100 "$F/catpmsg.out" | od -An -c | tr -s ' \n' ' ')
	sc_check "pstorectl cat --strip-ecc pmsg is the marker (got: $got)" \
		py 'import sys; d = open(sys.argv[1], "rb").read(); m = sys.argv[2].encode(); sys.exit(0 if d in (m, m + b"\n") else 1)' \
		"$F/catpmsg.out" "$MARKER"
fi
check_cap tail && sc_check "pstorectl tail shows the panic" grep -qE 'Kernel panic|sysrq' "$F/tail.out"
if check_cap clear; then
	sc_check "pstore is empty after clear --all (left: $(tr '\n' ' ' <"$F/after-clear"))" test ! -s "$F/after-clear"
	sc_check "the archive holds byte-exact copies of every record" py '
import os, sys
orig = dict(l.split()[::-1] for l in open(sys.argv[1]).read().splitlines())
arch = {}
for l in open(sys.argv[2]).read().splitlines():
    h, p = l.split(None, 1); arch.setdefault(os.path.basename(p), set()).add(h)
missing = [n for n, h in orig.items() if h not in arch.get(n, set())]
if missing or not orig: print("not archived (or changed):", missing, "archive:", sorted(arch)); sys.exit(1)
' "$F/hashes" "$F/arch-hashes"
fi
F=$SC_DIR/run/boot3
sc_check "boot 3 (reset, no crash): no dmesg or pmsg record is back ($(tr '\n' ' ' <"$F/list"))" \
	py 'import sys; l = open(sys.argv[1]).read().split(); sys.exit(1 if [n for n in l if n.startswith(("dmesg-", "pmsg-"))] else 0)' "$F/list"
sc_check "boot 3: no record still holds boot 1's panic" \
	bash -c '! grep -rlq "sysrq triggered crash" "$1"/records' _ "$F"

# pstorectl decode on the host: the region at the panic gives boot 2's files, the region at
# the end of boot 2 (after clear --all) boot 3's (none).
layout=(--record-size 0x4000 --console-size 0x4000 --pmsg-size 0x4000 --ecc 16 --kernel 6.1)
decode_check panic "$SC_IMAGES/boot1-panic.bin" "$SC_DIR/run/boot2/records" "${layout[@]}"
sc_check "decode: the console ring of boot 1 wrapped (ecc 16)" py '
import json, sys
z = [z for z in json.load(open(sys.argv[1]))["zones"] if z["type"] == "console"][0]
sys.exit(0 if z["wrapped"] and z["used"] == z["capacity"] else 1)' "$SC_DIR/decode-panic.json"
sc_check "decode: the dmesg record of boot 1 was compressed" py '
import json, sys
z = [z for z in json.load(open(sys.argv[1]))["zones"] if z["type"] == "dmesg"][0]
sys.exit(0 if z["compress"] == "deflate" else 1)' "$SC_DIR/decode-panic.json"
decode_ecc_check panic "$SC_IMAGES/boot1-panic.bin" "$SC_DIR/run/boot2/records" "${layout[@]}"
DECODE_EMPTY_OK=1 decode_check end "$SC_IMAGES/boot2-end.bin" "$SC_DIR/run/boot3/records" "${layout[@]}"
