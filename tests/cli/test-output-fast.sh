#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The tables of cli/table.c: off a terminal and without colour, plain-ASCII tables are
# printed by a fast path, not by libsmartcols. libsmartcols is the oracle here: with
# --color=always it prints the table itself (colours are wanted, but no cell has one), and
# both outputs must be the same bytes, for every column choice and width rule.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/records-lib.sh"

strip_sgr() { sed 's/\x1b\[[0-9;]*m//g' "$1"; }
# same WHAT ARGS...: pstorectl ARGS (fast path) and pstorectl --color=always ARGS agree.
same() {
	local what=$1 r1 r2; shift
	"$PSTORECTL" "$@" >"$T/fast" 2>&1; r1=$?
	"$PSTORECTL" --color=always "$@" >"$T/scols" 2>&1; r2=$?
	if [ "$r1" = "$r2" ] && cmp -s "$T/fast" <(strip_sgr "$T/scols"); then
		ok "$what: the same as libsmartcols"
	else
		not_ok "$what: the same as libsmartcols"
		diff <(strip_sgr "$T/scols") "$T/fast" | head -10 | sed 's/^/# /'
	fi
}

D=$T/hand
records_copy "$FIXTURES/records-handmade" "$D"
for o in "" "-n" "-b" "--output-all" "-o SIZE,NAME,ID" "-o NAME,ID" "-o ID" \
	"-o ECC,TIME" "--type console -o NAME,TIME" "-o +MTIME"; do
	# shellcheck disable=SC2086
	same "ls $o" ls --dir "$D" $o
done

# -J: printable ASCII tables are written by the JSON fast path; the same bytes.
for o in "" "-o NAME" "-o SIZE,NAME,ID" "-o COMPRESSED,ECC,COUNT" "--output-all" "-n -b"; do
	# shellcheck disable=SC2086
	same "ls -J $o" ls -J --dir "$D" $o
done
Q=$T/quote
mkdir "$Q"
printf 'Panic#1 Part1\nx\n' >"$Q/dmesg-ramoops-1"
printf 'x' >"$Q/a\"quote"
printf 'x' >"$Q/a\\backslash"
# (files that are not records are listed only with --all-files)
same "ls -J of names with \" and \\" ls -J --all-files --dir "$Q"
run ls -J --all-files --dir "$Q"
check "ls -J of names with \" and \\: valid JSON" jq -e '.records | length == 3' "$T/out"
mkdir "$T/empty-j"
same "ls -J of no records" ls -J --dir "$T/empty-j"

# Width hints: ID (hint 3) of two-digit ids is 3 wide, TIME (hint 20) of only "-" is as
# wide as its header, ECC (hint 5) of "-" as its header.
W=$T/wide
mkdir "$W"
for i in 7 10 11; do printf 'Oops#2 Part1\nx\n' >"$W/dmesg-ramoops-$i"; done
printf 'hello\n\nECC: No errors detected\n' >"$W/console-ramoops-0"
same "ls of two-digit ids" ls --dir "$W"
same "ls of two-digit ids, ID last" ls --dir "$W" -o NAME,ID
same "ls, TIME of '-' only" ls --dir "$W" --type console
run ls --dir "$W" -o ID,NAME -n
check "ID of two-digit ids is 3 wide, right-aligned" test "$(sed -n 1p "$T/out")" = "  7 dmesg-ramoops-7"

# Cells that are not plain ASCII go to libsmartcols (UTF-8 widths, escapes); the same.
U=$T/utf8
mkdir "$U"
printf 'x' >"$U/dmesg-ramoops-1"
printf 'x' >"$U/r$(printf '\xc3\xa9')sum$(printf '\xc3\xa9')"
printf 'x' >"$U/esc$(printf '\033')[31mred"
printf 'x' >"$U/tab$(printf '\t')name"
same "ls of UTF-8 and control characters" ls --dir "$U"
same "ls -J of UTF-8 and control characters" ls -J --dir "$U"
run ls --dir "$U" -o NAME
check "the escape sequence in a name is not printed raw" bash -c "! grep -q $'\033' '$T/out'"

# An empty listing: nothing, as libsmartcols prints it.
mkdir "$T/empty"
same "ls of no records" ls --dir "$T/empty"

# plan --all: right-aligned addresses and sizes.
for f in "$FIXTURES"/iomem/*.txt; do
	same "plan --all $(basename "$f")" plan --iomem "$f" --all --initrd-room 0
done
same "plan --all -n -o RAM,SIZE" plan --iomem "$FIXTURES/iomem/imx8qm-mek.txt" --all \
	--initrd-room 0 -n -o RAM,SIZE

# The rows line up with the header: each column starts where its header starts.
run ls --dir "$D" -o NAME,TYPE,SIZE
check "columns line up" python3 -c '
import sys
lines = open(sys.argv[1]).read().splitlines()
h = lines[0]
starts = [h.index(w) for w in ("NAME", "TYPE")]
for l in lines[1:]:
    assert l[starts[1] - 1] == " " and l[starts[1]] != " ", l
    assert not l.endswith(" "), l
' "$T/out"

# A write error is an error.
if [ -w /dev/full ]; then
	"$PSTORECTL" ls --dir "$D" >/dev/full 2>"$T/err"; rc=$?
	expect_rc "ls into a full device" 1
	expect_err "ls into a full device" "^pstorectl: ls: write error"
fi
echo "1..$_n"
