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
: >"$root/dev/pmsg0"
run --sysroot "$root" write "boot marker" "second message"
expect_rc "write two messages" 0
check "messages written, one line each" test "$(cat "$root/dev/pmsg0")" = "$(printf 'boot marker\nsecond message')"
: >"$root/dev/pmsg0"
run_in $'from stdin 1\nfrom stdin 2\n' --sysroot "$root" write
expect_rc "write from stdin" 0
check "stdin lines written" test "$(cat "$root/dev/pmsg0")" = "$(printf 'from stdin 1\nfrom stdin 2')"
: >"$root/dev/pmsg0"
run --sysroot "$root" write "ends in newline
"
printf 'ends in newline\n' >"$T/want"
check "a message ending in a newline gets no second one" cmp -s "$root/dev/pmsg0" "$T/want"

# One write(2) per message (pmsg keeps each write whole).
if command -v strace >/dev/null; then
	: >"$root/dev/pmsg0"
	LD_LIBRARY_PATH=$LD_LIBRARY_PATH strace -f -e trace=write -o "$T/strace" \
		"$PSTORECTL" --sysroot "$root" write "one" "two words" "three" >/dev/null 2>&1
	check "three messages, three write(2) calls to pmsg0" \
		test "$(grep -cE '^[0-9]+ +write\(3, "(one|two words|three)\\n", ' "$T/strace")" -eq 3
else
	skip "one write per message" "no strace"
fi

# A FIFO as /dev/pmsg0: the reader gets the messages.
rm -f "$root/dev/pmsg0"
mkfifo "$root/dev/pmsg0"
cat "$root/dev/pmsg0" >"$T/fifo" &
run --sysroot "$root" write "through a fifo"
wait
check "fifo reader got the message" test "$(cat "$T/fifo")" = "through a fifo"

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
