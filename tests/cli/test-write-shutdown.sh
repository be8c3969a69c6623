#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl write --marker shutdown (pstorectl-marker.service's ExecStop): the marker of the
# shutdown systemd has queued, read from `systemctl list-jobs`; a stand-in systemctl
# first in PATH plays systemd.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/records-lib.sh"

root=$(sysroot_with "")
mkdir -p "$root/dev" "$T/bin"
ID=0b2d8d2c-5e1c-4f1a-9a52-6d3c1f0e7b21
mkdir -p "$root/proc/sys/kernel/random"
echo "$ID" >"$root/proc/sys/kernel/random/boot_id"
# fake_jobs TEXT [STATUS]: what the stand-in systemctl prints for list-jobs, its status.
fake_jobs() {
	printf '%s' "$1" >"$T/jobs"
	cat >"$T/bin/systemctl" <<SH
#!/bin/sh
echo "\$@" >"$T/systemctl-args"
cat "$T/jobs"
exit ${2:-0}
SH
	chmod +x "$T/bin/systemctl"
}
# shutdown_marker: runs write --marker shutdown with the stand-in; pmsg in $T/pmsg.
shutdown_marker() {
	: >"$T/pmsg"
	PATH="$T/bin:$PATH" run_pmsg_into "$root" "$T/pmsg" --sysroot "$root" write --marker shutdown
}

run write --help
expect_out "write --help names the shutdown event" 'shutdown'

if has_pmsg_pty; then
	for t in reboot poweroff halt kexec; do
		fake_jobs "$(printf '%s\n' \
			"  421 systemd-journald.service stop  running" \
			"  377 $t.target               start waiting" \
			"  380 shutdown.target         start waiting")"
		shutdown_marker
		expect_rc "$t.target queued" 0
		check "$t.target queued: the $t marker" grep -qE "^pstorectl: $t boot_id=$ID time=" "$T/pmsg"
		check "$t.target queued: one line" test "$(wc -l <"$T/pmsg")" -eq 1
	done
	check "systemctl is asked for its jobs" grep -q '^list-jobs ' "$T/systemctl-args"

	# A stop job of a shutdown target, or no job at all (the unit stopped by hand, a
	# package upgrade): nothing written, a note, success.
	fake_jobs "  12 reboot.target stop waiting
"
	shutdown_marker
	expect_rc "only a stop job" 0
	check "only a stop job: nothing written" test ! -s "$T/pmsg"
	expect_err "only a stop job: says why" 'no shutdown .* is queued in systemd: no marker written'
	fake_jobs ""
	shutdown_marker
	expect_rc "no jobs" 0
	check "no jobs: nothing written" test ! -s "$T/pmsg"

	# kexec wins over reboot (systemctl kexec queues kexec.target; reboot.target too would
	# be odd, but the kernel that comes next is the kexec'd one).
	fake_jobs "  1 reboot.target start waiting
  2 kexec.target start waiting
"
	shutdown_marker
	check "kexec and reboot queued: kexec" grep -q "^pstorectl: kexec " "$T/pmsg"

	# systemctl failing: an error, nothing written.
	fake_jobs "" 1
	shutdown_marker
	expect_rc "systemctl fails" 1
	expect_err "systemctl fails: said" '^pstorectl: write: systemctl list-jobs failed'
	check "systemctl fails: nothing written" test ! -s "$T/pmsg"
else
	ok "write --marker shutdown # SKIP no user and mount namespaces (unshare -rm)"
fi

# No systemctl at all: an error naming it.
mkdir -p "$T/empty"
: >"$root/dev/pmsg0"
PATH="$T/empty" "$PSTORECTL" --sysroot "$root" write --marker shutdown >"$T/out" 2>"$T/err"; rc=$?
expect_rc "no systemctl" 1
# (under valgrind, which runs posix_spawn's vfork as a plain fork, the failed exec comes
# back as the child's exit status 127: the same message)
expect_err "no systemctl: named" '^pstorectl: write: systemctl: No such file or directory'
check "no systemctl: nothing written" test ! -s "$root/dev/pmsg0"

echo "1..$_n"
