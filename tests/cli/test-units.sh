#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The systemd units in systemd/: `systemd-analyze verify` finds nothing to say about them
# (with @BINDIR@ the build tree, so that the program they run exists), and they keep the
# settings the archive and the markers depend on. Skipped without systemd-analyze.
. "$(dirname "$0")/lib.sh"

units="pstorectl-archive.service pstorectl-marker.service"
bindir=$(cd "$(dirname "$PSTORECTL")" && pwd)
mkdir -p "$T/units"
for u in $units; do
	sed "s|@BINDIR@|$bindir|g" "$TOP/systemd/$u.in" >"$T/units/$u"
done
check "the units name @BINDIR@/pstorectl" bash -c 'for u in $2; do grep -q "^Exec.*=@BINDIR@/pstorectl " "$1/$u.in" || exit 1; done' \
	_ "$TOP/systemd" "$units"

if ! command -v systemd-analyze >/dev/null; then
	ok "systemd-analyze verify # SKIP no systemd-analyze"
else
	# --man=no: the Documentation= pages are not installed here. verify checks the
	# ExecStart= programs exist and every unit named in dependencies is known: the
	# host's own unit files (modprobe@.service, systemd-pstore.service) serve.
	for u in $units; do
		(cd "$T/units" && SYSTEMD_LOG_COLOR=0 systemd-analyze verify --man=no "./$u") \
			>"$T/out" 2>"$T/err"; rc=$?
		expect_rc "systemd-analyze verify $u" 0
		check "systemd-analyze verify $u says nothing" test ! -s "$T/err"
	done
	# verify can fail: a program that is not there is an error.
	sed 's|^ExecStart=.*|ExecStart=/nonexistent/pstorectl archive|' "$T/units/pstorectl-archive.service" \
		>"$T/units/broken.service"
	(cd "$T/units" && systemd-analyze verify --man=no ./broken.service) >"$T/out" 2>"$T/err"; rc=$?
	check "systemd-analyze verify catches a missing program (rc=$rc)" test "$rc" -ne 0
fi

a=$T/units/pstorectl-archive.service m=$T/units/pstorectl-marker.service
check "archive: before systemd-pstore.service" grep -qE '^Before=.*systemd-pstore\.service' "$a"
check "archive: after the ramoops module" grep -qE '^After=.*modprobe@ramoops\.service' "$a"
check "archive: pulls the ramoops module" grep -qE '^Wants=.*modprobe@ramoops\.service' "$a"
check "archive: after /sys/fs/pstore is mounted" grep -qE '^After=.*sys-fs-pstore\.mount' "$a"
check "archive: only when pstore holds records" grep -qx 'ConditionDirectoryNotEmpty=/sys/fs/pstore' "$a"
check "archive: oneshot" grep -qx 'Type=oneshot' "$a"
check "archive: runs pstorectl archive" grep -qx "ExecStart=$bindir/pstorectl archive" "$a"
check "archive: the archive is writable" grep -qx 'StateDirectory=pstore' "$a"
check "archive: pstore is writable (records are erased)" grep -qx 'ReadWritePaths=/sys/fs/pstore' "$a"
for s in ProtectSystem=strict ProtectHome=yes PrivateNetwork=yes NoNewPrivileges=yes \
	PrivateTmp=yes RestrictAddressFamilies=AF_UNIX; do
	check "archive: $s" grep -qx "$s" "$a"
done
check "marker: boot marker at start" grep -qx "ExecStart=$bindir/pstorectl write --marker boot" "$m"
check "marker: shutdown marker at stop" grep -qx "ExecStop=$bindir/pstorectl write --marker shutdown" "$m"
check "marker: stays active until shutdown" grep -qx 'RemainAfterExit=yes' "$m"
check "marker: only with /dev/pmsg0" grep -qx 'ConditionPathExists=/dev/pmsg0' "$m"
check "both: enabled into sysinit.target" bash -c 'grep -qx "WantedBy=sysinit.target" "$1" && grep -qx "WantedBy=sysinit.target" "$2"' _ "$a" "$m"

echo "1..$_n"
