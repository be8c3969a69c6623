#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Strings from outside (record names, config lines, file names in messages) reach a
# terminal escaped, on stdout and stderr alike (issue 11, item 4); JSON is valid UTF-8.
. "$(dirname "$0")/lib.sh"

if ! command -v script >/dev/null; then echo "1..0 # skip: no script(1)"; exit 0; fi

# run_tty ARGS...: pstorectl on a pty (stdout and stderr both terminals) into $T/out.
run_tty() {
	script -qec "$(printf '%q ' "$PSTORECTL" "$@") 2>&1" /dev/null >"$T/out" </dev/null
	rc=$?; : >"$T/err"; out=$(cat "$T/out")
}
# no_raw WHAT: no ESC, BEL or raw C1 CSI (0x9b) byte in what reached the terminal.
no_raw() { check "$1: nothing raw reaches the terminal" bash -c '! LC_ALL=C grep -q "[$(printf "\033\007\233")]" "$1"' _ "$T/out"; }

D=$T/esc
mkdir -p "$D"
printf 'hello\n' >"$D/$(printf 'console-ramoops\033]0;pwned\007-0')"
printf 'x\n' >"$D/$(printf 'pmsg-ramoops\23331m-0')"
printf 'Panic#1 Part1\n<0>x\n' >"$D/$(printf 'dmesg-ramoops\033[2J-0')"

run_tty cat --dir "$D"
no_raw "cat's ==> NAME <== header"
expect_out "cat's header, escaped" '^==> console-ramoops\\x1b\]0;pwned\\x07-0 <=='
run_tty status --dir "$D"
no_raw "status' Last dump (NAME)"
expect_out "status' Last dump, escaped" 'Last dump: .*\(dmesg-ramoops\\x1b\[2J-0\)'
run_tty clear --dry-run --all --dir "$D"
no_raw "clear --dry-run lines"
expect_out "clear --dry-run, escaped" '^would erase pmsg-ramoops\\x9b31m-0'
run_tty cat --dir "$D" "$(printf 'no\033[2Jsuch')"
no_raw "cat's error message on stderr"
expect_out "cat's error message, escaped" '^pstorectl: cat: no\\x1b\[2Jsuch: no such record'
run_tty ls --dir "$D/$(printf '\033[2J')"
no_raw "ls' error message on stderr"
run_tty plan --iomem "$T/$(printf 'io\033]0;x\007mem')"
no_raw "a library message quoting a file name (plan)"
expect_out "a library message, escaped" 'io\\x1b\]0;x\\x07mem'

R=$T/badline
cp -r "$FIXTURES/check-badline" "$R"
cfg=$(ls "$R"/boot/config-*)
printf 'PSTORE\033]0;pwned\007=y\n' >>"$cfg"
sed -i '/^PSTORE_CONSOLE=y$/d' "$cfg"
run_tty --sysroot "$R" check
no_raw "check's rejected config line"
expect_out "check's rejected config line, escaped" "PSTORE\\\\x1b\]0;pwned\\\\x07=y"

# Into a pipe the bytes are what they are (a script reading names gets the real ones).
run clear --dry-run --all --dir "$D"
check "into a pipe, names are not escaped" grep -qF "$(printf 'pmsg-ramoops\23331m-0')" "$T/out"

# JSON is always valid UTF-8: a byte that is not UTF-8 is U+FFFD.
utf8_json() { python3 -c 'import json,sys; json.loads(sys.stdin.buffer.read().decode("utf-8", "strict"))' <"$T/out"; }
run ls -J --dir "$D"
expect_rc "ls -J of odd names" 0
check "ls -J is strict UTF-8 JSON" utf8_json
expect_json "ls -J: an invalid byte is U+FFFD" '[.records[].name] | index("pmsg-ramoops\ufffd31m-0") != null'
mkdir "$T/j"
printf 'Panic#1 Part1\n<0>x\n' >"$T/j/$(printf 'dmesg-ramoops\233\302\205-0')"
run status -J --dir "$T/j"
check "status -J (cli/json.c) is strict UTF-8 JSON" utf8_json
expect_json "status -J: U+FFFD for a bad byte, \\u0085 for a C1 control" '.dump.name == "dmesg-ramoops\ufffd\u0085-0"'
check "status -J writes the C1 control escaped" grep -qF '\u0085' "$T/out"
# TERM=dumb: no colour in auto mode (check colours its status words on a terminal).
env -u NO_COLOR TERM=xterm script -qec "$(printf '%q ' "$PSTORECTL" --sysroot "$R" check)" /dev/null >"$T/out" </dev/null
check "TERM=xterm on a terminal: colour" grep -q "$(printf '\033')\[" "$T/out"
env -u NO_COLOR TERM=dumb script -qec "$(printf '%q ' "$PSTORECTL" --sysroot "$R" check)" /dev/null >"$T/out" </dev/null
check "TERM=dumb on a terminal: no colour" bash -c '! grep -q "$(printf "\033")" "$1"' _ "$T/out"
echo "1..$_n"
