# SPDX-License-Identifier: LGPL-2.1-or-later
# Helpers for CLI tests: run the real binary, compare, and print TAP ("ok N - what").
# Each tests/cli/test-*.sh sources this file. $PSTORECTL, $FIXTURES, $TOP come from tests/run.
set -u
: "${TOP:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${BUILD:=$TOP/build}"
: "${PSTORECTL:=$BUILD/pstorectl}"
: "${FIXTURES:=$TOP/tests/fixtures}"
export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-$BUILD}"
export NO_COLOR=1 LC_ALL=C
# script(1) and tmux run their command lines through $SHELL, and the tests quote with
# bash's printf %q ($'...'): a CI whose SHELL is /bin/sh (dash) would run other arguments.
SHELL=$(command -v bash); export SHELL
T=$(mktemp -d "${TMPDIR:-/tmp}/pstorectl-cli.XXXXXX")
: >"$T/out"; : >"$T/err"
trap 'rm -rf "$T"' EXIT
_n=0 rc=0

# run ARGS...: runs pstorectl; sets $out, $err, $rc.
run() {
	"$PSTORECTL" "$@" >"$T/out" 2>"$T/err"; rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}
# run_pmsg_into ROOT FILE ARGS...: run with a character device (a pty) as ROOT/dev/pmsg0;
# what pstorectl wrote to it is appended to FILE. Needs unshare -rm (see has_pmsg_pty).
CLI_TESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
run_pmsg_into() {
	local root=$1 file=$2; shift 2
	python3 "$CLI_TESTS/pty-pmsg.py" "$root/dev/pmsg0" "$file" "$PSTORECTL" "$@" \
		>"$T/out" 2>"$T/err"; rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}
has_pmsg_pty() { unshare -rm true 2>/dev/null; }
# run_in INPUT ARGS...: the same with INPUT on stdin.
run_in() {
	local input=$1; shift
	printf '%s' "$input" | "$PSTORECTL" "$@" >"$T/out" 2>"$T/err"; rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}

ok() { _n=$((_n + 1)); echo "ok $_n - $1"; }
not_ok() {
	_n=$((_n + 1)); echo "not ok $_n - $1"
	echo "# last command rc=$rc"; sed 's/^/# out: /' "$T/out" | head -20; sed 's/^/# err: /' "$T/err" | head -20
}
# check WHAT COMMAND...: passes when COMMAND succeeds.
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
expect_rc() { check "$1: exit status $2 (got $rc)" test "$rc" -eq "$2"; }
expect_out() { check "$1: stdout matches '$2'" grep -qE -- "$2" "$T/out"; }
expect_err() { check "$1: stderr matches '$2'" grep -qE -- "$2" "$T/err"; }
expect_no_out() { check "$1: stdout is empty" test ! -s "$T/out"; }
# expect_err_line WHAT: exactly one line on stderr starting "pstorectl: ".
expect_one_error() {
	check "$1: one clear error line" \
		bash -c '[ "$(grep -c . "$1")" -ge 1 ] && head -1 "$1" | grep -q "^pstorectl: "' _ "$T/err"
}
# expect_json WHAT JQ-EXPR: stdout is valid JSON and the jq expression is true.
# (jq -e exits 0 on empty input: no output is a failure, not a pass)
_jq_true() { [ -s "$T/out" ] && jq -e "$1" "$T/out" >/dev/null 2>&1; }
expect_json() { check "$1" _jq_true "$2"; }
