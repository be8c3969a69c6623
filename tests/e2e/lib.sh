# SPDX-License-Identifier: LGPL-2.1-or-later
# Harness of the real-kernel suite: builds busybox initramfs images, drives QEMU through
# FIFOs (serial console + monitor), and brings guest files back byte-exact as base64.
# Sourced by tests/e2e/run, capture.sh and demo.sh; bash only, no expect, no python.
# shellcheck shell=bash

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck disable=SC2034  # for run, capture.sh, demo.sh
E2E_REPO=$(cd "$E2E_DIR/../.." && pwd)
# shellcheck source=config.sh
. "$E2E_DIR/config.sh"

# Timeouts (seconds, TCG on 2 cores). A Debian kernel reaches /init in ~4 s and a whole
# crash+reset cycle takes ~15 s; these leave 10x room for a loaded CI machine.
E2E_BOOT_TIMEOUT=${E2E_BOOT_TIMEOUT:-90}
E2E_STEP_TIMEOUT=${E2E_STEP_TIMEOUT:-60}
E2E_QEMU_TIMEOUT=${E2E_QEMU_TIMEOUT:-300}

e2e_log() { printf '%s\n' "$*" >&2; }
e2e_die() { printf 'e2e: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------
# Cache and fetched artefacts

# e2e_fetch: make sure the cache is complete (fetch.sh is a no-op when it is) and load the
# paths. E2E_NO_FETCH=1 trusts an existing fetched.env (for working on the harness).
e2e_fetch() {
	if [[ ${E2E_NO_FETCH:-0} != 1 ]]; then
		"$E2E_DIR/fetch.sh" all >&2 || e2e_die "tests/e2e/fetch.sh failed"
	fi
	[[ -f $E2E_CACHE/fetched.env ]] || e2e_die "no $E2E_CACHE/fetched.env: run tests/e2e/fetch.sh"
	# shellcheck source=/dev/null
	. "$E2E_CACHE/fetched.env"
}

# ---------------------------------------------------------------------------------------
# Initramfs

# The guest side of the protocol, shared by every image. It must run on busybox ash.
e2e_write_guest_lib() {
	cat >"$1" <<'EOF'
# guest helpers (busybox ash), sourced by /init and the boot scripts
mark() { echo "E2E:$*"; }
# put FILE [NAME]: print FILE as base64 between markers; the host decodes it byte-exact.
put() {
	_n=${2:-${1#/}}
	if [ -e "$1" ]; then
		echo "E2E:FILE-BEGIN $_n"
		base64 <"$1"
		echo "E2E:FILE-END $_n"
	else
		echo "E2E:FILE-MISSING $_n"
	fi
}
# cap NAME CMD...: run CMD, send back its command line, stdout, stderr and exit status as
# NAME.cmd/.out/.err/.rc
cap() {
	_c=$1
	shift
	mkdir -p /tmp/cap
	echo "$*" >/tmp/cap/$_c.cmd
	put /tmp/cap/$_c.cmd $_c.cmd
	"$@" >/tmp/cap/$_c.out 2>/tmp/cap/$_c.err
	echo $? >/tmp/cap/$_c.rc
	put /tmp/cap/$_c.out $_c.out
	put /tmp/cap/$_c.err $_c.err
	put /tmp/cap/$_c.rc $_c.rc
}
# putdir DIR NAME: every regular file of DIR (one level), plus their mtimes in NAME/MTIMES
putdir() {
	mkdir -p /tmp/mt
	: >/tmp/mt/$2
	for _f in "$1"/*; do
		[ -f "$_f" ] || continue
		put "$_f" "$2/${_f##*/}"
		echo "${_f##*/} $(stat -c %Y "$_f")" >>/tmp/mt/$2
	done
	put /tmp/mt/$2 "$2/MTIMES"
}
# busybox-static 1.35 in Debian has no mountpoint applet
mount_pstore() {
	grep -q ' /sys/fs/pstore ' /proc/mounts || mount -t pstore pstore /sys/fs/pstore
}
crash() {
	mark CRASH
	sync
	echo c >/proc/sysrq-trigger
}
EOF
}

e2e_write_init() {
	cat >"$1" <<'EOF'
#!/bin/busybox sh
# e2e /init: set up the minimum, ask the host which boot this is, run that boot's script.
/bin/busybox --install -s /bin
export PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /tmp /run
mount -t tmpfs tmpfs /tmp
# Keep kernel messages out of the base64 stream; a panic is KERN_EMERG and still shows.
dmesg -n 1
. /e2e/guest-lib.sh
[ -f /e2e/env ] && . /e2e/env
mark "INIT $(cut -d' ' -f1 /proc/uptime)"
# A QEMU reset keeps RAM and the command line, so only the host knows the boot number.
stty -echo 2>/dev/null
mark "BOOT?"
read -r BOOT
BOOT=$(echo "$BOOT" | tr -dc 0-9)
export BOOT
mark "BOOT $BOOT"
if [ -x /e2e/pre.sh ]; then /e2e/pre.sh; fi
/e2e/boot.sh "$BOOT"
mark "DONE $BOOT rc=$? $(cut -d' ' -f1 /proc/uptime)"
while :; do sleep 3600; done
EOF
	chmod 755 "$1"
}

# e2e_guest_lib HOSTPATH: where a library lives in the guest. System libraries keep their
# absolute path; others (libpstore.so.0 in the build tree, wherever the checkout is) go to
# /opt/e2e/lib, since the guest mounts a tmpfs over /tmp and a checkout may live there.
e2e_guest_lib() {
	case $1 in
	/lib/* | /lib64/* | /usr/*) echo "$1" ;;
	*) echo "/opt/e2e/lib/$(basename "$1")" ;;
	esac
}

# e2e_copy_libs_of ROOT FILE: every library ldd resolves for FILE (with the caller's
# LD_LIBRARY_PATH), placed as e2e_guest_lib says.
e2e_copy_libs_of() {
	local root=$1 file=$2 lib dst
	while read -r lib; do
		[[ -n $lib ]] || continue
		dst=$(e2e_guest_lib "$lib")
		mkdir -p "$root$(dirname "$dst")"
		cp -Ln "$lib" "$root$dst"
	done < <(ldd "$file" 2>/dev/null | awk '/=> \//{print $3} /^[[:space:]]*\/[^ ]*ld-linux/{print $1}')
}

# e2e_copy_with_libs ROOT FILE [DEST]: FILE and every library it needs, so a dynamically
# linked binary runs in the guest unchanged.
e2e_copy_with_libs() {
	local root=$1 file=$2 dest=${3:-$2}
	mkdir -p "$root$(dirname "$dest")"
	cp -L "$file" "$root$dest"
	e2e_copy_libs_of "$root" "$file"
	# Libraries libpstore loads with dlopen() only when a command needs them (libkmod for
	# check and load): ldd cannot see them, so they and their own libraries come by name.
	local so path
	for so in ${E2E_DLOPEN_LIBS-libkmod.so.2}; do
		# awk reads to the end: an early exit would SIGPIPE ldconfig, fatal under pipefail
		path=$(ldconfig -p | awk -v so="$so" '$1 == so && /x86-64/ && !p {p = $NF} END {print p}')
		[[ -n $path ]] || e2e_die "$so: not installed on the host (needed in the guest)"
		e2e_copy_libs_of "$root" "$path"
		mkdir -p "$root$(dirname "$path")"
		cp -Ln "$path" "$root$path"
		[[ -e $root$(dirname "$path")/$so ]] || ln -s "$(basename "$path")" "$root$(dirname "$path")/$so"
	done
	# The guest has no ld.so.cache: every directory the libraries went to is searched.
	local dirs lib
	dirs=$({ ldd "$file" 2>/dev/null || true; } | awk '/=> \//{print $3}' |
		while read -r lib; do dirname "$(e2e_guest_lib "$lib")"; done | sort -u | tr '\n' ':')
	printf 'export LD_LIBRARY_PATH=%s\n' "${dirs%:}" >>"$root/e2e/env"
}

# e2e_foreign_libs FILE TRIPLET [DIR...]: the shared libraries a binary of another
# architecture needs, recursively, one absolute path a line, found as its dynamic loader
# would: in DIRs (the build tree), then in TRIPLET's multiarch directories, where the
# :arm64 / :armhf packages put them. (ldd cannot load a foreign binary; readelf reads any.)
e2e_foreign_libs() {
	local file=$1 triplet=$2
	shift 2
	local dirs=("$@" "/lib/$triplet" "/usr/lib/$triplet") queue=("$file") seen=" " f so d found
	while ((${#queue[@]})); do
		f=${queue[0]}
		queue=("${queue[@]:1}")
		while read -r so; do
			[[ $seen == *" $so "* ]] && continue
			seen+="$so "
			found=
			for d in "${dirs[@]}"; do
				[[ -e $d/$so ]] && { found=$d/$so; break; }
			done
			[[ -n $found ]] || e2e_die "$so (needed by $f) is in none of ${dirs[*]} (make deps ARCH=...?)"
			printf '%s\n' "$found"
			queue+=("$found")
		done < <(readelf -dW "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
	done
}

# e2e_copy_foreign ROOT FILE DEST TRIPLET: a binary of another architecture (a cross-built
# pstorectl) with its dynamic loader, its libraries and the ones libpstore dlopen()s, for a
# guest of that architecture. The build tree's libraries go to /opt/e2e/lib, the system's
# keep their path; LD_LIBRARY_PATH names both, as the guest has no ld.so.cache.
e2e_copy_foreign() {
	local root=$1 file=$2 dest=$3 triplet=$4 interp lib so path
	mkdir -p "$root$(dirname "$dest")"
	cp -L "$file" "$root$dest"
	interp=$(readelf -lW "$file" | sed -n 's/.*program interpreter: \(.*\)\]/\1/p')
	[[ -n $interp && -e $interp ]] || e2e_die "$file: dynamic loader '$interp' not installed (libc6:ARCH)"
	mkdir -p "$root$(dirname "$interp")"
	cp -L "$interp" "$root$interp"
	{
		e2e_foreign_libs "$file" "$triplet" "$(dirname "$file")"
		for so in ${E2E_DLOPEN_LIBS-libkmod.so.2}; do
			path=
			for d in "/lib/$triplet" "/usr/lib/$triplet"; do
				[[ -e $d/$so ]] && { path=$d/$so; break; }
			done
			[[ -n $path ]] || e2e_die "$so for $triplet not installed (needed in the guest)"
			printf '%s\n' "$path"
			e2e_foreign_libs "$path" "$triplet"
		done
	} | sort -u | while read -r lib; do
		path=$(e2e_guest_lib "$lib")
		mkdir -p "$root$(dirname "$path")"
		cp -L "$lib" "$root$path"
	done
	printf 'export LD_LIBRARY_PATH=/opt/e2e/lib:/lib/%s:/usr/lib/%s\n' "$triplet" "$triplet" >>"$root/e2e/env"
}

# e2e_add_modules ROOT KROOT KVER MOD...: the named modules (with their dependencies) from an
# extracted linux-image, and a modules.dep for exactly that subset built by depmod, so both
# busybox modprobe and libkmod resolve them.
e2e_add_modules() {
	local root=$1 kroot=$2 kver=$3 m path dep
	shift 3
	local src="$kroot/lib/modules/$kver" dst="$root/lib/modules/$kver"
	mkdir -p "$dst"
	local todo=("$@") seen=()
	while ((${#todo[@]})); do
		m=${todo[0]}
		todo=("${todo[@]:1}")
		[[ " ${seen[*]} " == *" $m "* ]] && continue
		seen+=("$m")
		path=$(awk -F: -v m="$m" '{n=$1; sub(/.*\//,"",n); sub(/\.ko(\.[a-z]+)?$/,"",n); gsub("-","_",n)} n==m {print $1; exit}' "$src/modules.dep")
		[[ -n $path ]] || e2e_die "module $m not in $src/modules.dep"
		mkdir -p "$dst/$(dirname "$path")"
		cp "$src/$path" "$dst/$path"
		# shellcheck disable=SC2013  # modules.dep lists dependencies as words
		for dep in $(awk -F: -v p="$path" '$1==p {print $2}' "$src/modules.dep"); do
			dep=${dep##*/}
			dep=${dep%%.ko*}
			todo+=("${dep//-/_}")
		done
	done
	cp "$src"/modules.order "$src"/modules.builtin "$src"/modules.builtin.modinfo "$dst/" 2>/dev/null || true
	depmod -b "$root" "$kver" >&2
}

# e2e_initramfs OUT BUSYBOX BOOTSCRIPT [STAGE]: pack a gzip newc cpio. STAGE may already hold
# extra files (pstorectl, modules); /init, busybox and the boot script are added here.
e2e_initramfs() {
	local out=$1 busybox=$2 script=$3 stage=${4:-}
	[[ -n $stage ]] || stage=$(mktemp -d)
	mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,e2e,etc,root}
	mkdir -p "$stage/sys/fs/pstore" "$stage/lib/modules"
	cp "$busybox" "$stage/bin/busybox"
	e2e_write_init "$stage/init"
	e2e_write_guest_lib "$stage/e2e/guest-lib.sh"
	cp "$script" "$stage/e2e/boot.sh"
	chmod 755 "$stage/e2e/boot.sh"
	touch "$stage/e2e/env"
	(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
		cpio --quiet -o -0 -H newc -R 0:0 | gzip -1) >"$out"
}

# ---------------------------------------------------------------------------------------
# QEMU driver. One VM at a time per shell; state lives in VM_* variables.

VM_PIDS=()

e2e_cleanup() {
	local p
	for p in "${VM_PIDS[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${VM_PIDS[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	VM_PIDS=()
}

e2e_now() { # milliseconds since the epoch
	local s=${EPOCHREALTIME/./}
	printf '%s\n' "${s:0:-3}"
}

e2e_elapsed() { # seconds since the VM started, one decimal
	local ms=$(($(e2e_now) - VM_T0))
	printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}

# vm_start DIR ARCH KERNEL INITRD APPEND [QEMU ARGS...]
vm_start() {
	VM_DIR=$1
	local arch=$2 kernel=$3 initrd=$4 append=$5
	shift 5
	mkdir -p "$VM_DIR"
	rm -f "$VM_DIR"/{ser,mon}.{in,out} "$VM_DIR/serial.log" "$VM_DIR/monitor.log"
	mkfifo "$VM_DIR/ser.in" "$VM_DIR/ser.out" "$VM_DIR/mon.in" "$VM_DIR/mon.out"
	VM_SERIAL=$VM_DIR/serial.log
	VM_LINE=0
	VM_PROMPTS=0
	VM_BOOTS=0
	VM_TIMES=""
	: >"$VM_SERIAL"
	: >"$VM_DIR/monitor.log"
	local qemu
	case $arch in
	x86_64) qemu=(qemu-system-x86_64 -accel tcg -smp 1) ;;
	arm64) qemu=(qemu-system-aarch64 -accel tcg -M virt -cpu cortex-a57 -smp 1) ;;
	armhf) qemu=(qemu-system-arm -accel tcg -M virt -cpu cortex-a15 -smp 1) ;;
	*) e2e_die "unknown arch $arch" ;;
	esac
	qemu+=(-kernel "$kernel" -initrd "$initrd" -append "$append"
		-display none -no-shutdown
		-monitor "pipe:$VM_DIR/mon"
		-chardev "pipe,id=ser0,path=$VM_DIR/ser" -serial chardev:ser0 "$@")
	printf '%q ' "${qemu[@]}" >"$VM_DIR/qemu-cmdline"
	echo >>"$VM_DIR/qemu-cmdline"
	# Both ends open the FIFOs read-write, so no open() ever blocks whatever the order, and
	# the drains below never see EOF: they are killed at cleanup instead.
	exec {VM_SER_IN}<>"$VM_DIR/ser.in" {VM_MON_IN}<>"$VM_DIR/mon.in"
	cat <>"$VM_DIR/ser.out" >>"$VM_SERIAL" &
	VM_PIDS+=($!)
	cat <>"$VM_DIR/mon.out" >>"$VM_DIR/monitor.log" &
	VM_PIDS+=($!)
	VM_T0=$(e2e_now)
	timeout --kill-after=5 "$E2E_QEMU_TIMEOUT" "${qemu[@]}" \
		</dev/null >"$VM_DIR/qemu.stdout" 2>"$VM_DIR/qemu.stderr" &
	VM_QEMU=$!
	VM_PIDS+=("$VM_QEMU")
}

vm_alive() { kill -0 "$VM_QEMU" 2>/dev/null; }

# Serial lines without the \r the console adds.
vm_lines() { tr -d '\r' <"$VM_SERIAL"; }

# vm_wait REGEX [TIMEOUT]: wait for a serial line (after the last one matched) matching the
# extended regex; sets VM_MATCH to the line. Fails with the serial log path on timeout.
vm_wait() {
	local re=$1 t=${2:-$E2E_STEP_TIMEOUT} deadline n
	deadline=$(($(e2e_now) + t * 1000))
	while :; do
		n=$(vm_lines | awk -v from="$VM_LINE" -v re="$re" 'NR > from && $0 ~ re && !n {n = NR} END {if (n) print n}')
		if [[ -n $n ]]; then
			VM_LINE=$n
			VM_MATCH=$(vm_lines | sed -n "${n}p")
			return 0
		fi
		if ! vm_alive; then
			VM_ERROR="QEMU exited while waiting for /$re/ ($(head -c 300 "$VM_DIR/qemu.stderr"))"
			return 1
		fi
		if (($(e2e_now) > deadline)); then
			VM_ERROR="timeout (${t}s) waiting for /$re/ at $(e2e_elapsed)s"
			return 1
		fi
		sleep 0.1
	done
}

vm_note() { VM_TIMES+="${VM_TIMES:+, }$1 $(e2e_elapsed)s"; }

# vm_boot N: answer the guest's boot question with N once it asks.
vm_boot() {
	vm_wait '^E2E:BOOT\?$' "$E2E_BOOT_TIMEOUT" || return 1
	vm_note "boot$1 /init"
	printf '%s\n' "$1" >&"$VM_SER_IN"
	VM_BOOTS=$1
	VM_BOOT_LINE=$VM_LINE
}

# vm_done: wait for the end of the current boot's script; VM_RC is its exit status.
vm_done() {
	vm_wait '^E2E:DONE ' "${1:-$E2E_STEP_TIMEOUT}" || return 1
	vm_note "boot$VM_BOOTS done"
	# shellcheck disable=SC2034  # for callers
	VM_RC=$(sed -n 's/.* rc=\([0-9]*\).*/\1/p' <<<"$VM_MATCH")
}

vm_panic() {
	vm_wait 'Kernel panic - not syncing' "${1:-$E2E_STEP_TIMEOUT}" || return 1
	vm_note "boot$VM_BOOTS panic"
	# kmsg_dump() runs after "Kernel panic - not syncing" is printed; the "---[ end
	# Kernel panic" line comes after it, so once it shows the region is complete.
	vm_wait 'end Kernel panic' "${1:-$E2E_STEP_TIMEOUT}" || return 1
}

# vm_monitor CMD: send one monitor command and wait until it has been executed (the next
# "(qemu)" prompt appears).
vm_monitor() {
	local want=$((VM_PROMPTS + 1)) deadline n
	[[ $VM_PROMPTS == 0 ]] && want=2 # the banner prompt comes first
	deadline=$(($(e2e_now) + E2E_STEP_TIMEOUT * 1000))
	# Make sure the banner prompt is there before the first command.
	if [[ $VM_PROMPTS == 0 ]]; then
		while n=$(grep -o '(qemu)' "$VM_DIR/monitor.log" | wc -l); ((n < 1)); do
			(($(e2e_now) < deadline)) || { VM_ERROR="no monitor prompt"; return 1; }
			sleep 0.05
		done
	fi
	printf '%s\n' "$1" >&"$VM_MON_IN"
	while n=$(grep -o '(qemu)' "$VM_DIR/monitor.log" | wc -l); ((n < want)); do
		(($(e2e_now) < deadline)) || { VM_ERROR="monitor command '$1' did not complete"; return 1; }
		vm_alive || { VM_ERROR="QEMU exited during monitor command '$1'"; return 1; }
		sleep 0.05
	done
	VM_PROMPTS=$want
}

# vm_pmemsave ADDR SIZE FILE: save guest physical memory; checks the file is complete.
vm_pmemsave() {
	local f
	f=$(realpath -m "$3")
	mkdir -p "$(dirname "$f")"
	rm -f "$f"
	vm_monitor "pmemsave $1 $2 \"$f\"" || return 1
	[[ -f $f && $(stat -c %s "$f") == $(($2)) ]] || {
		VM_ERROR="pmemsave $1 $2 gave no complete file $f"
		return 1
	}
	vm_note "pmemsave"
}

# vm_wait_status WORD: wait until "info status" reports WORD (e.g. "shutdown" once a guest
# reboot was turned into a stop by -no-reboot).
vm_wait_status() {
	local _
	for _ in $(seq 100); do
		vm_monitor "info status" || return 1
		tail -c 300 "$VM_DIR/monitor.log" | tr -d '\r' | grep -q "$1" && return 0
		sleep 0.1
	done
	VM_ERROR="VM never reached status '$1'"
	return 1
}

# vm_cont: resume a VM that a guest reboot stopped. system_reset is handled asynchronously
# by QEMU's main loop, and "cont" before it is refused ("Resetting the Virtual Machine is
# required"), so retry until "info status" says running.
vm_cont() {
	local _
	for _ in $(seq 100); do
		vm_monitor cont && vm_monitor "info status" || return 1
		tail -c 200 "$VM_DIR/monitor.log" | tr -d '\r' | grep -q 'status: running' && return 0
		sleep 0.1
	done
	VM_ERROR="VM did not resume after reset"
	return 1
}

vm_reset() { vm_monitor system_reset && vm_note "reset"; }

vm_stop() {
	if vm_alive; then
		printf 'quit\n' 1>&"$VM_MON_IN" || true
		local _
		for _ in $(seq 50); do
			vm_alive || break
			sleep 0.1
		done
	fi
	e2e_cleanup
	exec {VM_SER_IN}>&- {VM_MON_IN}>&-
	rm -f "$VM_DIR"/{ser,mon}.{in,out}
}

# vm_files DESTDIR: decode every FILE-BEGIN/END block of the current boot into DESTDIR.
vm_files() {
	local dest=$1
	mkdir -p "$dest"
	vm_lines | awk -v from="$VM_BOOT_LINE" -v to="$VM_LINE" -v dest="$dest" '
		NR <= from || NR > to { next }
		/^E2E:FILE-BEGIN / { name = substr($0, 16); f = dest "/" name ".b64"; n = split(f, a, "/");
			d = substr(f, 1, length(f) - length(a[n]) - 1); system("mkdir -p \"" d "\"");
			printf "" > f; inb = 1; next }
		/^E2E:FILE-END / { close(f); inb = 0; next }
		inb && /^[A-Za-z0-9+\/=]*$/ { print >> f }
	'
	local b
	while IFS= read -r -d '' b; do
		base64 -d <"$b" >"${b%.b64}" || {
			# shellcheck disable=SC2034  # read by callers
			VM_ERROR="bad base64 in $b"
			return 1
		}
		rm -f "$b"
	done < <(find "$dest" -name '*.b64' -print0)
}

# e2e_copy_pkg_binary ROOT FILE DEST PKGROOT...: an x86_64 binary unpacked from a Debian
# package (kexec, makedumpfile) and every library it needs (NEEDED, recursively, read with
# readelf as e2e_foreign_libs does): one the PKGROOTs (other unpacked packages) hold goes to
# its packaged path, one the host has keeps its path. The guest's dynamic loader searches
# /lib/x86_64-linux-gnu and /usr/lib/x86_64-linux-gnu without an ld.so.cache.
e2e_copy_pkg_binary() {
	local root=$1 file=$2 dest=$3
	shift 3
	e2e_copy_pkg_files x86_64-linux-gnu "$root" "$file" "$dest" "$@"
}

# e2e_copy_pkg_files TRIPLET ROOT FILE DEST PKGROOT...: e2e_copy_pkg_binary for a binary
# or library of another architecture (TRIPLET: aarch64-linux-gnu for Debian's arm64
# kexec, makedumpfile and libkdumpfile): its libraries come from the PKGROOTs (unpacked
# :arm64 packages) or the host's TRIPLET multiarch directories, to the same paths.
e2e_copy_pkg_files() {
	local triplet=$1 root=$2 file=$3 dest=$4 lib rel p libs
	shift 4
	local dirs=()
	for p in "$@"; do dirs+=("$p/lib/$triplet" "$p/usr/lib/$triplet"); done
	mkdir -p "$root$(dirname "$dest")"
	cp -L "$file" "$root$dest"
	libs=$(e2e_foreign_libs "$file" "$triplet" "${dirs[@]}") || return 1
	while read -r lib; do
		[[ -n $lib ]] || continue
		rel=$lib
		for p in "$@"; do [[ $lib == "$p"/* ]] && rel=${lib#"$p"}; done
		mkdir -p "$root$(dirname "$rel")"
		cp -L "$lib" "$root$rel"
	done <<<"$libs"
}

# ---------------------------------------------------------------------------------------
# systemd guests (issue 15): the Debian root file system fetch.sh builds with mmdebstrap, on
# a virtio disk, booted by the minimal systemd kernel. pstorectl comes in with `make
# install` of this tree (units included), as on a real machine. systemd starts
# e2e-boot.service once the boot is complete; it speaks the protocol of the busybox /init
# (E2E:BOOT?, put, cap, DONE) on ttyS0 and runs /e2e/boot.sh with the boot number.

# e2e_empty_initrd OUT: an initramfs without /init (vm_start always passes one): the kernel
# then mounts root= itself.
e2e_empty_initrd() {
	cpio --quiet -o -H newc </dev/null | gzip -1 >"$1"
}

# The systemd guest's PATH: systemd's default for services (Debian 12, split /usr). The e2e
# service sets it, and the image checks in e2e_rootfs_image run with it, not the caller's.
E2E_GUEST_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

e2e_write_systemd_init() {
	{
		printf '#!/bin/sh\n'
		printf '# e2e-boot.service: the systemd counterpart of the busybox /init (tests/e2e/lib.sh).\n'
		printf 'export PATH=%s\n' "$E2E_GUEST_PATH"
		cat <<'INIT'
dmesg -n 1
. /e2e/guest-lib.sh
[ -f /e2e/env ] && . /e2e/env
# The boot is complete (or degraded: the boot script reports the failed units).
systemctl is-system-running --wait >/run/e2e-system-state 2>&1
mark "INIT $(cut -d' ' -f1 /proc/uptime) $(cat /run/e2e-system-state)"
stty -echo 2>/dev/null
mark "BOOT?"
read -r BOOT
BOOT=$(echo "$BOOT" | tr -dc 0-9)
export BOOT
mark "BOOT $BOOT"
/e2e/boot.sh "$BOOT"
mark "DONE $BOOT rc=$? $(cut -d' ' -f1 /proc/uptime)"
INIT
	} >"$1"
	chmod 755 "$1"
}

e2e_write_systemd_unit() {
	cat >"$1" <<'UNIT'
[Unit]
Description=e2e: ask the host which boot this is and run its script (tests/e2e/lib.sh)
After=multi-user.target

[Service]
Type=simple
ExecStart=/e2e/init.sh
StandardInput=tty
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
TTYReset=no
TTYVHangup=no

[Install]
WantedBy=multi-user.target
UNIT
}

# e2e_rootfs_image OUT ROOTFS BOOTSCRIPT [EXTRA]: a raw ext4 image of the cached root file
# system ROOTFS/root.tar with this tree's `make install` (units enabled), the e2e service
# and BOOTSCRIPT as /e2e/boot.sh; EXTRA (a directory) is copied over it last (drop-ins).
# Root only: the tarball holds device nodes and files of several owners.
# shellcheck disable=SC2034  # VM_ERROR is read by the caller (sc_vm)
e2e_rootfs_image() {
	local out=$1 rootfs=$2 script=$3 extra=${4:-} stage t0=$SECONDS
	stage=$out.d
	[[ $(id -u) == 0 ]] || { VM_ERROR="the systemd root file system needs root (tar, chroot)"; return 1; }
	rm -rf "$stage" "$out"
	mkdir -p "$stage"
	tar -xf "$rootfs/root.tar" -C "$stage" --numeric-owner || { VM_ERROR="cannot extract $rootfs/root.tar"; return 1; }
	make -s -C "$E2E_REPO" install DESTDIR="$stage" >"$out.make-install.log" 2>&1 ||
		{ VM_ERROR="make install DESTDIR=$stage failed: $(tail -2 "$out.make-install.log" | tr '\n' ' ')"; return 1; }
	chroot "$stage" /usr/bin/env PATH="$E2E_GUEST_PATH" ldconfig
	# The libraries pstorectl links must be in the image (ROOTFS_PACKAGES), as a package's
	# Depends would bring them. With the guest's PATH: `make install` puts it in
	# /usr/local/bin, which a CI's PATH may lack.
	local v
	v=$(chroot "$stage" /usr/bin/env PATH="$E2E_GUEST_PATH" pstorectl --version 2>&1) ||
		{ VM_ERROR="pstorectl does not run in the root file system (ROOTFS_PACKAGES?): $v"; return 1; }
	mkdir -p "$stage/e2e" "$stage/etc/systemd/system"
	e2e_write_guest_lib "$stage/e2e/guest-lib.sh"
	e2e_write_systemd_init "$stage/e2e/init.sh"
	e2e_write_systemd_unit "$stage/etc/systemd/system/e2e-boot.service"
	cp "$script" "$stage/e2e/boot.sh"
	chmod 755 "$stage/e2e/boot.sh"
	touch "$stage/e2e/env"
	[[ -z $extra ]] || cp -a "$extra/." "$stage/"
	# /etc and /var are as new as /usr: no ConditionNeedsUpdate= work (hwdb, ldconfig)
	# at the first boot, which takes a minute under TCG.
	touch -r "$stage/usr" "$stage/etc/.updated" "$stage/var/.updated"
	local units=(e2e-boot.service) u
	for u in "$stage"/usr/local/lib/systemd/system/pstorectl-*.service \
		"$stage"/lib/systemd/system/pstorectl-*.service; do
		[[ -f $u ]] && units+=("${u##*/}")
	done
	systemctl --root="$stage" enable "${units[@]}" >"$out.enable.log" 2>&1 ||
		{ VM_ERROR="systemctl --root enable ${units[*]}: $(tr '\n' ' ' <"$out.enable.log")"; return 1; }
	# 1 GiB, sparse; the journal and the archive grow into it.
	mke2fs -q -t ext4 -L root -d "$stage" "$out" 1G >/dev/null ||
		{ VM_ERROR="mke2fs -d $stage failed"; return 1; }
	rm -rf "$stage"
	e2e_log "root file system image $out in $((SECONDS - t0)) s (units: ${units[*]})"
}
