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
fi
echo "1..$_n"
