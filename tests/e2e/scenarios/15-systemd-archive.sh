# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 15: issue 15's units on a real systemd boot. Debian 12 (mmdebstrap, cached) with
# this tree's `make install` on a virtio disk, the minimal systemd kernel (pmsg), ramoops on
# the command line. One QEMU process, four boots (RAM survives the resets):
#   1 fresh             the marker unit wrote the boot marker; sysrq-c
#   2 after the crash   pstorectl-archive.service made one boot directory (dmesg.txt,
#                       reason.json panic,sysrq, named by boot 1's id), pstore is empty,
#                       systemd-pstore found nothing (its condition failed, its directory is
#                       empty), the journal entry has its PSTORE_* fields; the entry goes
#                       from systemd-journal-upload to systemd-journal-remote on 127.0.0.1;
#                       systemctl reboot (the marker unit's ExecStop writes "reboot")
#   3 after the reboot  reason says reboot (the shutdown marker); sysrq-c again
#   4 after crash 2     three boot directories (crash, reboot, crash), `boots` lists them
#                       oldest first with boot 1-3's ids, the first directory is intact
# shellcheck shell=bash

[[ -n ${MINIMAL_SYSTEMD_DIR:-} && -f $MINIMAL_SYSTEMD_DIR/bzImage ]] ||
	sc_fail "no minimal systemd kernel (tests/e2e/fetch.sh systemd)"
[[ -n ${ROOTFS_DIR:-} && -f $ROOTFS_DIR/root.tar ]] ||
	sc_fail "no Debian root file system: mmdebstrap is not installed (make deps), see $E2E_CACHE/fetched.env"

# systemd boots under TCG take tens of seconds each; four of them in one QEMU process.
# shellcheck disable=SC2034  # read by lib.sh (vm_boot, vm_start)
E2E_BOOT_TIMEOUT=${E2E_SYSTEMD_BOOT_TIMEOUT:-240}
# shellcheck disable=SC2034
E2E_QEMU_TIMEOUT=${E2E_SYSTEMD_QEMU_TIMEOUT:-900}

# The MESSAGE_ID the archive logs with, from the public header (the guest filters on the
# PSTORE_ fields, so an entry with another id is still found and reported).
MSGID=$(sed -n 's/^#define PSTORE_ARCHIVE_MESSAGE_ID "\([0-9a-f]\{32\}\)".*/\1/p' "$E2E_REPO/lib/libpstore.h")
[[ -n $MSGID ]] || sc_note "no PSTORE_ARCHIVE_MESSAGE_ID in lib/libpstore.h: any 128-bit MESSAGE_ID passes"

# The fleet path of the README: systemd-journal-remote over plain HTTP on the loopback,
# socket-activated, and systemd-journal-upload pointed at it.
extra=$SC_DIR/extra
mkdir -p "$extra/etc/systemd/journal-upload.conf.d" \
	"$extra/etc/systemd/system/systemd-journal-remote.socket.d" \
	"$extra/etc/systemd/system/systemd-journal-remote.service.d"
printf '[Upload]\nURL=http://127.0.0.1:19532\n' >"$extra/etc/systemd/journal-upload.conf.d/e2e.conf"
printf '[Socket]\nListenStream=\nListenStream=127.0.0.1:19532\n' \
	>"$extra/etc/systemd/system/systemd-journal-remote.socket.d/e2e.conf"
printf '[Service]\nExecStart=\nExecStart=/lib/systemd/systemd-journal-remote --listen-http=-3 --output=/var/log/journal/remote/\n' \
	>"$extra/etc/systemd/system/systemd-journal-remote.service.d/e2e.conf"

guest_script "$SC_DIR/boot.sh" <<'GUEST'
units() {
	cap units-$1 systemctl show -p Id -p ActiveState -p Result -p ConditionResult \
		-p ExecMainStartTimestampMonotonic -p ExecMainExitTimestampMonotonic \
		pstorectl-archive.service pstorectl-marker.service systemd-pstore.service
	cap analyze-$1 sh -c 'systemd-analyze; systemd-analyze blame | head -12'
}
# the archive: every file with its sha256, every boot directory's reason.json
archive() {
	( cd /var/lib/pstore 2>/dev/null && find . -path './.*' -prune -o -type f -print | sort | xargs -r sha256sum ) >/tmp/arch
	put /tmp/arch archive-hashes
	for d in /var/lib/pstore/*/; do
		[ -f "$d/reason.json" ] && put "$d/reason.json" "arch/$(basename "$d").reason.json"
	done
}
journal_entries() { # NAME JOURNALCTL-ARGS...: the JSON entries with a PSTORE_REASON field
	_n=$1
	shift
	journalctl -o json "$@" 2>/tmp/$_n.err | grep '"PSTORE_REASON"' >/tmp/$_n
	put /tmp/$_n $_n
}
put /run/e2e-system-state system-state
cap failed sh -c 'systemctl --failed --no-legend --plain; journalctl -b -u systemd-sysctl.service --no-pager | tail -5'
cap bootid cat /proc/sys/kernel/random/boot_id
case $1 in
1)
	units 1
	cap pstore-ls ls -A /sys/fs/pstore
	crash
	;;
2)
	units 2
	cap pstore-left ls -A /sys/fs/pstore
	cap systemd-pstore sh -c 'ls -A /var/lib/systemd/pstore 2>/dev/null; true'
	archive
	journal_entries journal -b
	cap boots pstorectl boots -J
	# 4: journal-upload -> journal-remote on 127.0.0.1
	mark UPLOAD
	cap remote-start systemctl start systemd-journal-remote.socket systemd-journal-upload.service
	i=0
	while [ $i -lt 120 ]; do
		journalctl -D /var/log/journal/remote -o json 2>/dev/null | grep '"PSTORE_REASON"' >/tmp/remote
		[ -s /tmp/remote ] && break
		sleep 0.5
		i=$((i + 1))
	done
	put /tmp/remote remote
	cap remote-units systemctl show -p Id -p ActiveState -p Result \
		systemd-journal-remote.service systemd-journal-upload.service
	cap remote-files ls -lR /var/log/journal/remote
	mark REBOOTING
	systemctl reboot
	;;
3)
	units 3
	cap reason pstorectl reason -J
	cap reason-boot0 pstorectl reason -J --boot 0
	archive
	crash
	;;
4)
	units 4
	archive
	cap boots pstorectl boots -J
	cap boots-text pstorectl boots
	journal_entries journal -b
	;;
esac
GUEST

sc_vm e2e_rootfs_image "$SC_DIR/root.img" "$ROOTFS_DIR" "$SC_DIR/boot.sh" "$extra"
sc_note "root image built from $ROOTFS_DIR ($(du -h --apparent-size "$ROOTFS_DIR/root.tar" | cut -f1) tarball)"
e2e_empty_initrd "$SC_DIR/initrd.gz"

# cache=unsafe: the guest's flushes stop at QEMU (the host need not sync a scratch image);
# what the guest fsync()ed is on the virtual disk all the same, and only the guest crashes.
sc_start run x86_64 "$MINIMAL_SYSTEMD_DIR/bzImage" "$SC_DIR/initrd.gz" \
	"$(fixed_cmdline 0 2) root=/dev/vda rw rootwait rootfstype=ext4 quiet systemd.show_status=0" \
	-m 1024M -drive "file=$SC_DIR/root.img,format=raw,if=virtio,cache=unsafe"
sc_vm vm_boot 1
sc_vm vm_panic
sc_files 1
sc_vm vm_reset
sc_vm vm_boot 2
sc_vm vm_wait '^E2E:UPLOAD$' 120
vm_note upload
sc_vm vm_wait '^E2E:REBOOTING$' 120
vm_note "systemctl reboot"
sc_files 2
sc_vm vm_wait 'reboot: Restarting system' 120
vm_note restart
sc_vm vm_boot 3
sc_vm vm_panic
sc_files 3
sc_vm vm_reset
sc_vm vm_boot 4
sc_vm vm_done
sc_files 4
sc_stop

# unit_prop FILE UNIT PROP: a property in `systemctl show` output (one paragraph per unit,
# its properties in systemd's order, Id= among them)
unit_prop() {
	awk -v RS= -v u="$2" -v p="$3" '{
		n = split($0, l, "\n"); id = ""; v = ""
		for (i = 1; i <= n; i++) {
			if (l[i] == "Id=" u) id = u
			if (index(l[i], p "=") == 1) v = substr(l[i], length(p) + 2)
		}
		if (id != "") print v
	}' "$1"
}
bootid() { tr -d '\n-' <"$SC_DIR/run/boot$1/bootid.out"; }
# archive_dirs BOOT: the boot directories in the archive-hashes of that boot, one a line
archive_dirs() { awk '{sub(/^\.\//, "", $2); sub(/\/.*/, "", $2); print $2}' "$SC_DIR/run/boot$1/archive-hashes" | sort -u; }

for b in 1 2 3 4; do
	F=$SC_DIR/run/boot$b
	[[ -s $F/failed.out ]] && sc_note "boot $b: failed units: $(tr '\n' ' ' <"$F/failed.out")"
	sc_note "boot $b: system $(cat "$F/system-state" 2>/dev/null)"
done

for b in 1 2 3 4; do
	F=$SC_DIR/run/boot$b
	[[ -s $F/analyze-$b.out ]] && sc_note "boot $b: $(head -1 "$F/analyze-$b.out"); slowest: $(sed -n '2,6p' "$F/analyze-$b.out" | tr -s ' \n' ' ')"
done

F=$SC_DIR/run/boot1
sc_check "boot 1: pstorectl-marker.service is active ($(unit_prop "$F/units-1.out" pstorectl-marker.service ActiveState))" \
	test "$(unit_prop "$F/units-1.out" pstorectl-marker.service ActiveState)" = active

# 1. the crash, archived at the next boot
F=$SC_DIR/run/boot2
u=$F/units-2.out
sc_check "boot 2: pstorectl-archive.service ran and succeeded ($(unit_prop "$u" pstorectl-archive.service ActiveState)/$(unit_prop "$u" pstorectl-archive.service Result))" \
	test "$(unit_prop "$u" pstorectl-archive.service ActiveState)/$(unit_prop "$u" pstorectl-archive.service Result)" = active/success
sc_check "boot 2: systemd-pstore.service found pstore empty (ConditionResult=$(unit_prop "$u" systemd-pstore.service ConditionResult))" \
	test "$(unit_prop "$u" systemd-pstore.service ConditionResult)" = no
dirs2=$(archive_dirs 2)
sc_check "boot 2: the archive holds one boot directory (${dirs2//$'\n'/ })" test "$(wc -w <<<"$dirs2")" = 1
d1=$(head -1 <<<"$dirs2")
sc_check "boot 2: the boot directory is named by boot 1's id ($d1, boot 1: $(bootid 1))" \
	bash -c '[[ ${1//-/} == *_"$2" ]]' _ "$d1" "$(bootid 1)"
sc_check "boot 2: the boot directory has dmesg.txt" grep -q " \./$d1/dmesg.txt\$" "$F/archive-hashes"
sc_check "boot 2: reason.json says panic,sysrq" \
	py 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["reason"] != "panic,sysrq")' "$F/arch/$d1.reason.json"
check_cap pstore-left && sc_check "boot 2: /sys/fs/pstore is empty (left: $(tr '\n' ' ' <"$F/pstore-left.out"))" test ! -s "$F/pstore-left.out"
sc_check "boot 2: systemd-pstore archived nothing (/var/lib/systemd/pstore: $(tr '\n' ' ' <"$F/systemd-pstore.out"))" \
	test ! -s "$F/systemd-pstore.out"
# journal_check FILE WHAT BOOTID DIR: one entry, with the fields of the archived boot
journal_check() {
	local why
	why=$(py '
import json, sys
f, bootid, d, msgid = sys.argv[1:5]
es = [json.loads(l) for l in open(f) if l.strip()]
if len(es) != 1: print("%d entries with PSTORE_REASON, want 1" % len(es)); sys.exit(1)
e = es[0]
bad = []
if not e.get("MESSAGE"): bad.append("no MESSAGE")
if msgid and e.get("MESSAGE_ID") != msgid: bad.append("MESSAGE_ID %r, want %r" % (e.get("MESSAGE_ID"), msgid))
if not msgid and len(e.get("MESSAGE_ID") or "") != 32: bad.append("MESSAGE_ID %r" % e.get("MESSAGE_ID"))
if e.get("PSTORE_REASON") != "panic,sysrq": bad.append("PSTORE_REASON %r" % e.get("PSTORE_REASON"))
if (e.get("PSTORE_BOOT_ID") or "").replace("-", "") != bootid: bad.append("PSTORE_BOOT_ID %r, want %s" % (e.get("PSTORE_BOOT_ID"), bootid))
if e.get("PSTORE_ARCHIVE") != "/var/lib/pstore/" + d: bad.append("PSTORE_ARCHIVE %r" % e.get("PSTORE_ARCHIVE"))
if not e.get("PSTORE_RECORDS"): bad.append("no PSTORE_RECORDS")
if "sysrq" not in (e.get("PSTORE_PANIC") or "").lower(): bad.append("PSTORE_PANIC %r" % e.get("PSTORE_PANIC"))
if bad: print("; ".join(bad)); sys.exit(1)
' "$1" "$3" "$4" "$MSGID" 2>&1) && why=
	sc_check "$2${why:+: $why}" test -z "$why"
}
journal_check "$F/journal" "boot 2: the journal has the archive's entry with its PSTORE_* fields" "$(bootid 1)" "$d1"
# 4. through systemd-journal-upload to systemd-journal-remote
journal_check "$F/remote" "boot 2: the entry reached systemd-journal-remote on 127.0.0.1 with its PSTORE_* fields" "$(bootid 1)" "$d1"

# The boot marker must come after the archive erased the records: ramoops' erase of the pmsg
# record zaps the live pmsg zone too, with the marker this boot wrote in it.
u=$SC_DIR/run/boot3/units-3.out
sc_check "boot 3: pstorectl-marker.service wrote the boot marker after pstorectl-archive.service erased pstore (archive exited at $(unit_prop "$u" pstorectl-archive.service ExecMainExitTimestampMonotonic) us, marker started at $(unit_prop "$u" pstorectl-marker.service ExecMainStartTimestampMonotonic) us)" \
	test "$(unit_prop "$u" pstorectl-marker.service ExecMainStartTimestampMonotonic)" -gt "$(unit_prop "$u" pstorectl-archive.service ExecMainExitTimestampMonotonic)"

# 2. systemctl reboot: the marker unit's shutdown marker
F=$SC_DIR/run/boot3
check_cap reason && json_check reason 'd["reason"] == "reboot"' \
	"boot 3 (after systemctl reboot): pstorectl reason -J says reboot"
check_cap reason-boot0 && json_check reason-boot0 'd["reason"] == "reboot" and d["boot_id"].replace("-", "") == "'"$(bootid 2)"'"' \
	"boot 3: pstorectl reason --boot 0 (the archived reboot) says reboot, with boot 2's id"

# 3. the second crash: every boot kept, the first one intact
F=$SC_DIR/run/boot4
dirs4=$(archive_dirs 4)
sc_check "boot 4: the archive holds three boot directories: crash, reboot, crash (${dirs4//$'\n'/ })" \
	test "$(wc -w <<<"$dirs4")" = 3
reasons=$(for d in $dirs4; do py 'import json, sys; print(json.load(open(sys.argv[1]))["reason"])' "$F/arch/$d.reason.json" 2>&1; done | tr '\n' ' ')
sc_check "boot 4: their reason.json: panic,sysrq reboot panic,sysrq (have: $reasons)" test "$reasons" = "panic,sysrq reboot panic,sysrq "
sc_check "boot 4: the first boot directory is intact (its files and their sha256 as at boot 2)" \
	cmp -s <(grep " \./$d1/" "$SC_DIR/run/boot2/archive-hashes") <(grep " \./$d1/" "$F/archive-hashes")
check_cap boots && json_check boots \
	'[b["reason"] for b in d["boots"]] == ["panic,sysrq", "reboot", "panic,sysrq"] and [(b["boot_id"] or "").replace("-", "") for b in d["boots"]] == ["'"$(bootid 1)"'", "'"$(bootid 2)"'", "'"$(bootid 3)"'"]' \
	"boot 4: pstorectl boots -J lists the three boots oldest first with boot 1-3's ids"
sc_check "boot 4: the second crash's boot directory is named by boot 3's id ($(tail -1 <<<"$dirs4"), boot 3: $(bootid 3))" \
	bash -c '[[ ${1//-/} == *_"$2" ]]' _ "$(tail -1 <<<"$dirs4")" "$(bootid 3)"
journal_check "$F/journal" "boot 4: the journal has the second crash's entry" "$(bootid 3)" "$(tail -1 <<<"$dirs4")"
