#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl reason (and write --marker, and the status line): why the last boot ended,
# from records a real kernel made and from hand-made sysroots.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/records-lib.sh"

ID=0f3c1d2e-4b5a-4c6d-8e7f-90a1b2c3d4e5

run reason --help
expect_rc "reason --help" 0
expect_out "reason --help" '^Usage: pstorectl reason'

# ramoops_params ROOT MAX_REASON CONSOLE PMSG: the module's parameters and a kernel config
ramoops_params() {
	local root=$1 p=$1/sys/module/ramoops/parameters
	mkdir -p "$p" "$root/proc/sys/kernel/random" "$root/boot"
	echo "$2" >"$p/max_reason"
	echo 16384 >"$p/record_size"
	echo 16384 >"$p/console_size"
	echo 16384 >"$p/pmsg_size"
	echo 6.1.192 >"$root/proc/sys/kernel/osrelease"
	echo "$ID" >"$root/proc/sys/kernel/random/boot_id"
	{
		echo CONFIG_PSTORE=y
		[ "$3" = y ] && echo CONFIG_PSTORE_CONSOLE=y || echo '# CONFIG_PSTORE_CONSOLE is not set'
		[ "$4" = y ] && echo CONFIG_PSTORE_PMSG=y || echo '# CONFIG_PSTORE_PMSG is not set'
	} >"$root/boot/config-6.1.192"
	if [ "$4" = y ]; then mkdir -p "$root/dev"; : >"$root/dev/pmsg0"; fi
	return 0
}

if have_captured minimal-ecc16; then
	root=$(sysroot_with "$(captured minimal-ecc16)")
	ramoops_params "$root" 2 y y
	run --sysroot "$root" reason
	expect_rc "minimal kernel panic" 0
	expect_out "panic,sysrq, certain (the console confirms it)" '^Reason: +panic,sysrq \(certain\)$'
	expect_out "evidence: the header" '^Evidence: +dmesg-ramoops-0: Panic#1 Part1$'
	expect_out "points to info" '^Details: +pstorectl info dmesg-ramoops-0$'
	run --sysroot "$root" reason -J
	expect_json "-J: the issue's schema" '.reason == "panic,sysrq" and .class == "panic" and .detail == "sysrq" and .confidence == "certain" and (.evidence | any(.source == "dmesg-ramoops-0" and .says == "Panic#1 Part1")) and (.can_tell | index("power-loss")) and (.cannot_tell == ["watchdog"]) and (.hint | test("watchdog"))'
	run --sysroot "$root" status
	expect_out "status has the reason line" '^Reason: +panic,sysrq \(certain\)$'
	run --sysroot "$root" status -J
	expect_json "status -J has the reason" '.reason == "panic,sysrq" and .confidence == "certain"'
fi
if have_captured debian61-ecc0; then
	root=$(sysroot_with "$(captured debian61-ecc0)")
	ramoops_params "$root" 2 n n
	run --sysroot "$root" reason -J
	expect_json "Debian panic: likely (nothing dates the dump)" '.reason == "panic,sysrq" and .confidence == "likely" and .boot_id == null'
	expect_json "Debian: cannot tell a reboot, a reset or a power loss" '(.cannot_tell | index("reboot")) and (.cannot_tell | index("reset")) and (.cannot_tell | index("power-loss")) and .can_tell == ["panic","oops"]'
	expect_json "Debian: the hint says what would tell" '(.hint | test("ramoops.max_reason=4")) and (.hint | test("CONFIG_PSTORE_PMSG"))'
fi
if have_captured minimal-shutdown; then
	root=$(sysroot_with "$(captured minimal-shutdown)")
	ramoops_params "$root" 4 y y
	run --sysroot "$root" reason -J
	expect_json "max_reason=4 reboot -f: reboot, certain" '.reason == "reboot" and .confidence == "certain" and (.evidence | any(.says == "reboot: Restarting system"))'
fi

# Nothing survived: the minimal kernel's set-up says power-loss, Debian's cannot tell.
root=$(sysroot_with "")
ramoops_params "$root" 2 y y
run --sysroot "$root" reason -J
expect_json "nothing survived (console + pmsg): power-loss" '.reason == "power-loss" and .confidence == "likely"'
root=$(sysroot_with "")
ramoops_params "$root" 2 n n
run --sysroot "$root" reason
expect_rc "Debian, no record" 0
expect_out "unknown" '^Reason: +unknown \(guess\)$'
expect_out "cannot tell" '^Cannot tell: watchdog, reboot, poweroff, halt, kexec, reset, power-loss$'
expect_out "the hint" '^Hint: +ramoops.max_reason=4'
expect_out "the CLI names its marker option" 'pstorectl write --marker EVENT'

# Markers: written by write --marker, read back by reason at the "next boot".
root=$(sysroot_with "")
ramoops_params "$root" 2 n y
echo "1234.56 100.00" >"$root/proc/uptime"
# pmsg is a character device (write refuses anything else): a pty stands in for it.
if has_pmsg_pty; then
: >"$T/markers"
run_pmsg_into "$root" "$T/markers" --sysroot "$root" write --marker boot
expect_rc "write --marker boot" 0
check "the boot marker line" grep -qE "^pstorectl: boot boot_id=$ID time=[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z uptime=1234\.56$" "$T/markers"
run_pmsg_into "$root" "$T/markers" --sysroot "$root" write --marker reboot
expect_rc "write --marker reboot" 0
check "two markers, one line each" test "$(wc -l <"$T/markers")" -eq 2
cp "$T/markers" "$root/sys/fs/pstore/pmsg-ramoops-0"
run --sysroot "$root" reason -J
expect_json "reboot marker: reboot, certain, with the boot id" ".reason == \"reboot\" and .confidence == \"certain\" and .boot_id == \"$ID\""
run --sysroot "$root" reason
expect_out "journalctl hint" "^Boot: +$ID \(journalctl -b $ID\)$"
head -1 "$root/sys/fs/pstore/pmsg-ramoops-0" >"$T/boot-only"
cp "$T/boot-only" "$root/sys/fs/pstore/pmsg-ramoops-0"
run --sysroot "$root" reason -J
expect_json "a boot marker alone: reset" '.reason == "reset" and (.evidence | any(.says | test("boot marker at")))'
run --sysroot "$root" write --marker suspend
expect_rc "write --marker with an unknown event" 2
expect_err "names the events" "unknown event 'suspend' \(boot, reboot, poweroff, halt, kexec, shutdown\)"
run --sysroot "$root" write --marker boot "a message"
expect_rc "write --marker with a message" 2
printf 'not-a-uuid\n' >"$root/proc/sys/kernel/random/boot_id"
: >"$T/markers"
run_pmsg_into "$root" "$T/markers" --sysroot "$root" write --marker boot
expect_rc "a boot_id that is not a UUID" 1
expect_err "the file is named" "/proc/sys/kernel/random/boot_id: not a boot id"
check "nothing was written" test ! -s "$T/markers"
else
	skip "markers through write --marker" "no user and mount namespaces (unshare -rm) to bind a pty on pmsg0"
fi

# A hardware watchdog reset.
root=$(sysroot_with "")
ramoops_params "$root" 2 y y
mkdir -p "$root/sys/class/watchdog/watchdog0"
echo 32 >"$root/sys/class/watchdog/watchdog0/bootstatus"
printf 'i6300ESB timer\033[2J\n' >"$root/sys/class/watchdog/watchdog0/identity"
printf '[    9.0] hung\n' >"$root/sys/fs/pstore/console-ramoops-0"
run --sysroot "$root" reason -J
expect_json "watchdog" '.reason == "watchdog" and .confidence == "certain" and (.evidence | any(.source == "watchdog0" and (.says | test("0x20.*i6300ESB timer"))))'
check "no escape character from the identity file" bash -c '! grep -q $'"'"'\033'"'"' "$1"' _ "$T/out"

# Two console records, the second does not inflate (fuzz-sysroot: reason crashed).
root=$(sysroot_with "")
ramoops_params "$root" 2 y n
printf '[    1.0] Run /init as init process\n' >"$root/sys/fs/pstore/console-ramoops-0"
printf 'not zlib at all' >"$root/sys/fs/pstore/console-ramoops-1.enc.z"
run --sysroot "$root" reason -J
expect_rc "a console record that does not inflate" 0
expect_json "the first console record is the evidence" '.reason == "reset" and (.evidence | any(.source == "console-ramoops-0" and (.says | test("Run /init"))))'

# Without a pstore mount the answer still comes (a watchdog may tell), with a warning.
root=$(sysroot_with "")
printf '1 1 0:2 / / rw - rootfs rootfs rw\n' >"$root/proc/self/mountinfo"
run --sysroot "$root" reason
expect_rc "not mounted" 0
expect_err "not mounted: a warning" '^pstorectl: reason: warning: .*not mounted'
run reason --dir "$T/nonexistent"
expect_rc "missing --dir" 1
run reason bogus
expect_rc "an argument" 2
# pstore emptied at start-up by the archive unit: plain `reason` reads the boot archived at
# this boot (its directory is newer than /proc/stat's btime); an older one does not count
R=$T/thisboot
mkdir -p "$R/root/proc/self" "$R/root/sys/fs/pstore" "$R/src"
printf '36 25 0:32 / /sys/fs/pstore rw - pstore pstore rw\n' >"$R/root/proc/self/mountinfo"
printf 'pstorectl: reboot boot_id=0f6d9c3c-5d2b-4b0e-9d1e-6d2f0b1c2a3e time=2026-12-01T11:00:00Z\n' \
	>"$R/src/pmsg-ramoops-0"
"$PSTORECTL" archive --dir "$R/src" --to "$R/arch" --no-journal >/dev/null
printf 'cpu 1 2 3\nbtime %s\n' $(( $(date +%s) - 100 )) >"$R/root/proc/stat"
run --sysroot "$R/root" reason -J --archive "$R/arch"
expect_rc "pstore empty, the last boot archived at this boot" 0
expect_json "...reason reads it from the archive" '.reason == "reboot"'
expect_err "...and says so" 'pstore is empty: reading the records archived at this boot'
mkdir -p "$R/root/etc"
printf 'archive-dir = %s\n' "$R/arch" >"$R/root/etc/pstorectl.conf"
run --sysroot "$R/root" status -J
expect_json "...status' reason line says the same (archive-dir of pstorectl.conf)" '.reason == "reboot"'
run --sysroot "$R/root" reason -J
expect_json "...and reason without --archive" '.reason == "reboot"'
printf 'cpu 1 2 3\nbtime %s\n' $(( $(date +%s) + 100 )) >"$R/root/proc/stat"
run --sysroot "$R/root" reason -J --archive "$R/arch"
expect_json "an archive older than this boot is not the last boot's" '.reason != "reboot"'

echo "1..$_n"
