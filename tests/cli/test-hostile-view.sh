#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl view on hostile records (issue 16): escape sequences, C1 bytes, invalid UTF-8,
# NULs and 1 MB lines in the text, the crash summary and a name; links, a FIFO and
# /dev/zero in the source. Driven in tmux at 80x24 as test-view.sh does: what tmux received
# is judged by what it did (the title, the screen) and by capture-pane -e, which shows the
# attributes set: only the SGR sequences ncurses emits.
. "$(dirname "$0")/lib.sh"

if ! command -v tmux >/dev/null; then
	echo "ok 1 - tmux is missing: the viewer's hostile input tests are skipped # SKIP"
	echo "1..1"
	exit 0
fi
sock=pstorectl-hostile-$$
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT
export PSTORECTL_VIEW_MODULE=${PSTORECTL_VIEW_MODULE:-$BUILD/pstorectl-view.so}
tm new-session -d -x 80 -y 24 -s keep "exec sleep 3600"

start() {
	tm kill-session -t v 2>/dev/null
	printf '%q ' env -u NO_COLOR LC_ALL=C.UTF-8 TERM=xterm-256color \
		LD_LIBRARY_PATH="$LD_LIBRARY_PATH" PSTORECTL_VIEW_MODULE="$PSTORECTL_VIEW_MODULE" \
		ASAN_OPTIONS=detect_leaks=0 "$PSTORECTL" view "$@" >"$T/cmd"
	printf '2>%q; echo EXIT=$?; exec sleep 600\n' "$T/view-err" >>"$T/cmd"
	tm new-session -d -x 80 -y 24 -s v "bash $T/cmd"
}
screen() { tm capture-pane -p -t v; }
wait_for() {
	local i
	for ((i = 0; i < 200; i++)); do
		screen >"$T/screen" 2>/dev/null
		grep -qF -- "$1" "$T/screen" && return 0
		sleep 0.05
	done
	echo "# screen while waiting for '$1':"; sed 's/^/# | /' "$T/screen"
	return 1
}
keys() { tm send-keys -t v "$@"; }
# only_sgr WHAT: the escape sequences of the screen's capture are SGR (ESC [ ... m) only,
# the title is not the record's, nothing was rung or cleared behind ncurses' back
only_sgr() {
	tm capture-pane -e -p -t v >"$T/attrs"
	check "$1: only attribute (SGR) sequences on the screen" \
		bash -c '! LC_ALL=C grep -aoE $'"'"'\e(\[[0-9;:]*[^0-9;:]|[^[])'"'"' "$1" | grep -vqE $'"'"'^\e\[[0-9;:]*m$'"'"'' _ "$T/attrs"
	check "$1: the record did not set the title" \
		bash -c "! tmux -L '$sock' display -p -t v '#{pane_title}' | grep -q pwned"
	check "$1: nothing but text and SGR on the screen" \
		bash -c '! LC_ALL=C grep -aq "[$(printf "\001-\010\013-\032\034-\037\177")]" "$1"' _ "$T/attrs"
}

D=$T/evil
mkdir -p "$D"
python3 - "$D" "$FIXTURES/e2e-captured/records-debian61-ecc0/dmesg-ramoops-0" <<'PY'
import os, sys
d, real = sys.argv[1:3]
evil = (b"\x1b]0;pwned\x07 osc \x1b[2J csi \x1bPq#0;2;0;0;0\x1b\\ dcs \x9b31m c1csi "
        b"\x9d0;t\x9c \x85\x90\x9f raw-c1 \xc2\x9b utf8-c1 \xff\xfe\xc0\xaf bad-utf8 "
        b"\x00nul\x00 \x7f del \x1bc ris \x07bel \r cr")
big = b"<6>" + b"A" * (1 << 20) + b"\x1b[31m" + b"B" * 10 + b"\n"
dm = open(real, "rb").read()
for old in (b"sysrq triggered crash", b"boot.sh", b"QEMU Standard PC", b"0x47b7a0"):
    dm = dm.replace(old, old + evil, 1)
open(os.path.join(d, "dmesg-ramoops-0"), "wb").write(dm)
open(os.path.join(d, "console-ramoops-0"), "wb").write(b"begin\n" + big + evil + b"\nend-mark\n")
open(os.path.join(d.encode(), b"ftrace-ramoops\x1b]0;pwned\x07\x9b1m\xff-0"), "wb").write(evil + b"\n")
PY
ln -s /dev/zero "$D/console-ramoops-1"
mkfifo "$D/pmsg-ramoops-1"

start --dir "$D"
check "starts on the hostile records" wait_for "Kernel panic - not syncing"
check "the header: the panic text without its escape sequences" \
	grep -qE '^ panic: sysrq triggered crash\?\]0;pwned\? osc' "$T/screen"
check "the text: the panic line escaped" grep -qF 'crash\x1b]0;pwned\x07' "$T/screen"
check "the text: C1, bad UTF-8 and NULs escaped" \
	grep -qF '\x9f raw-c1 \xc2\x9b utf8-c1 \xff\xfe\xc0\xaf bad-utf8 \x00nul\x00 \x7f del' "$T/screen"
only_sgr "the dump"
keys G
check "G: the end" wait_for "Kernel Offset: disabled"
check "the text: the PC line escaped" grep -qF '0x47b7a0\x1b]0;pwned\x07 osc' "$T/screen"
only_sgr "the dump's end"
keys q
check "q quits with status 0 (the link and the FIFO did not hang it)" wait_for "EXIT=0"
check "the link to /dev/zero is said to be skipped, once" \
	test "$(grep -c 'console-ramoops-1: skipped: a symbolic link' "$T/view-err")" -eq 1

start --dir "$D" console-ramoops-0
check "the console record with a 1 MB line opens" wait_for "console-ramoops-0  line 1/"
only_sgr "the 1 MB line"
keys G
check "G: past the 1 MB line" wait_for "end-mark"
check "the text after it escaped" grep -qF '\x1b]0;pwned\x07 osc \x1b[2J csi \x1bPq#0;2;0;0;0\x1b\ dcs' "$T/screen"
only_sgr "after the 1 MB line"
keys q
check "q after the 1 MB line" wait_for "EXIT=0"

start --dir "$D" "$(printf 'ftrace-ramoops\033]0;pwned\007\2331m\377-0')"
check "the record with a hostile name opens" wait_for "\\x00nul\\x00"
check "the list shows the hostile name without ESC" grep -qE '^> ftrace-ramoops\?\]0;' "$T/screen"
only_sgr "the hostile name's record"
keys q
check "q on the hostile name's record" wait_for "EXIT=0"
echo "1..$_n"
