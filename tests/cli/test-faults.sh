#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Faults on every path that writes or erases (issue 16): clear --archive, archive,
# dts --patch --output / --in-place and decode --to, each run under strace with
#  - an error (ENOSPC, EROFS, EIO) injected at the first and the last call of every
#    system call it makes that reads, writes, syncs, renames, links, unlinks or makes a
#    directory, and
#  - SIGKILL at random points (FAULT_KILLS per command; a fixed seed, so a failure
#    reproduces; FAULT_SEED to vary it).
# After each: no record erased without a complete copy, no partial file under a final
# name, the input never modified, and a run without faults finishes the job. The last
# lines report the number of injected faults and of losses (the goal is 0).
. "$(dirname "$0")/lib.sh"

if ! command -v strace >/dev/null || ! strace -f -o /dev/null true 2>/dev/null ||
	[ "${SANITIZE:-}" = 1 ] || [ "${VALGRIND:-}" = 1 ]; then
	echo "1..0 # skip: strace cannot trace here (or a sanitizer/valgrind run)"
	exit 0
fi

KILLS=${FAULT_KILLS:-40}
RANDOM=${FAULT_SEED:-16}
SYSCALLS="openat read pread64 write pwrite64 fsync fdatasync renameat2 renameat linkat
unlinkat mkdir mkdirat ftruncate copy_file_range sendfile splice utimensat getdents64"
W=$T/w
faults=0 kills=0 losses=0

# The system calls (of SYSCALLS) a clean run makes, "name count" per line.
profile() {
	strace -f -c -U name,calls -o "$T/profile" "$@" >/dev/null 2>&1
	awk -v want=" $(echo $SYSCALLS) " 'index(want, " " $1 " ") && $2 > 0 { print $1, $2 }' "$T/profile"
}
# injected SPEC ARGS...: pstorectl under strace with one injection (-e inject=SPEC).
injected() {
	local sc=${1%%:*}
	# (the braces keep bash's "Killed" notice out of the log)
	{ (strace -f -o /dev/null -e trace="$sc" -e inject="$1" "$PSTORECTL" "${@:2}" \
		>/dev/null 2>"$T/ferr"); } 2>/dev/null
}
# problem TEXT: one loss (or leftover) seen after a fault.
problem() { losses=$((losses + 1)); echo "# $fault: $*"; }

# same_as_one_of FILE DIR: FILE's bytes equal those of some file of DIR.
same_as_one_of() {
	local g
	for g in "$2"/*; do cmp -s "$1" "$g" && return 0; done
	return 1
}

# ---- clear --archive ----------------------------------------------------------------
# the records (made once): dumps of several write() calls each, a binary console record
# (reason.json then quotes bytes that are not UTF-8), a pmsg marker, a file that is not a
# record
mkdir -p "$T/recs"
for i in 0 1 2 3; do
	{ printf 'Panic#1 Part%d\n' $((i + 1)); head -c $((20000 + i * 7000)) /dev/urandom | base64; } \
		>"$T/recs/dmesg-ramoops-$i"
done
head -c 150000 /dev/urandom >"$T/recs/console-ramoops-0"
printf 'pstorectl: boot\n' >"$T/recs/pmsg-ramoops-0"
printf 'not a record\n' >"$T/recs/notes.txt"
setup_clear() {
	rm -rf "$W"; mkdir -p "$W"
	cp -a "$T/recs" "$W/src"; cp -a "$T/recs" "$W/orig"
}
clear_cmd=(clear --dir "$W/src" --all --yes --archive "$W/arch")
# archived copies are NAME or NAME.N; temporary files start with a dot
check_clear() {
	local f g n
	cmp -s "$W/src/notes.txt" "$W/orig/notes.txt" || problem "notes.txt touched"
	for f in "$W"/orig/*-ramoops-*; do
		n=$(basename "$f")
		if [ -e "$W/src/$n" ]; then
			cmp -s "$f" "$W/src/$n" || problem "$n changed in the source"
		elif ! same_as_one_of "$f" "$W/arch"; then
			problem "$n erased without a complete copy"
		fi
	done
	for g in "$W"/arch/*; do
		[ -e "$g" ] || continue
		n=$(basename "$g"); n=${n%.[0-9]*}
		cmp -s "$g" "$W/orig/$n" || problem "$(basename "$g"): partial file under its final name"
	done
}
done_clear() {
	local f
	[ -z "$(cd "$W/src" && ls -A | grep -v '^notes.txt$')" ] || problem "the rerun left records"
	for f in "$W"/orig/*-ramoops-*; do
		same_as_one_of "$f" "$W/arch" || problem "$(basename "$f") not archived by the rerun"
	done
}

# ---- archive (per-boot) ---------------------------------------------------------------
setup_archive() { setup_clear; }
archive_cmd=(archive --dir "$W/src" --to "$W/arch")
boot_files() { [ -d "$W/arch" ] && find "$W/arch" -mindepth 2 -maxdepth 2 -type f -path "$W/arch/[!.]*/*" ! -name '.*'; }
check_archive() {
	local f n found
	cmp -s "$W/src/notes.txt" "$W/orig/notes.txt" || problem "notes.txt touched"
	for f in "$W"/orig/*-ramoops-*; do
		n=$(basename "$f")
		if [ -e "$W/src/$n" ]; then
			cmp -s "$f" "$W/src/$n" || problem "$n changed in the source"
			continue
		fi
		found=
		while read -r g; do cmp -s "$f" "$g" && found=1; done < <(boot_files)
		[ -n "$found" ] || problem "$n erased without a complete copy in a boot directory"
	done
	while read -r g; do
		n=$(basename "$g")
		case $n in
		*-ramoops-*) cmp -s "$g" "$W/orig/$n" || problem "$n: partial record in a boot directory" ;;
		*.json) python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$g" 2>/dev/null ||
				problem "$n: not complete JSON" ;;
		*.txt) [ -f "$W/ref/$n" ] && ! cmp -s "$g" "$W/ref/$n" && problem "$n: partial text" ;;
		esac
	done < <(boot_files)
}
done_archive() {
	local f found
	[ -z "$(cd "$W/src" && ls -A | grep -v '^notes.txt$')" ] || problem "the rerun left records"
	for f in "$W"/orig/*-ramoops-*; do
		found=
		while read -r g; do cmp -s "$f" "$g" && found=1; done < <(boot_files)
		[ -n "$found" ] || problem "$(basename "$f") not archived by the rerun"
	done
	[ -z "$(find "$W/arch" -mindepth 1 -maxdepth 1 -name '.*' 2>/dev/null)" ] || problem "work files left"
}

# ---- dts --patch: --output over an older file, and --in-place -------------------------
dtc -q -I dts -O dtb -o "$T/in.dtb" "$FIXTURES/dts/board-norm.dts"
setup_dts() {
	rm -rf "$W"; mkdir -p "$W"
	cp "$T/in.dtb" "$W/in.dtb"; cp "$T/in.dtb" "$W/inplace.dtb"
	printf 'an older output\n' >"$W/out.dtb"; cp "$W/out.dtb" "$W/out.old"
}
dts_out_cmd=(dts --patch "$W/in.dtb" --output "$W/out.dtb")
# --replace: a rerun after a patch that took effect patches the node again, same bytes
dts_inplace_cmd=(dts --patch "$W/inplace.dtb" --in-place --replace)
check_dts_out() {
	cmp -s "$W/in.dtb" "$T/in.dtb" || problem "the input DTB changed"
	cmp -s "$W/out.dtb" "$W/out.old" || cmp -s "$W/out.dtb" "$T/ref.dtb" ||
		problem "out.dtb is neither the old file nor the whole new one"
}
done_dts_out() { cmp -s "$W/out.dtb" "$T/ref.dtb" || problem "the rerun did not write out.dtb"; }
check_dts_inplace() {
	cmp -s "$W/inplace.dtb" "$T/in.dtb" || cmp -s "$W/inplace.dtb" "$T/ref.dtb" ||
		problem "inplace.dtb is neither the old DTB nor the whole new one"
}
done_dts_inplace() { cmp -s "$W/inplace.dtb" "$T/ref.dtb" || problem "the rerun did not patch it"; }

# ---- decode --to --------------------------------------------------------------------
xz -dc "$FIXTURES/images/minimal-ecc16/image.bin.xz" >"$T/img.bin"
LAYOUT=(--record-size 16K --console-size 16K --pmsg-size 16K --ecc 1)
setup_decode() { rm -rf "$W"; mkdir -p "$W"; cp "$T/img.bin" "$W/img.bin"; }
decode_cmd=(decode "$W/img.bin" "${LAYOUT[@]}" --to "$W/dec")
check_decode() {
	local g n
	cmp -s "$W/img.bin" "$T/img.bin" || problem "the image changed"
	for g in "$W"/dec/*; do
		[ -e "$g" ] || continue
		n=$(basename "$g"); n=${n%.[0-9]*}
		cmp -s "$g" "$T/refdec/$n" || problem "$(basename "$g"): partial file"
	done
}
# decode never replaces a file: a rerun over records already written adds NAME.1 copies
done_decode() {
	local f
	for f in "$T"/refdec/*; do
		same_as_one_of "$f" "$W/dec" || problem "$(basename "$f") not written by the rerun"
	done
}

# one_command NAME: the error matrix and the kills for one command.
one_command() {
	local name=$1 setup=$2 check=$3 fin=$4 sc n err k total lines=()
	local -n cmd=$5
	local l
	$setup
	mapfile -t lines < <(profile "$PSTORECTL" "${cmd[@]}")
	[ ${#lines[@]} -gt 0 ] || { not_ok "$name: strace saw its system calls"; return; }
	local before=$losses f0=$faults k0=$kills
	for l in "${lines[@]}"; do
		read -r sc total <<<"$l"
		for n in $(printf '%s\n' 1 "$total" | sort -un); do
			for err in ENOSPC EROFS EIO; do
				fault="$name: $sc #$n -> $err"
				$setup
				injected "$sc:error=$err:when=$n" "${cmd[@]}"
				faults=$((faults + 1))
				$check
				# an error (not a kill) leaves no temporary file behind
				[ -z "$(find "$W" -name '.*' ! -name '.' ! -name '.archived' 2>/dev/null)" ] ||
					problem "temporary files left: $(find "$W" -name '.*' ! -name '.' ! -name '.archived' | head -3 | tr '\n' ' ')"
				"$PSTORECTL" "${cmd[@]}" >/dev/null 2>&1 || problem "the rerun failed"
				$fin
			done
		done
	done
	for ((k = 0; k < KILLS; k++)); do
		read -r sc total <<<"${lines[RANDOM % ${#lines[@]}]}"
		n=$((RANDOM % total + 1))
		fault="$name: SIGKILL at $sc #$n"
		$setup
		injected "$sc:signal=SIGKILL:when=$n" "${cmd[@]}"
		kills=$((kills + 1))
		$check
		"$PSTORECTL" "${cmd[@]}" >/dev/null 2>&1 || problem "the rerun failed"
		$fin
	done
	check "$name: $((faults - f0)) errors and $((kills - k0)) kills injected, nothing lost" \
		test "$losses" = "$before"
}

# the references, from runs without faults
setup_dts
"$PSTORECTL" dts --patch "$T/in.dtb" --output "$T/ref.dtb" >/dev/null 2>&1
check "dts reference" test -s "$T/ref.dtb"
setup_decode
"$PSTORECTL" decode "$T/img.bin" "${LAYOUT[@]}" --to "$T/refdec" >/dev/null 2>&1
check "decode reference" test -s "$T/refdec/dmesg-ramoops-0"
setup_archive
"$PSTORECTL" archive --dir "$W/src" --to "$T/refarch" >/dev/null 2>&1
mkdir -p "$W/ref"; cp "$T"/refarch/*/*.txt "$W/ref/" 2>/dev/null; cp -a "$W/ref" "$T/reftxt"
setup_archive() { setup_clear; cp -a "$T/reftxt" "$W/ref"; }

one_command "clear --archive" setup_clear check_clear done_clear clear_cmd
one_command "archive" setup_archive check_archive done_archive archive_cmd
one_command "dts --patch --output" setup_dts check_dts_out done_dts_out dts_out_cmd
one_command "dts --patch --in-place" setup_dts check_dts_inplace done_dts_inplace dts_inplace_cmd
one_command "decode --to" setup_decode check_decode done_decode decode_cmd
echo "# faults injected: $faults errors, $kills kills; losses: $losses"
echo "1..$_n"
