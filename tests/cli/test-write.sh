#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl write: messages to the sysroot's /dev/pmsg0, one write(2) each.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/records-lib.sh"

run write --help
expect_rc "write --help" 0
expect_out "write --help" '^Usage: pstorectl write'

root=$(sysroot_with "")
mkdir -p "$root/dev"

# `write` writes to a character device only (issue 11). The stand-in for pmsg is the
# slave of a pseudo-terminal in raw mode, bind-mounted on $root/dev/pmsg0 in a mount
# namespace of its own (unshare -rm: no root needed, nothing changes outside); what
# pstorectl writes is read back from the master.
# run_pmsg ARGS...: run with a character device as pmsg0; what it got is in $T/pmsg.
run_pmsg() {
	: >"$T/pmsg"
	run_pmsg_into "$root" "$T/pmsg" "$@"
}
if unshare -rm true 2>/dev/null; then
	run_pmsg --sysroot "$root" write "boot marker" "second message"
	expect_rc "write two messages" 0
	check "messages written, one line each" test "$(cat "$T/pmsg")" = "$(printf 'boot marker\nsecond message')"
	printf 'from stdin 1\nfrom stdin 2\n' | run_pmsg --sysroot "$root" write
	expect_rc "write from stdin" 0
	check "stdin lines written" test "$(cat "$T/pmsg")" = "$(printf 'from stdin 1\nfrom stdin 2')"
	run_pmsg --sysroot "$root" write "ends in newline
"
	printf 'ends in newline\n' >"$T/want"
	check "a message ending in a newline gets no second one" cmp -s "$T/pmsg" "$T/want"

	# One write(2) per message (pmsg keeps each write whole).
	if command -v strace >/dev/null; then
		python3 "$CLI_TESTS/pty-pmsg.py" "$root/dev/pmsg0" "$T/pmsg" \
			strace -f -e trace=write -o "$T/strace" \
			"$PSTORECTL" --sysroot "$root" write "one" "two words" "three" >/dev/null 2>&1
		check "three messages, three write(2) calls to pmsg0" \
			test "$(grep -cE '^[0-9]+ +write\([0-9]+, "(one|two words|three)\\n", ' "$T/strace")" -eq 3
	else
		skip "one write per message" "no strace"
	fi
else
	for what in "write two messages" "messages written" "write from stdin" "stdin lines written" \
		"a message ending in a newline" "three write(2) calls"; do
		skip "$what" "no user and mount namespaces (unshare -rm) to bind a pty on pmsg0"
	done
fi

# Anything but a character device is refused, naming the path, and left as it was.
: >"$root/dev/pmsg0"
run --sysroot "$root" write "to a file"
expect_rc "a regular file as pmsg0" 1
expect_one_error "a regular file as pmsg0"
expect_err "a regular file as pmsg0: named" "^pstorectl: write: $root/dev/pmsg0: not a character device: refusing to write to it$"
check "a regular file as pmsg0 stays empty" test ! -s "$root/dev/pmsg0"
rm -f "$root/dev/pmsg0"
# A FIFO: refused at once, not a hang waiting for a reader, nothing written.
mkfifo "$root/dev/pmsg0"
run --sysroot "$root" write "through a fifo"
expect_rc "a FIFO as pmsg0" 1
expect_err "a FIFO as pmsg0: named" "^pstorectl: write: $root/dev/pmsg0: not a character device"
timeout 10 cat "$root/dev/pmsg0" >"$T/fifo" &
reader=$!
sleep 0.2
run --sysroot "$root" write "through a fifo"
expect_rc "a FIFO with a reader as pmsg0" 1
expect_err "a FIFO with a reader as pmsg0: named" "^pstorectl: write: $root/dev/pmsg0: not a character device"
# If the reader still waits for a writer, a writer that opens and closes ends it.
python3 -c 'import os, sys
try: os.close(os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK))
except OSError: pass' "$root/dev/pmsg0"
wait "$reader"
check "the FIFO reader got nothing" test ! -s "$T/fifo"
rm -f "$root/dev/pmsg0"
# A symlink, even one that stays in the tree: O_NOFOLLOW.
: >"$root/dev/target"
ln -s /dev/target "$root/dev/pmsg0"
run --sysroot "$root" write "through a link"
expect_rc "a symlink as pmsg0" 1
expect_err "a symlink as pmsg0: named" "^pstorectl: write: $root/dev/pmsg0: a symbolic link"
check "the link's target stays empty" test ! -s "$root/dev/target"
rm -f "$root/dev/pmsg0" "$root/dev/target"

# No /dev/pmsg0: CONFIG_PSTORE_PMSG is off (Debian).
rm -f "$root/dev/pmsg0"
run --sysroot "$root" write hello
expect_rc "no /dev/pmsg0" 1
expect_one_error "no /dev/pmsg0"
expect_err "no /dev/pmsg0: the hint" "CONFIG_PSTORE_PMSG is off \(as on Debian kernels\): no /dev/pmsg0"
if have_captured debian61-ecc0; then
	check "Debian boot 2 really had no /dev/pmsg0" grep -q "No such file" "$(captured debian61-ecc0)/boot2/dev-pmsg0"
fi
echo "1..$_n"
