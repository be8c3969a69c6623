# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 4: `pstorectl load` inserts the Debian ramoops module through libkmod with the
# given parameters (memmap= reserved on the command line, no ramoops.*), `--dry-run` only
# prints the modprobe command, and `check` sees the module; on the minimal kernel `check`
# reports ramoops as built in.
# shellcheck shell=bash

load_args=(--mem-address 0x10000000 --mem-size 0x100000 --record-size 0x4000
	--console-size 0 --pmsg-size 0 --ftrace-size 0)
stage=$SC_DIR/stage
guest_stage "$stage"
e2e_add_modules "$stage" "$K61_AMD64_ROOT" "$K61_AMD64_KVER" ramoops
mkdir -p "$stage/boot"
cp "$K61_AMD64_ROOT/boot/config-$K61_AMD64_KVER" "$stage/boot/"
cp "$MINIMAL_DIR/config" "$stage/boot/config-$(cat "$MINIMAL_DIR/kernelrelease")"
printf 'export LOAD_ARGS=%q\n' "${load_args[*]}" >>"$stage/e2e/env"
guest_script "$SC_DIR/boot.sh" <<'GUEST'
case $1 in
1)
	cap dry pstorectl load --dry-run $LOAD_ARGS
	cat /proc/modules >/tmp/m
	put /tmp/m modules-after-dry-run
	cap load pstorectl load $LOAD_ARGS
	cat /proc/modules >/tmp/m
	put /tmp/m modules-after-load
	for p in /sys/module/ramoops/parameters/*; do put $p params/${p##*/}; done
	dmesg | grep -E 'ramoops|pstore' >/tmp/dm
	put /tmp/dm dmesg
	cap check pstorectl check --json
	;;
2)
	cap check pstorectl check --json
	;;
esac
GUEST
e2e_initramfs "$SC_DIR/initrd.gz" "$BUSYBOX_AMD64" "$SC_DIR/boot.sh" "$stage"

sc_start debian x86_64 "$K61_AMD64_ROOT/boot/vmlinuz-$K61_AMD64_KVER" "$SC_DIR/initrd.gz" \
	"$X86_BASE_CMDLINE memmap=1M\$0x10000000" -m 512M
sc_vm vm_boot 1
sc_vm vm_done
sc_files 1
sc_stop
# Boot number 2 tells the same image to only run check, on the minimal kernel.
sc_start minimal x86_64 "$MINIMAL_DIR/bzImage" "$SC_DIR/initrd.gz" "$(fixed_cmdline 0 2)" -m 512M
sc_vm vm_boot 2
sc_vm vm_done
sc_files 2
sc_stop

F=$SC_DIR/debian/boot1
if check_cap dry; then
	sc_check "load --dry-run prints a modprobe ramoops command with mem_address (got: $(head -c 200 "$F/dry.out"))" \
		grep -qE 'modprobe.*ramoops.*mem_address=(0x10000000|268435456)' "$F/dry.out"
fi
sc_check "load --dry-run loaded nothing" bash -c '! grep -q "^ramoops " "$1"' _ "$F/modules-after-dry-run"
check_cap load
sc_check "ramoops is in /proc/modules after load" grep -q '^ramoops ' "$F/modules-after-load"
for kv in mem_address=268435456 mem_size=1048576 record_size=16384 console_size=0 pmsg_size=0 ftrace_size=0; do
	sc_check "/sys/module/ramoops/parameters/${kv%=*} is ${kv#*=} (got $(cat "$F/params/${kv%=*}" 2>/dev/null))" \
		test "$(cat "$F/params/${kv%=*}" 2>/dev/null)" == "${kv#*=}"
done
sc_check "dmesg says 'ramoops: using 0x100000@0x10000000'" grep -q 'ramoops: using 0x100000@0x10000000' "$F/dmesg"
if check_cap check; then
	json_check check 'any(c["section"] == "module" and c["status"] == "ok" and "loaded" in (c.get("value") or "").lower() and "not" not in (c.get("value") or "").lower() for c in d["checks"])' \
		'check --json: a module check says loaded, status ok'
	json_check check 'not [c for c in d["checks"] if c["section"] == "module" and c["status"] == "fail"]' \
		'check --json: no module check fails'
	json_check check '[c for c in d["checks"] if "param" in (c["id"] + " " + (c.get("value") or "")).lower()] and all(c["status"] == "ok" for c in d["checks"] if "param" in (c["id"] + " " + (c.get("value") or "")).lower())' \
		'check --json: the parameter checks exist and are ok'
fi
F=$SC_DIR/minimal/boot2
check_cap check && json_check check 'any(c["section"] == "module" and c["status"] == "ok" and ("built-in" in ((c.get("value") or "") + " " + (c.get("detail") or "")).lower() or "builtin" in ((c.get("value") or "") + (c.get("detail") or "")).lower()) for c in d["checks"])' \
	'check --json on the minimal kernel: a module check says built-in, status ok'
