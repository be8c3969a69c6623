#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Hostile input (issue 16): record contents full of escape sequences, C1 bytes, invalid
# UTF-8, NULs and 1 MB lines reach a terminal escaped (the pty's bytes are read); a record
# source full of links, FIFOs, sockets, devices, odd names, records that change while read
# and 100,000 files: no hang, no crash, no link followed out, a clear error per record.
# The viewer's part is tests/cli/test-hostile-view.sh.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/records-lib.sh"

# The generators and checkers are python (bytes that a shell string cannot hold).
HOSTILE_PY=$T/hostile.py
cat >"$HOSTILE_PY" <<'PY'
import os, subprocess, sys

EVIL = (b"\x1b]0;pwned\x07 osc \x1b[2J csi \x1bPq#0;2;0;0;0\x1b\\ dcs \x9b31m c1csi "
        b"\x9d0;t\x9c \x85\x90\x9f raw-c1 \xc2\x9b utf8-c1 \xff\xfe\xc0\xaf bad-utf8 "
        b"\x00nul\x00 \x7f del \x1bc ris \x07bel \r cr")
BIG = b"<6>" + b"A" * (1 << 20) + b"\x1b[31m" + b"B" * 10 + b"\n"

def gen(d, real):
    """Records of every kind with EVIL in their text, their crash summary and a name."""
    dm = open(real, "rb").read()
    for old in (b"sysrq triggered crash", b"boot.sh", b"6.1.0-56-cloud-amd64",
                b"QEMU Standard PC", b"0x47b7a0"):
        assert old in dm, old
        dm = dm.replace(old, old + EVIL, 1)
    dm = dm.replace(b"Call Trace:\n", b"Call Trace:\n<4>[    2.269000]  " +
                    EVIL.replace(b" ", b"_") + b"+0x1/0x2\n", 1)
    dm = dm.replace(b"Panic#1 Part1\n", b"Panic#1 Part1\n" + BIG + b"<6>" + EVIL + b"\n", 1)
    open(os.path.join(d, "dmesg-ramoops-0"), "wb").write(dm)
    open(os.path.join(d, "console-ramoops-0"), "wb").write(
        b"boot\n" + EVIL + b"\n" + BIG + b"".join(EVIL + b"\n" for _ in range(8)))
    open(os.path.join(d, "pmsg-ramoops-0"), "wb").write((EVIL + b"\n") * 3)
    open(os.path.join(d.encode(), b"ftrace-ramoops\x1b]0;name\x07\x9b1m\xff-0"), "wb").write(EVIL)

def clean(path):
    """What reached the terminal: strict UTF-8, no C0 control but tab, CR, LF, no DEL, no C1."""
    b = open(path, "rb").read()
    try:
        s = b.decode("utf-8", "strict")
    except UnicodeDecodeError as e:
        print("# invalid UTF-8 at byte %d: %r" % (e.start, b[max(0, e.start - 30):e.start + 30]))
        return 1
    for i, ch in enumerate(s):
        o = ord(ch)
        if (o < 0x20 and ch not in "\t\n\r") or 0x7f <= o <= 0x9f:
            print("# raw U+%04X at %d: %r" % (o, i, s[max(0, i - 30):i + 30]))
            return 1
    return 0

def midread(pstorectl, d, name, change, *args):
    """cat --dir D [ARGS]: once it has opened its first record and blocks on the full
    pipe, CHANGE the record NAME; then drain. Prints rc, whether the other record was
    read, and stderr. A hang is killed (rc=hang)."""
    path = os.path.join(d, name)
    p = subprocess.Popen([pstorectl, "cat", "--dir", d] + list(args),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = p.stdout.read(1)
    if change == "truncate":
        os.truncate(path, 300000)
    elif change == "grow":
        with open(path, "ab") as f:
            f.write(b"<6>grown\n" * 500000)
    elif change == "remove":
        os.unlink(path)
    elif change == "fifo":
        os.unlink(path); os.mkfifo(path)
    elif change == "link-out":
        os.unlink(path); os.symlink(sys.argv[-1], path)
    try:
        out, err = p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill(); p.communicate()
        print("rc=hang"); return 0
    out = first + out
    print("rc=%d bytes=%d other=%s secret=%s" % (p.returncode, len(out),
          b"still read" in out, b"SECRET" in out))
    sys.stdout.write(err.decode("utf-8", "replace"))
    return 0

def big(d, mode):
    """A large record (written compressed with mode z) and a small one listed after it."""
    text = b"Panic#1 Part1\n" + b"".join(b"<6>[ %5d.000000] %s\n" % (i, os.urandom(24).hex().encode())
                                          for i in range(80000))
    if mode == "z":
        import zlib
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        open(os.path.join(d, "dmesg-ramoops-0.enc.z"), "wb").write(c.compress(text) + c.flush())
    else:
        open(os.path.join(d, "dmesg-ramoops-0"), "wb").write(text)
    open(os.path.join(d, "console-ramoops-0"), "wb").write(b"still read\n")

def many(d, n):
    """N records, hard links of two files (quick to make on a loaded machine)."""
    os.chdir(d)
    open("dmesg-ramoops-0", "wb").write(b"Panic#1 Part1\n<0>x\n")
    open("pmsg-ramoops-1", "wb").write(b"x\n")
    for i in range(2, n):
        os.link("dmesg-ramoops-0" if i % 2 == 0 else "pmsg-ramoops-1",
                ("dmesg-ramoops-%d" if i % 2 == 0 else "pmsg-ramoops-%d") % i)

if __name__ == "__main__":
    what = sys.argv[1]
    if what == "gen": gen(sys.argv[2], sys.argv[3])
    elif what == "clean": sys.exit(clean(sys.argv[2]))
    elif what == "midread": sys.exit(midread(*sys.argv[2:6], *sys.argv[6:-1]))
    elif what == "big": big(sys.argv[2], sys.argv[3])
    elif what == "many": many(sys.argv[2], int(sys.argv[3]))
PY
hpy() { python3 "$HOSTILE_PY" "$@"; }

# ---- record contents on a terminal ----
if ! command -v script >/dev/null; then
	skip "record contents on a terminal" "no script(1)"
else
	# run_tty ARGS...: pstorectl on a pty (stdout and stderr both terminals), at most
	# 20 s, into $T/out; rc is pstorectl's status.
	# $T/tty holds the bytes, $T/out the lines cut at 400 bytes (for the greps and logs).
	run_tty() {
		script -qec "timeout 20 $(printf '%q ' "$PSTORECTL" "$@") 2>&1; echo \"rc=\$?\" >'$T/rc'" \
			/dev/null >"$T/tty" </dev/null
		rc=$(sed -n 's/^rc=//p' "$T/rc" 2>/dev/null | tr -d '\r'); rc=${rc:-999}
		tr -d '\r' <"$T/tty" | cut -b 1-400 >"$T/out"
	}
	# tty_ok WHAT RC: the status, and every byte on the terminal is printable text
	tty_ok() {
		check "$1: exit status $2 (got $rc)" test "$rc" -eq "$2"
		check "$1: nothing raw reaches the terminal" hpy clean "$T/tty"
	}
	D=$T/evil
	mkdir -p "$D"
	hpy gen "$D" "$FIXTURES/e2e-captured/records-debian61-ecc0/dmesg-ramoops-0"
	shown='\\x1b\]0;pwned\\x07 osc \\x1b\[2J csi \\x1bPq#0;2;0;0;0\\x1b\\ dcs \\x9b31m c1csi \\x9d0;t\\x9c \\x85\\x90\\x9f raw-c1 \\xc2\\x9b utf8-c1 \\xff\\xfe\\xc0\\xaf bad-utf8 \\x00nul\\x00 \\x7f del \\x1bc ris \\x07bel \\x0d cr'

	run_tty cat --dir "$D"
	tty_ok "cat" 0
	expect_out "cat: the text shown escaped" "$shown"
	check "cat: the 1 MB lines are all there" test "$(grep -c 'AAAAAAAAAA.*BBBBBBBBBB' "$T/tty")" -eq 2
	run_tty cat -x --level emerg+ --dir "$D"
	tty_ok "cat -x --level" 0
	expect_out "cat -x --level: the panic line escaped" "emerg : .* Kernel panic - not syncing: sysrq triggered crash$shown"
	check "cat --level emerg+: a 1 MB info line is left out, all of it" bash -c '! grep -q AAAAAAAAAA "$1"' _ "$T/out"
	run_tty cat -r --dir "$D" pmsg
	tty_ok "cat -r" 0
	run_tty tail --dir "$D"
	tty_ok "tail" 0
	run_tty tail -n 5 --dir "$D"
	tty_ok "tail -n 5" 0
	check "tail -n 5: five lines" test "$(grep -c . "$T/out")" -eq 5
	run_tty tail -n 3 --dir "$D" dmesg
	tty_ok "tail -n 3 dmesg" 0
	run_tty tail -n +1 --dir "$D" ftrace
	tty_ok "tail -n +1 of a record whose name and text are hostile" 0
	F=$T/follow
	mkdir -p "$F" && cp "$D/pmsg-ramoops-0" "$F/console-ramoops-0"
	ln -s /dev/zero "$F/console-ramoops-1"
	(sleep 1; cp "$D/pmsg-ramoops-0" "$F/pmsg-ramoops-1"; cp "$D/dmesg-ramoops-0" "$F/dmesg-ramoops-5") &
	script -qec "timeout 4 $(printf '%q ' "$PSTORECTL" tail -f --dir "$F") 2>&1" /dev/null >"$T/tty" </dev/null
	wait
	rc=0; tr -d '\r' <"$T/tty" | cut -b 1-400 >"$T/out"
	check "tail -f: the new records are printed" grep -q "==> dmesg-ramoops-5 <==" "$T/out"
	check "tail -f: nothing raw reaches the terminal" hpy clean "$T/tty"
	check "tail -f: a link is said to be skipped once, not at every rescan" \
		test "$(grep -c 'console-ramoops-1: skipped: a symbolic link' "$T/out")" -eq 1
	run_tty ls --dir "$D"
	tty_ok "ls" 0
	expect_out "ls: the hostile name escaped" 'ftrace-ramoops\\x1b\]0;name\\x07\\x9b1m\\xff-0'
	run_tty ls --output-all --dir "$D"
	tty_ok "ls --output-all" 0
	run_tty ls -J --dir "$D"
	tty_ok "ls -J" 0
	run_tty info --dir "$D"
	tty_ok "info" 0
	expect_out "info: the panic escaped" "^Panic: +sysrq triggered crash"
	run_tty info -J --dir "$D"
	tty_ok "info -J" 0
	run_tty info --dir "$D" console
	tty_ok "info console" 1
	run_tty reason --dir "$D"
	tty_ok "reason" 0
	expect_out "reason: the evidence escaped" "console-ramoops-0: .*csi"
	run_tty reason -J --dir "$D"
	tty_ok "reason -J" 0
	run_tty status --dir "$D"
	tty_ok "status" 0
	run_tty cat --dir "$D" "$(printf 'dmesg\033[2J\233\377')"
	tty_ok "cat of an unknown hostile name (the error message)" 1
fi
# Into a pipe the bytes pass as they are (by design).
"$PSTORECTL" cat -q --dir "$T/evil" dmesg-ramoops-0 >"$T/out" 2>"$T/err"; rc=$?
check "cat into a pipe: the record's bytes as they are" cmp -s "$T/out" "$T/evil/dmesg-ramoops-0"

# ---- a record source full of traps ----
S=$T/src
mkdir -p "$S" "$T/outside/dir"
printf 'Panic#1 Part1\n<0>good record\n' >"$S/dmesg-ramoops-0"
printf 'good console\n' >"$S/console-ramoops-0"
printf 'Oops#1 Part1\n<4>odd dir\n' >"$T/odd-rec"
printf 'SECRET outside file\n' >"$T/outside/dmesg-ramoops-9"
printf 'SECRET outside dir\n' >"$T/outside/dir/pmsg-ramoops-0"
ln -s dmesg-ramoops-0 "$S/dmesg-ramoops-1"                 # inside
ln -s "$T/outside/dmesg-ramoops-9" "$S/dmesg-ramoops-2"    # out, to a file
ln -s "$T/outside/dir" "$S/ramoops"                        # out, to a directory
ln -s /dev/zero "$S/console-ramoops-1"                     # a device, read forever
mkfifo "$S/pmsg-ramoops-1"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$S/pmsg-ramoops-2"
has_mknod=false
mknod "$S/console-ramoops-2" c 1 5 2>/dev/null && has_mknod=true
mkdir -p "$S/dmesg-ramoops-3" && printf 'not a record\n' >"$S/dmesg-ramoops-3/junk"
odd=$(printf 'back\nend\033[2J')
mkdir -p "$S/$odd" && cp "$T/odd-rec" "$S/$odd/dmesg-ramoops-4"
printf 'ftrace\n' >"$S/$(printf 'ftrace-ramoops\nx\033]0;t\007-0')"
cp -a "$S" "$T/src-copy"

# trapped WHAT ARGS...: at most 20 s, no crash, nothing from outside the source
trapped() {
	local what=$1; shift
	timeout 20 "$PSTORECTL" "$@" >"$T/out" 2>"$T/err" </dev/null; rc=$?
	check "$what: no hang, no crash (rc=$rc)" test "$rc" -lt 124
	check "$what: nothing from outside the source" bash -c '! grep -q SECRET "$1" "$2"' _ "$T/out" "$T/err"
}
trapped "ls" ls --dir "$S" -J
expect_json "ls: the regular records are listed, nothing else" \
	'[.records[].name] | sort == ["back\nend\u001b[2J/dmesg-ramoops-4", "console-ramoops-0", "dmesg-ramoops-0", "ftrace-ramoops\nx\u001b]0;t\u0007-0"]'
for name in dmesg-ramoops-1 dmesg-ramoops-2 console-ramoops-1 pmsg-ramoops-1 pmsg-ramoops-2; do
	check "ls: one line says why $name is left out" \
		test "$(grep -c "warning: .*/$name: skipped: .*not a regular file" "$T/err")" -eq 1
done
if $has_mknod; then
	check "ls: one line says why the device node is left out" \
		grep -q "console-ramoops-2: skipped: a device" "$T/err"
fi
check "ls: a directory named like a record is not a record, not an error" bash -c '! grep -q "dmesg-ramoops-3" "$1" "$2"' _ "$T/out" "$T/err"
trapped "ls (table)" ls --dir "$S"
expect_rc "ls (table)" 0
expect_out "ls: a name with a newline and escapes, escaped" 'back\\x0aend\\x1b\[2J/dmesg-ramoops-4'
trapped "status" status --dir "$S"
expect_out "status: the good records counted" "^Records: +4 "
trapped "cat" cat --dir "$S"
expect_out "cat: the good records are read" "good console"
expect_out "cat: the record under the odd directory is read" "odd dir"
for name in dmesg-ramoops-1 dmesg-ramoops-2 console-ramoops-1 pmsg-ramoops-1 ramoops/pmsg-ramoops-0; do
	trapped "cat $name" cat --dir "$S" "$name"
	expect_rc "cat $name" 1
	expect_err "cat $name: named in the error" "^pstorectl: cat: .*$name"
done
trapped "tail" tail --dir "$S"
expect_out "tail: the console record" "good console"
trapped "tail -n 5 dmesg" tail -n 5 --dir "$S" dmesg
trapped "info" info --dir "$S"
trapped "reason" reason --dir "$S"
trapped "archive" archive --dir "$S" --to "$T/arch"
check "archive: no link copied (no SECRET in the archive)" bash -c '! grep -rq SECRET "$1"' _ "$T/arch"
trapped "clear --dry-run --all" clear --dry-run --all --dir "$S"
trapped "clear --all" clear --all --dir "$S"
check "clear --all: the link's target file stays" test -f "$T/outside/dmesg-ramoops-9"
check "clear --all: the linked directory's record stays" test -f "$T/outside/dir/pmsg-ramoops-0"
check "clear --all: the links, FIFO and socket stay" test -L "$S/dmesg-ramoops-2" -a -p "$S/pmsg-ramoops-1" -a -S "$S/pmsg-ramoops-2"
check "clear --all: the good records are gone" test ! -e "$S/dmesg-ramoops-0" -a ! -e "$S/console-ramoops-0"
# --dir itself a FIFO, a device, a file
mkfifo "$T/fifo"
for d in "$T/fifo" /dev/zero "$T/odd-rec"; do
	trapped "ls --dir $d" ls --dir "$d"
	expect_rc "ls --dir $d" 1
	expect_one_error "ls --dir $d"
done

# Unreadable records (root reads everything: drop to nobody).
if [ "$(id -u)" = 0 ] && ! command -v setpriv >/dev/null; then
	skip "unreadable record" "root, and no setpriv to drop it"
else
	asuser=
	[ "$(id -u)" = 0 ] && asuser="setpriv --reuid=65534 --regid=65534 --clear-groups"
	U=$T/unreadable
	mkdir -p "$U/sub" && chmod 755 "$T" "$U"
	printf 'Panic#1 Part1\n<0>locked\n' >"$U/dmesg-ramoops-0"
	printf 'still read\n' >"$U/console-ramoops-0"
	printf 'x\n' >"$U/sub/pmsg-ramoops-0"
	chmod 000 "$U/dmesg-ramoops-0" "$U/sub"
	for args in "cat" "tail -n 5 dmesg" "status" "info" "reason" "clear --dry-run --all"; do
		# shellcheck disable=SC2086
		timeout 20 $asuser "$PSTORECTL" $args --dir "$U" >"$T/out" 2>"$T/err"; rc=$?
		check "unreadable, $args: no hang, no crash (rc=$rc)" test "$rc" -lt 124
		case $args in
		cat)
			expect_rc "unreadable, cat" 1
			expect_err "unreadable, cat: the record named" "^pstorectl: cat: dmesg-ramoops-0: .*Permission denied"
			expect_out "unreadable, cat: the other record read" "still read" ;;
		tail*)
			expect_rc "unreadable, tail" 1
			expect_err "unreadable, tail: the record named" "dmesg-ramoops-0: .*Permission denied" ;;
		esac
	done
fi

# Records that change while they are read: cat has opened the first record (a large one)
# and waits on a full pipe when the change comes.
midread() { # DIR NAME CHANGE [ARGS...]
	hpy midread "$PSTORECTL" "$@" "$T/outside/dmesg-ramoops-9" >"$T/out" 2>&1
	rc=0
}
M=$T/mid
fresh_mid() { rm -rf "$M"; mkdir -p "$M"; hpy big "$M" "$1"; }
fresh_mid plain; midread "$M" dmesg-ramoops-0 grow
check "grows while read: read to the size it had, no hang" grep -q "^rc=0 .* other=True" "$T/out"
fresh_mid plain; midread "$M" dmesg-ramoops-0 truncate
check "truncated while read: no hang, an error, the other record read" grep -q "^rc=1 .* other=True" "$T/out"
expect_out "truncated while read: the record named" "^pstorectl: cat: dmesg-ramoops-0: truncated while being read"
fresh_mid z; midread "$M" dmesg-ramoops-0.enc.z truncate
check "compressed, truncated while read: no hang, an error, the other record read" grep -q "^rc=1 .* other=True" "$T/out"
expect_out "compressed, truncated while read: the record named" "dmesg-ramoops-0.enc.z: .*(truncated|changed)"
fresh_mid plain; midread "$M" console-ramoops-0 remove
check "erased between listing and reading: an error" grep -q "^rc=1 " "$T/out"
expect_out "erased between listing and reading: the record named" "^pstorectl: cat: console-ramoops-0: the record vanished"
fresh_mid plain; midread "$M" console-ramoops-0 fifo
check "a FIFO in place of a record: no hang, an error" grep -q "^rc=1 " "$T/out"
expect_out "a FIFO in place of a record: the record named" "^pstorectl: cat: console-ramoops-0: "
fresh_mid plain; midread "$M" console-ramoops-0 link-out
check "a link out in place of a record: an error, nothing from outside" grep -q "^rc=1 .*secret=False" "$T/out"
fresh_mid plain
(for i in $(seq 200); do printf '<6>more %s\n' "$i" >>"$M/console-ramoops-0"; sleep 0.01; done) &
writer=$!
for args in "ls" "cat" "tail -n 5" "status"; do
	# shellcheck disable=SC2086
	timeout 20 "$PSTORECTL" $args --dir "$M" >"$T/out" 2>"$T/err"; rc=$?
	check "a writer appending, $args: finishes (rc=$rc)" test "$rc" -eq 0
done
kill "$writer" 2>/dev/null; wait "$writer" 2>/dev/null

# 100,000 files: each command in under 30 s.
N=$T/many
mkdir -p "$N"
hpy many "$N" 100000
for args in "ls -n -r -o NAME" "status" "clear --dry-run --all"; do
	start=$(date +%s)
	# shellcheck disable=SC2086
	timeout 30 "$PSTORECTL" $args --dir "$N" >"$T/out" 2>"$T/err"; rc=$?
	check "100,000 records, $args: done in $(($(date +%s) - start)) s (rc=$rc)" test "$rc" -eq 0
	case $args in
	ls*) check "100,000 records: all listed" test "$(wc -l <"$T/out")" -eq 100000 ;;
	clear*) check "100,000 records: all would be erased" test "$(grep -c '^would erase' "$T/out")" -eq 100000 ;;
	esac
done
echo "1..$_n"
