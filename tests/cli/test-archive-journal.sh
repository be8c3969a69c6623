#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl archive logs each archived boot to the journal once (sd_journal_sendv from the
# dlopen()ed libsystemd): a stand-in journald (journal-sink.py) listens on
# /run/systemd/journal/socket in a private mount namespace (unshare -rm, a tmpfs on /run),
# so the real send path is tested with nothing changed outside.
. "$(dirname "$0")/lib.sh"

MSGID=5c0796d40dd34a56aba0a5ab1fb5c76c
ID=2f3c6a0e-8b1d-4c7e-9f20-5a6b7c8d9e01
# mkcrash DIR: a ramoops panic with the boot marker of boot $ID in pmsg
mkcrash() {
	mkdir -p "$1"
	printf 'Panic#1 Part1\n<6>[    1.000000] hello\n<0>[    2.000000] Kernel panic - not syncing: sysrq triggered crash\n' \
		>"$1/dmesg-ramoops-0"
	printf 'pstorectl: boot boot_id=%s time=2026-09-01T10:00:00Z uptime=3.00\n' "$ID" \
		>"$1/pmsg-ramoops-0"
	touch -d "@1790000000" "$1/dmesg-ramoops-0" "$1/pmsg-ramoops-0"
}

run archive --help
expect_out "archive --help names --no-journal" '--no-journal'
expect_out "archive --help names the MESSAGE_ID" "MESSAGE_ID=$MSGID"

# A system without a journal (this one, in CI, a container): archived all the same, and
# with -v it says nothing was logged.
if [ ! -S /run/systemd/journal/socket ]; then
	mkcrash "$T/p0"
	run -v archive --dir "$T/p0" --to "$T/a0"
	expect_rc "no journal: archive succeeds" 0
	expect_err "no journal: -v says nothing was logged" '^pstorectl: archive: not logged: no systemd journal here$'
	check "no journal: the boot is archived" test -f "$(cat "$T/out")/dmesg.txt"
else
	ok "archive without a journal # SKIP this system has a journal"
fi

# journal_run OUT ARGS...: pstorectl ARGS with the stand-in journald; its entries in OUT.
# NOLIB=FILE: that file (libsystemd.so.0) reads as empty, so that dlopen fails.
journal_run() {
	local got=$1; shift
	unshare -rm bash -c 'mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/journal &&
		if [ -n "$NOLIB" ]; then mount --bind /dev/null "$NOLIB" || exit 99; fi &&
		exec python3 "$1" /run/systemd/journal/socket "$2" "$3" "${@:4}"' _ \
		"$CLI_TESTS/journal-sink.py" "$got" "$PSTORECTL" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}
NOLIB=; export NOLIB
# nothing_in FILE: the stand-in ran and got no entry
nothing_in() { [ -f "$1" ] && [ ! -s "$1" ]; }
# field NAME: the value of NAME in the first entry of $T/j
field() { sed -n '/^$/q; s/^'"$1"'=//p' "$T/j"; }

if ! unshare -rm sh -c 'mount -t tmpfs tmpfs /run' 2>/dev/null; then
	ok "journal entry # SKIP no user and mount namespaces (unshare -rm) for a stand-in journald"
else
	mkcrash "$T/p"
	journal_run "$T/j" -v archive --dir "$T/p" --to "$T/a"
	expect_rc "archive with a journal" 0
	b=$(head -1 "$T/out")
	expect_err "-v says it was logged" '^pstorectl: archive: logged to the journal$'
	check "one entry" test "$(grep -c '^$' "$T/j")" -eq 1
	check "MESSAGE_ID" test "$(field MESSAGE_ID)" = "$MSGID"
	check "PSTORE_REASON is the reason" test "$(field PSTORE_REASON)" = "panic,sysrq"
	check "PSTORE_REASON is reason.json's" test "$(field PSTORE_REASON)" = "$(jq -r .reason "$b/reason.json")"
	check "PSTORE_BOOT_ID is the boot that ended" test "$(field PSTORE_BOOT_ID)" = "$ID"
	check "PSTORE_ARCHIVE is the boot directory" test "$(field PSTORE_ARCHIVE)" = "$b"
	check "PSTORE_RECORDS" test "$(field PSTORE_RECORDS)" = 2
	check "PSTORE_PANIC is the panic line" \
		test "$(field PSTORE_PANIC)" = "Kernel panic - not syncing: sysrq triggered crash"
	check "MESSAGE has the reason and the panic line" bash -c '[[ $1 == *"ended: panic,sysrq: Kernel panic - not syncing: sysrq triggered crash;"* ]]' _ "$(field MESSAGE)"
	check "PRIORITY: a crash is a warning" test "$(field PRIORITY)" = 4
	check "SYSLOG_IDENTIFIER" test "$(field SYSLOG_IDENTIFIER)" = pstorectl

	# once: a second run archives nothing and logs nothing
	journal_run "$T/j2" archive --dir "$T/p" --to "$T/a" --keep
	expect_rc "archive again with a journal" 0
	check "nothing archived, nothing logged" nothing_in "$T/j2"

	# --no-journal, and journal = no in pstorectl.conf
	mkcrash "$T/p2"
	journal_run "$T/j3" archive --dir "$T/p2" --to "$T/a3" --no-journal
	expect_rc "--no-journal" 0
	check "--no-journal: archived" test -f "$(cat "$T/out")/dmesg.txt"
	check "--no-journal: nothing logged" nothing_in "$T/j3"
	mkdir -p "$T/root/etc"
	printf 'journal = no\n' >"$T/root/etc/pstorectl.conf"
	mkcrash "$T/p3"
	journal_run "$T/j4" --sysroot "$T/root" archive --dir "$T/p3" --to "$T/a4"
	expect_rc "journal = no" 0
	check "journal = no: nothing logged" nothing_in "$T/j4"
	printf 'journal = maybe\n' >"$T/root/etc/pstorectl.conf"
	run --sysroot "$T/root" archive --dir "$T/p3" --to "$T/a4"
	expect_rc "journal = maybe" 1
	expect_err "journal = maybe: named" "pstorectl.conf: journal: not yes or no: 'maybe'"

	# a clean reboot: info, no PSTORE_PANIC; values with control characters stay one line
	mkdir -p "$T/p5"
	printf 'pstorectl: boot boot_id=%s time=2026-09-01T10:00:00Z uptime=3.00\npstorectl: reboot boot_id=%s time=2026-09-01T11:00:00Z uptime=3603.00\n' \
		"$ID" "$ID" >"$T/p5/pmsg-ramoops-0"
	journal_run "$T/j5" archive --dir "$T/p5" --to "$T/a5"
	expect_rc "a clean reboot" 0
	cp "$T/j5" "$T/j"
	check "reboot: PSTORE_REASON" test "$(field PSTORE_REASON)" = reboot
	check "reboot: PRIORITY info" test "$(field PRIORITY)" = 6
	check "reboot: no PSTORE_PANIC" bash -c '[ -s "$1" ] && ! grep -q "^PSTORE_PANIC=" "$1"' _ "$T/j5"

	# no libsystemd: archived, not logged, said with -v
	lib=$(ldconfig -p 2>/dev/null | awk '$1 == "libsystemd.so.0" && /x86-64|64bit/ { print $NF; exit }')
	if [ -n "$lib" ] && [ -f "$lib" ]; then
		mkcrash "$T/p6"
		NOLIB=$lib journal_run "$T/j6" -v archive --dir "$T/p6" --to "$T/a6"
		expect_rc "no libsystemd: archive succeeds" 0
		expect_err "no libsystemd: -v says why nothing was logged" '^pstorectl: archive: not logged: libsystemd0 is not installed$'
		check "no libsystemd: archived" test -f "$(head -1 "$T/out")/dmesg.txt"
		check "no libsystemd: nothing logged" nothing_in "$T/j6"
	else
		ok "no libsystemd # SKIP libsystemd.so.0 not found by ldconfig -p"
	fi
fi

echo "1..$_n"
