#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl view: the real binary driven in tmux at 80x24 (send-keys, capture-pane), on the
# real-kernel records, an archive of two boots, and hand-made records (escape sequences, a
# 300 KB line, an empty record, 10,000 records, a 256 MiB record, records that appear
# while following).
. "$(dirname "$0")/lib.sh"

# Outside a terminal: a clear error, exit 2.
run view --dir "$FIXTURES/e2e-captured/records-debian61-ecc0" </dev/null
expect_rc "view without a terminal" 2
expect_err "view without a terminal" "not a terminal: use 'pstorectl cat'"
run view --help
expect_rc "view --help" 0
expect_out "view --help" "--follow"
# the other verbs do not load ncurses
check "pstorectl is not linked with ncurses" bash -c "! ldd '$PSTORECTL' | grep -q 'ncurses\|tinfo'"
if command -v strace >/dev/null && [ "${SANITIZE:-}" != 1 ]; then
	strace -f -e trace=openat -o "$T/strace" "$PSTORECTL" ls --dir "$FIXTURES/e2e-captured/records-debian61-ecc0" >/dev/null 2>&1
	check "ls does not open ncurses" bash -c "! grep -q 'libncurses\|libtinfo' '$T/strace'"
fi

if ! command -v tmux >/dev/null; then
	echo "ok 99 - tmux is missing: the interactive tests are skipped # SKIP"
	echo "1..$_n"
	exit 0
fi

sock=pstorectl-test-$$
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT
export PSTORECTL_VIEW_MODULE=${PSTORECTL_VIEW_MODULE:-$BUILD/pstorectl-view.so}

# A session that keeps the server up between the runs (no race with a dying server).
tm new-session -d -x 80 -y 24 -s keep "exec sleep 3600"

# start ENV... -- ARGS...: a new session running pstorectl view; the shell prints EXIT=N
# after it and stays, so the screen after quitting can be read.
start() {
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	tm kill-session -t v 2>/dev/null
	# lib.sh exports NO_COLOR for the other tests: here a run asks for it
	printf '%q ' env -u NO_COLOR LC_ALL=C.UTF-8 TERM=xterm-256color "${envs[@]}" \
		LD_LIBRARY_PATH="$LD_LIBRARY_PATH" PSTORECTL_VIEW_MODULE="$PSTORECTL_VIEW_MODULE" \
		ASAN_OPTIONS=detect_leaks=0 "$PSTORECTL" ${GLOBAL_OPTS:-} view "$@" >"$T/cmd"
	printf '; echo EXIT=$?; exec sleep 600\n' >>"$T/cmd"
	tm new-session -d -x 80 -y 24 -s v "bash $T/cmd"
}
# start_shell ENV... -- ARGS...: the same command typed into an interactive bash (job
# control: Ctrl-Z and fg), its prompt "test$ "; the shell stays after the viewer.
start_shell() {
	start "$@"
	tm kill-session -t v 2>/dev/null
	tm new-session -d -x 80 -y 24 -s v "env PS1='test\$ ' bash --norc --noprofile -i"
	wait_for 'test$' >/dev/null
	tm send-keys -t v -l "$(sed -n '1s/; echo EXIT=.*//p' "$T/cmd")"
	tm send-keys -t v Enter
}
screen() { tm capture-pane -p -t v; }
# Under `make check-valgrind` (VALGRIND=1) the viewer runs on memcheck's emulated CPU, many
# times slower (its start alone takes seconds): every wait below is $slow times as long.
slow=1
[ "${VALGRIND:-}" = 1 ] && slow=10
# wait_for TEXT [SECONDS]: polls the screen until it shows TEXT (a fixed string)
wait_for() {
	local i limit=$(( ${2:-5} * 20 * slow ))
	for ((i = 0; i < limit; i++)); do
		screen >"$T/screen" 2>/dev/null
		grep -qF -- "$1" "$T/screen" && return 0
		sleep 0.05
	done
	echo "# screen while waiting for '$1':"; sed 's/^/# | /' "$T/screen"
	return 1
}
# wait_gone TEXT: until the screen no longer shows TEXT
wait_gone() {
	local i
	for ((i = 0; i < 200 * slow; i++)); do
		screen >"$T/screen"
		grep -qF -- "$1" "$T/screen" || return 0
		sleep 0.05
	done
	echo "# still on the screen: '$1'"; sed 's/^/# | /' "$T/screen"
	return 1
}
# wait_re ERE: polls the screen until a line matches ERE
wait_re() {
	local i
	for ((i = 0; i < 100 * slow; i++)); do
		screen >"$T/screen" 2>/dev/null
		grep -qE -- "$1" "$T/screen" && return 0
		sleep 0.05
	done
	echo "# screen while waiting for /$1/:"; sed 's/^/# | /' "$T/screen"
	return 1
}
keys() { tm send-keys -t v "$@"; }
# quit_ok WHAT: q, then the shell's EXIT=0 and no alternate screen left
quit_ok() {
	keys q
	check "$1: q quits with status 0" wait_for "EXIT=0"
	check "$1: the terminal is back from the alternate screen" \
		test "$(tm display -p -t v '#{alternate_on}')" = 0
}

# ---- the real-kernel records ----
# The Debian panic and, to move between records, the minimal kernel's console record.
rec=$T/records-real
mkdir -p "$rec"
cp -p "$FIXTURES/e2e-captured/records-debian61-ecc0/dmesg-ramoops-0" "$rec/"
cp -p "$FIXTURES/e2e-captured/records-minimal-ecc0/console-ramoops-0" "$rec/"
start -- --dir "$rec"
check "header sums up the panic" wait_for " panic: sysrq triggered crash | boot.sh[90] CPU 0 | Not tainted"
check "the list shows the record, its reason and part count" \
	wait_re '^> dmesg-ramoops-0 +dmesg +panic +1 '
check "it opens at the crash" wait_for "Call Trace:"
check "status line: name, line/total, hints" wait_re 'dmesg-ramoops-0 +line [0-9]+/401 .*F1:help q:quit'
check "at 80 columns the screen is 80 wide" bash -c "! awk 'length > 80' '$T/screen' | grep -q ."
keys g
check "g: the first line" wait_for "Panic#1 Part1"
check "status says line 1" wait_for "line 1/401"
keys j
check "j: one line down" wait_for "line 2/401"
keys k
check "k: one line up" wait_for "line 1/401"
keys Space
check "space: a page down" wait_gone "line 1/401"
keys b
check "b: a page up" wait_for "line 1/401"
keys G
check "G: the end" wait_for "Kernel Offset: disabled"
check "G: status at the last page" wait_re 'line 3[0-9][0-9]/401'
keys Home
check "Home: the first line" wait_for "line 1/401"
keys End
check "End: the last page" wait_for "Kernel Offset: disabled"
keys g ']'
check "]: the next crash line" wait_for "sysrq: Trigger a crash"
keys ']' ']'
check "] again: the panic line" wait_for "Kernel panic - not syncing"
keys '['
check "[: back up" wait_for "sysrq: Trigger a crash"
keys g / 'e820: \[mem 0x00000000000f' Enter
check "/: search forward (ERE)" wait_for "0x00000000000f0000-0x00000000000fffff"
keys g / 'no-such-thing-here' Enter
check "/: no match is said" wait_for "pattern not found"
keys g / 'CALL TRACE' Enter
check "a capital: the case counts" wait_for "pattern not found: CALL TRACE"
keys g / 'call trace' Enter
check "no capital: any case" wait_for "Call Trace:"
keys G '?' 'bios-e820' Enter
check "?: search backward" wait_for "0x000000fd00000000-0x000000ffffffffff"
# (each check waits for a screen only the key's own search makes: a slow run, valgrind,
# must not pass on the screen before and send the next key while a search still runs)
keys n
check "n: the next match, backward as ? searched" wait_for "line 4/401"
keys N
check "N: the other way" wait_for "line 5/401"
keys N
check "N again: no match below is said" wait_for "pattern not found: bios-e820"
keys g
check "g after a search: the first line" wait_for "line 1/401"
keys n
check "n at the first line: no match above is said" wait_for "pattern not found: bios-e820"
keys l 0
check "l 0: only emerg lines" wait_for "showing levels emerg and worse"
check "l 0: the info lines are gone" bash -c "! grep -q 'BIOS-e820' '$T/screen'"
check "l 0: the panic line stays" wait_for "Kernel panic - not syncing"
keys l a
check "l a: all levels" wait_for "showing all levels"
keys g r
check "r: raw shows the <N> prefixes" wait_for "<6>[    0.000000]"
keys r
check "r again: decoded" wait_gone "<6>[    0.000000]"
keys t
check "t: wall-clock time" wait_for "[2026-"
keys t
check "t again: kernel timestamps" wait_for "[    0.000000]"
keys w
check "w: long lines cut" wait_for "long lines cut"
keys Right
check "w: Right scrolls sideways" wait_gone "[    0.000000] Linux version"
keys Left w
check "w again: wrapped" wait_for "long lines wrapped"
keys F1
check "F1: the help" wait_for "pstorectl view: keys"
check "the help lists the keys" wait_for "next / previous crash line"
keys x
check "any key closes the help" wait_for "F1:help q:quit"
keys Tab
check "Tab: the list has the focus" wait_for "F1:help"
keys j Enter
check "Enter: opens the selected record" wait_for "console-ramoops-0  line 1/"
keys Tab g Enter
check "back to the dump" wait_for "dmesg-ramoops-0  line"
keys s
check "s: asks for a file name" wait_for "save to: dmesg-ramoops-0.txt"
keys C-u "$T/saved.txt" Enter
check "s: saved" wait_for "saved "
check "the saved text is what cat prints" cmp -s "$T/saved.txt" <("$PSTORECTL" cat --dir "$rec" dmesg-ramoops-0)
quit_ok "real records"

# --image: the records of a memory image (tests/fixtures/images), the panic in the header.
xz -dc "$FIXTURES/images/debian61-deflate/image.bin.xz" >"$T/debian61-deflate.bin"
start -- --image "$T/debian61-deflate.bin"
check "--image: the header sums up the image's panic" wait_for " panic: sysrq triggered crash"
check "--image: the list shows the image's dmesg record" wait_re '^> dmesg-ramoops-0 +dmesg +panic '
check "--image: it opens at the crash" wait_for "Kernel panic - not syncing"
quit_ok "--image"
run view --image "$T/debian61-deflate.bin" --compress bogus
expect_rc "view --compress bogus: a usage error" 2
rm -f "$T/debian61-deflate.bin"

# Ctrl-Z: the shell is back on the normal screen; fg: the viewer again. Not under valgrind:
# 3.19 does not stop on the terminal's SIGTSTP (`valgrind sleep 100`, Ctrl-Z: still runs).
if [ "${VALGRIND:-}" = 1 ]; then
	_n=$((_n + 1)); echo "ok $_n - Ctrl-Z and fg # SKIP valgrind does not stop on SIGTSTP"
else
	start_shell -- --dir "$rec"
	check "Ctrl-Z: the viewer started from a shell" wait_for "F1:help q:quit"
	keys C-z
	check "Ctrl-Z: the job is stopped" wait_for "Stopped"
	check "Ctrl-Z: the shell prompt is shown" wait_re '^test\$ *$'
	check "Ctrl-Z: the alternate screen is gone" \
		test "$(tm display -p -t v '#{alternate_on}')" = 0
	check "Ctrl-Z: the viewer is not on the screen" bash -c "! grep -qF 'F1:help q:quit' '$T/screen'"
	tm send-keys -t v -l fg
	keys Enter
	check "fg: the viewer's status line is back" wait_for "F1:help q:quit"
	check "fg: on the alternate screen" test "$(tm display -p -t v '#{alternate_on}')" = 1
	check "fg: the header is drawn again" wait_for " panic: sysrq triggered crash"
	keys g
	check "fg: keys work again (g)" wait_for "line 1/401"
	keys j
	check "fg: keys work again (j)" wait_for "line 2/401"
	keys q
	check "fg: q quits back to the shell" wait_for 'test$'
	tm send-keys -t v -l 'echo EXIT=$?'
	keys Enter
	check "fg: the viewer's status is 0" wait_for "EXIT=0"
	check "fg: the terminal is back from the alternate screen" \
		test "$(tm display -p -t v '#{alternate_on}')" = 0
fi

# The mouse wheel: the viewer asks for mouse reports; the terminal's reports of the wheel
# (SGR 1006 when the terminfo entry's kmous says so, else X10), as xterm and tmux send them,
# scroll the text three lines a notch. tmux send-keys -M only forwards a real mouse event:
# the report is typed as it comes from the terminal.
if infocmp xterm-256color 2>/dev/null | grep -qF 'kmous=\E[<'; then
	wheel_down=$'\e[<65;10;10M' wheel_up=$'\e[<64;10;10M'
else
	wheel_down=$'\e[Ma**' wheel_up=$'\e[M`**'
fi
start -- --dir "$rec"
check "wheel: started" wait_for "F1:help q:quit"
check "wheel: mouse reporting is on" test "$(tm display -p -t v '#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}')" != 000
keys g
check "wheel: at the first line" wait_for "line 1/401"
tm send-keys -t v -l "$wheel_down"
check "wheel down: three lines down" wait_for "line 4/401"
tm send-keys -t v -l "$wheel_down"
check "wheel down again: three more" wait_for "line 7/401"
tm send-keys -t v -l "$wheel_up"
check "wheel up: three lines up" wait_for "line 4/401"
quit_ok "wheel"

# Resize: the layout follows the window.
start -- --dir "$rec"
wait_for "F1:help q:quit" >/dev/null
tm resize-window -t v -x 100 -y 30
check "resize to 100x30: the status line is on row 30" \
	bash -c 'for i in $(seq '$((200 * slow))'); do [ "$(tmux -L '"$sock"' capture-pane -p -t v | sed -n 30p | grep -c "help")" = 1 ] && exit 0; sleep 0.05; done; exit 1'
tm resize-window -t v -x 50 -y 12
check "resize to 50x12: still drawn" \
	bash -c 'for i in $(seq '$((200 * slow))'); do tmux -L '"$sock"' capture-pane -p -t v | sed -n 12p | grep -q "dmesg-ramoops" && exit 0; sleep 0.05; done; exit 1'
screen >"$T/screen"
check "resize to 50x12: nothing wider than 50" bash -c "! awk 'length > 50' '$T/screen' | grep -q ."
quit_ok "resize"

# TERM=vt100 and NO_COLOR: monochrome, still marked.
start TERM=vt100 -- --dir "$rec"
check "TERM=vt100: starts" wait_for "Kernel panic - not syncing"
tm capture-pane -e -p -t v >"$T/attrs"
check "TERM=vt100: no colours" bash -c "! grep -qE $'\e''\[[0-9;]*3[0-7]m' '$T/attrs'"
quit_ok "TERM=vt100"
start NO_COLOR=1 -- --dir "$rec"
check "NO_COLOR: starts" wait_for "Kernel panic - not syncing"
tm capture-pane -e -p -t v >"$T/attrs"
check "NO_COLOR: no colours" bash -c "! grep -qE $'\e''\[([0-9;]*;)?(3[0-7]|4[0-7]|38;5;[0-9]+)(;[0-9;]*)?m' '$T/attrs'"
check "NO_COLOR: the crash line is in reverse video" grep -qE $'\e''\[[0-9;]*7[;m].*Kernel panic' "$T/attrs"
quit_ok "NO_COLOR"
start -- --dir "$rec"
check "colour: starts" wait_for "Kernel panic - not syncing"
tm capture-pane -e -p -t v >"$T/attrs"
check "colour: the crash line has a red background" grep -qE $'\e''\[[0-9;]*41m' "$T/attrs"
quit_ok "colour"
GLOBAL_OPTS=--color=never start TERM=screen -- --dir "$rec"
check "TERM=screen: starts" wait_for "Kernel panic - not syncing"
tm capture-pane -e -p -t v >"$T/attrs"
check "--color=never: no colours" bash -c "! grep -qE $'\e''\[[0-9;]*4[0-7]m' '$T/attrs'"
quit_ok "TERM=screen"
start TERM=linux -- --dir "$rec"
check "TERM=linux: starts" wait_for "Kernel panic - not syncing"
quit_ok "TERM=linux"

# ---- an archive: its boots, and the records of one ----
# Two boots archived by the real `pstorectl archive`: the minimal kernel's oops (its dump
# and console), then the Debian panic (one dump).
arc=$T/archive
# (a boot directory is named by its records' time: the copies get one each, boot2 later)
cp -r "$FIXTURES/e2e-captured/records-minimal-oops" "$T/boot1"
cp -r "$FIXTURES/e2e-captured/records-debian61-ecc0" "$T/boot2"
rm -rf "$T"/boot[12]/MTIMES "$T"/boot[12]/boot2
touch -d @1796000000 "$T"/boot1/*; touch -d @1796086400 "$T"/boot2/*
"$PSTORECTL" archive --dir "$T/boot1" --to "$arc" >/dev/null
"$PSTORECTL" archive --dir "$T/boot2" --to "$arc" >/dev/null
check "archive: two boots archived" test "$("$PSTORECTL" boots --archive "$arc" -n | wc -l)" = 2
run view --archive "$arc" --dir "$rec" </dev/null
expect_rc "view --archive with --dir: a usage error" 2
start -- --archive "$arc"
check "archive: starts in the newest boot, on its panic" wait_for " panic: sysrq triggered crash"
check "archive: the list shows the newest boot's record" wait_re '^> dmesg-ramoops-0 +dmesg +panic '
# (the status line's line count grows while the record is indexed: wait for the whole)
wait_for "/401 " >/dev/null
check "archive: the status line names the boot" wait_re '^ boot 0: dmesg-ramoops-0 +line [0-9]+/401 .*Bksp:boots'
keys BSpace
check "Backspace: the archive's boots" wait_for "IDX TIME"
# (the rows may come after the heading: each boot's reason is read as the list is drawn)
check "the boots: the older one, its record count and reason" wait_re '^ +-1 [0-9T:-]+Z +- +2 oops'
check "the boots: the newest one, marked as the one loaded" wait_re '^> +0 [0-9T:-]+Z +- +1 panic'
check "the boots: the text pane still shows the panic" wait_for "Kernel panic - not syncing"
keys k Enter
check "Enter on a boot: its records" wait_for "console-ramoops-0    console"
check "...its oops dump opened" wait_re '^> dmesg-ramoops-0 +dmesg +oops '
check "...the text pane shows that boot's record" wait_for "BUG: kernel NULL pointer dereference"
wait_for "/150 " >/dev/null
check "...the status line names the boot" wait_re '^ boot -1: dmesg-ramoops-0 +line [0-9]+/150 '
keys j Enter
check "Enter on a record of that boot opens it" wait_for "boot -1: console-ramoops-0  line"
keys Escape
check "Esc in a boot's records: back to the boots" wait_for "IDX TIME"
check "...the older boot selected and loaded" wait_re '^> +-1 '
keys j Enter
check "Enter on the newest boot: its panic again" wait_for "boot 0: dmesg-ramoops-0  line"
check "...in the text pane" wait_for "Kernel panic - not syncing"
keys Left
check "Left in the list: the boots" wait_for "IDX TIME"
keys Escape
check "Esc at the boots quits" wait_for "EXIT=0"
check "archive: the terminal is back from the alternate screen" \
	test "$(tm display -p -t v '#{alternate_on}')" = 0
# Following at the boots: a boot archived meanwhile joins the list.
start -- --archive "$arc" --follow
check "archive follow: started" wait_for "FOLLOW"
keys BSpace
check "archive follow: the boots" wait_for "IDX TIME"
cp -pr "$FIXTURES/e2e-captured/records-minimal-shutdown" "$T/boot3"
"$PSTORECTL" archive --dir "$T/boot3" --to "$arc" >/dev/null
check "archive follow: the new boot appears" wait_for "new archived boot" 10
check "...as boot 0, its reason shown" wait_re '^ +0 [0-9T:-]+Z +- +[0-9]+ reboot'
check "...the loaded one is now -1" wait_re '^> +-1 [0-9T:-]+Z +- +1 panic'
quit_ok "archive follow"
rm -rf "$arc/$(ls "$arc" | sort | tail -1)" # two boots again for the tests below
# RECORD: looked for from the newest boot back
start -- --archive "$arc" console
check "archive RECORD: the boot that has it" wait_for "boot -1: console-ramoops-0  line"
quit_ok "archive RECORD"
start -- --archive "$arc" no-such-record
check "archive RECORD: none has it" wait_for "EXIT=1"
check "...said so" wait_for "no-such-record: no such record in the archive"
# --boot N: that boot alone, as with --dir
start -- --archive "$arc" --boot -1
check "--boot -1: the records of that boot" wait_for "console-ramoops-0    console"
check "--boot -1: no boot level" bash -c "! grep -q 'Bksp:boots' '$T/screen'"
keys BSpace
check "--boot -1: Backspace does not leave it" bash -c "sleep 0.3; ! tmux -L '$sock' capture-pane -p -t v | grep -q 'IDX TIME'"
quit_ok "--boot -1"
# A viewer module of another version (ABI 1 had no pstorectl_view_abi): said, not run.
if command -v "${CC:-cc}" >/dev/null; then
	printf 'int pstorectl_view_run(const void *a);\nint pstorectl_view_run(const void *a) { (void)a; return 0; }\n' >"$T/old.c"
	"${CC:-cc}" -shared -fPIC -o "$T/old.so" "$T/old.c"
	PSTORECTL_VIEW_MODULE=$T/old.so start -- --dir "$rec"
	check "a module of another ABI: refused" wait_for "EXIT=1"
	tm capture-pane -p -J -t v >"$T/screen" # the message, its wrapped rows joined
	check "...said so" grep -qF "the viewer module is of another pstorectl (its ABI 1, this one's 2)" "$T/screen"
fi

# ---- hand-made records ----
hm=$T/hand
mkdir -p "$hm"
printf 'before\n\033]0;PWNED\007title\n\033[2Jcleared \033[31mred\033[0m \302\233x caf\303\251\n\033' >"$hm/console-ramoops-0"
: >"$hm/pmsg-ramoops-0"
python3 - "$hm/dmesg-ramoops-1" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Oops#1 Part1\n<6>[    1.000000] start\n")
    f.write("<6>[    1.100000] " + "x" * 300000 + "\n")
    f.write("<6>[    1.200000] after-long\n")
PY
start -- --dir "$hm" console-ramoops-0
check "escapes: the text is shown" wait_for "before"
check "escapes: ESC shown as \\x1b" wait_for '\x1b]0;PWNED\x07title'
check "escapes: the clear-screen sequence is text" wait_for '\x1b[2Jcleared \x1b[31mred\x1b[0m'
check "escapes: a C1 control is escaped" wait_for '\xc2\x9bx'
check "escapes: UTF-8 is shown as UTF-8" wait_for 'café'
check "escapes: the title was not set" bash -c "! tmux -L '$sock' display -p -t v '#{pane_title}' | grep -q PWNED"
tm capture-pane -e -p -t v >"$T/attrs"
check "escapes: no colour from the record" bash -c "grep -a cleared '$T/attrs' | grep -q . && ! grep -a cleared '$T/attrs' | grep -qE $'\e''\[[0-9;]*31m'"
quit_ok "escapes"

start -- --dir "$hm" dmesg-ramoops-1
check "300 KB line: shown wrapped" wait_for "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
keys G
check "300 KB line: G reaches the line after it" wait_for "after-long"
keys g w
check "300 KB line: cut, one row" wait_for "long lines cut"
check "300 KB line: the next line is on the next row" bash -c "sed -n '/start\$/{n;n;p}' '$T/screen' | grep -q after-long || grep -A2 'start' '$T/screen' | grep -q after-long"
quit_ok "300 KB line"

start -- --dir "$hm" pmsg-ramoops-0
check "empty record: said so" wait_for "(empty record)"
quit_ok "empty record"

# 10,000 records
many=$T/many
mkdir -p "$many"
python3 - "$many" <<'PY'
import os, sys
d = sys.argv[1]
for i in range(10000):
    with open(os.path.join(d, "console-efi-%d" % (100000 + i)), "w") as f:
        f.write("<6>[    1.0] record %d\n" % i)
PY
start -- --dir "$many"
check "10,000 records: the list is shown" wait_for "console-efi-100000" 20
keys Tab G
check "10,000 records: G in the list reaches the last" wait_for "console-efi-109999"
keys Enter
check "10,000 records: Enter opens it" wait_for "record 9999"
quit_ok "10,000 records"

# A 256 MiB record: the first screen at once, the end reachable.
big=$T/big
mkdir -p "$big"
python3 - "$big/console-ramoops-0" <<'PY'
import sys
line = b"<6>[ 1234.567890] a console line of typical length, with some words in it\n"
block = line * ((1 << 20) // len(line) + 1)
size = 256 << 20
with open(sys.argv[1], "wb") as f:
    left = size
    while left > 0:
        f.write(block[:left]); left -= len(block[:left])
    f.write(b"<0>[ 9999.000000] the very last line\n")
PY
start -- --dir "$big"
check "256 MiB: the first screen" wait_for "a console line of typical length" 10
keys G
check "256 MiB: G reaches the last line" wait_for "the very last line" 30
keys g / 'very last' Enter
check "256 MiB: search finds the last line" wait_for "the very last line" 30
quit_ok "256 MiB"
rm -rf "$big"

# A dump whose crash line lies 3 MiB in (past the first MiB searched before the first
# screen): it opens there all the same, the search having gone on in the background.
deep=$T/deep
mkdir -p "$deep"
python3 - "$deep/dmesg-ramoops-0" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Panic#1 Part1\n")
    n = t = 0
    while n < 3 << 20:
        t += 1
        line = "<6>[%8d.000000] filler line %d of a long log before the crash\n" % (t, t)
        f.write(line)
        n += len(line)
    f.write("<0>[%8d.000000] Kernel panic - not syncing: deep in the log\n" % (t + 1))
    f.write("<4>[%8d.000000] CPU: 0 PID: 1 Comm: sh\n" % (t + 1))
PY
start -- --dir "$deep"
check "a crash line past the first MiB: the view opens at it" wait_for "not syncing: deep in the log" 10
check "a crash line past the first MiB: not at line 1" bash -c '! grep -q "filler line 1 of" "$1"' _ "$T/screen"
quit_ok "a crash line past the first MiB"
rm -rf "$deep"

# Following: a growing record and a new one appear.
fol=$T/follow
mkdir -p "$fol"
printf '<6>[    1.0] first line\n' >"$fol/console-ramoops-0"
start -- --dir "$fol" --follow
check "follow: started" wait_for "first line"
check "follow: the status says so" wait_for "FOLLOW"
printf '<6>[    2.0] a line that came later\n' >>"$fol/console-ramoops-0"
check "follow: a growing record shows the new line" wait_for "a line that came later"
printf 'Panic#1 Part1\n<0>[    3.0] Kernel panic - not syncing: late\n' >"$fol/dmesg-ramoops-7"
check "follow: a new record appears in the list" wait_for "dmesg-ramoops-7" 10
keys F
check "F: following stopped" wait_for "following stopped"
quit_ok "follow"

echo "1..$_n"
