#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Global options, the command table, help, exit codes, write errors.
. "$(dirname "$0")/lib.sh"

run --version
expect_rc "--version" 0
expect_out "--version" '^pstorectl [0-9]+\.[0-9]+\.[0-9]+$'

run --help
expect_rc "--help" 0
expect_out "--help lists commands" '^Commands:'
for v in status mount ls cat tail clear write plan dts check load help; do
	check "--help lists '$v'" grep -qE "^  $v " "$T/out"
done

run no-such-verb
expect_rc "unknown verb" 2
expect_err "unknown verb" "^pstorectl: unknown command 'no-such-verb'"
expect_err "unknown verb hint" "Try 'pstorectl --help'"

# No prefix abbreviations: "pla" is not "plan".
run pla
expect_rc "abbreviated verb is refused" 2

run --bogus-option
expect_rc "unknown global option" 2
# One message of ours, not getopt's, which names the full path of the program.
check "unknown global option: one pstorectl: line and the hint" \
	test "$err" = "pstorectl: unrecognized option '--bogus-option'
Try 'pstorectl --help'."
run ls --bogus-option
expect_rc "unknown option of a verb" 2
check "unknown option of a verb: one pstorectl: line and the hint" \
	test "$err" = "pstorectl: ls: unrecognized option '--bogus-option'
Try 'pstorectl ls --help'."
run ls --dir
check "missing argument: one message" test "$err" = "pstorectl: ls: option '--dir' requires an argument
Try 'pstorectl ls --help'."

# Did you mean: a mistyped verb suggests the closest one; nothing close, no guess.
run stauts
expect_err "mistyped verb" "^pstorectl: unknown command 'stauts'; did you mean 'status'\?$"
run pla
expect_err "abbreviated verb: the whole one is suggested" "did you mean 'plan'"
run no-such-verb
check "nothing close: no suggestion" bash -c '! grep -q "did you mean" "$1"' _ "$T/err"
run help help
expect_rc "help help" 0
expect_out "help help prints the help" '^Commands:'

# Global options before or after the verb (systemctl, coredumpctl).
D=$FIXTURES/records-handmade
"$PSTORECTL" ls --dir "$D" >"$T/want" 2>&1
run --dir "$D" ls
check "--dir before the verb" test "$out" = "$(cat "$T/want")"
run -J --dir "$D" ls
expect_json "-J before the verb" '.records | length > 0'
run ls --color=never -v --dir "$D"
expect_rc "--color and -v after the verb" 0
check "--color and -v after the verb: the same listing" test "$out" = "$(cat "$T/want")"
run --sysroot "$FIXTURES/records-sysroot" status -J
cp "$T/out" "$T/want"
run status -J --sysroot "$FIXTURES/records-sysroot"
expect_rc "--sysroot after the verb" 0
check "--sysroot after the verb: the same status" cmp -s "$T/out" "$T/want"
run plan --iomem /nonexistent/iomem -v -v
expect_err "-v -v after the verb shows debug messages" '^pstorectl: plan: debug: '

run --color=sometimes plan
expect_rc "bad --color value" 2
expect_err "bad --color value" "--color: 'sometimes'"

# pstorectl help VERB == pstorectl VERB --help, for every verb.
for v in status mount ls cat tail clear write plan dts check load; do
	a=$("$PSTORECTL" help "$v" 2>&1); ra=$?
	b=$("$PSTORECTL" "$v" --help 2>&1); rb=$?
	check "help $v equals $v --help" test "$a" = "$b" -a "$ra" -eq 0 -a "$rb" -eq 0
	check "$v --help starts with Usage" grep -q "^Usage: pstorectl $v" <<<"$a"
done
run help no-such-verb
expect_rc "help of unknown verb" 2

# Library messages: none by default, debug ones with -v -v or PSTORE_LOG=debug, worded
# like ours ("pstorectl: VERB: debug: FUNCTION: ...").
run plan --iomem /nonexistent/iomem
expect_rc "missing --iomem file" 1
check "no debug messages by default" bash -c '! grep -q "debug:" "$1"' _ "$T/err"
run -v -v plan --iomem /nonexistent/iomem
expect_err "-v -v shows the library's debug messages" '^pstorectl: plan: debug: [a-z_]+: /nonexistent/iomem'
PSTORE_LOG=debug "$PSTORECTL" plan --iomem /nonexistent/iomem >"$T/out" 2>"$T/err"; rc=$?
expect_err "PSTORE_LOG=debug does the same" '^pstorectl: plan: debug: '
expect_err "the error itself still names the file" '^pstorectl: plan: /nonexistent/iomem: No such file'

# A write error on stdout is a failure.
if [ -w /dev/full ]; then
	"$PSTORECTL" --help >/dev/full 2>"$T/err"; rc=$?
	check "--help > /dev/full fails" test "$rc" -eq 1
	expect_err "--help > /dev/full" "write error"
	# One "write error" line, exit 1, never three messages (issue 10).
	for c in ls "ls -J" cat status tail; do
		"$PSTORECTL" $c --dir "$D" >/dev/full 2>"$T/err"; rc=$?
		check "$c > /dev/full: exit 1 (got $rc)" test "$rc" -eq 1
		check "$c > /dev/full: one line, the write error" \
			test "$(cat "$T/err")" = "pstorectl: ${c%% *}: write error: No space left on device"
	done
fi

# Tables fit the terminal (as lsblk does): at 80 columns one line a record, no line
# wider than the terminal, names whole; into a pipe, full width.
if command -v script >/dev/null; then
	script -qec "stty cols 80; $(printf '%q ' "$PSTORECTL" ls --dir "$D")" /dev/null </dev/null |
		tr -d '\r' >"$T/tty"
	"$PSTORECTL" ls --dir "$D" >"$T/pipe"
	check "ls at 80 columns: one line a record" test "$(wc -l <"$T/tty")" -eq "$(wc -l <"$T/pipe")"
	check "ls at 80 columns: no line wider than 80" test "$(awk '{ if (length > m) m = length } END { print m }' "$T/tty")" -le 80
	check "ls at 80 columns: the names whole" \
		test "$(awk 'NR > 1 { print $1 }' "$T/tty")" = "$(awk 'NR > 1 { print $1 }' "$T/pipe")"
	check "ls into a pipe: full width" test "$(awk '{ if (length > m) m = length } END { print m }' "$T/pipe")" -gt 80
fi

# An empty column list is a usage error, not a table of nothing.
run ls --dir "$D" -o ''
expect_rc "ls -o ''" 2
expect_err "ls -o ''" "^pstorectl: ls: --output: no columns given"
echo "1..$_n"
