#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl load, up to the insertion (which needs root and a real kernel: the real-kernel
# suite does that): the options string, --dry-run, and every refusal — built in, already
# loaded, module missing, not root, an unreserved region, a layout the kernel rejects.
. "$(dirname "$0")/lib.sh"

if "$FIXTURES/make-module-trees.sh" >"$T/trees.log" 2>&1; then
	ok "module trees of the Debian packages built"
else
	not_ok "module trees of the Debian packages built (see below)"
	sed 's/^/# /' "$T/trees.log"
fi
M=$BUILD/fixtures
chmod 755 "$T" # readable by the unprivileged user of the not-root test

sysroot() { # NAME FIXTURE [TREE]
	rm -rf "$T/$1"
	cp -r "$FIXTURES/$2" "$T/$1"
	# A copy, not a link: absolute links in a sysroot resolve inside it, not on the host.
	[ -n "${3:-}" ] && cp -r "$M/$3/lib" "$T/$1/lib"
	echo "$T/$1"
}

run load --help
expect_rc "load --help" 0
expect_out "load --help" "^Usage: pstorectl load"

# Debian 6.1 with ramoops not loaded yet; memmap=1M$0x10000000 on its command line.
R=$(sysroot deb61 check-debian-6.1 modules-6.1)
rm -rf "$R/sys/module/ramoops"

# The command of the real-kernel suite: every value as given, in hex, ftrace_size explicit.
run --sysroot "$R" load --mem-address 0x10000000 --mem-size 0x100000 --record-size 0x4000 \
	--console-size 0 --pmsg-size 0 --ftrace-size 0 --dry-run
expect_rc "dry run" 0
check "dry run prints the modprobe command" test "$out" = \
	"modprobe ramoops mem_address=0x10000000 mem_size=0x100000 record_size=0x4000 console_size=0 pmsg_size=0 ftrace_size=0 ecc=0"
run --sysroot "$R" load --mem-address 256M --mem-size 1M --record-size 16K --console-size 0 \
	--pmsg-size 0 --ecc 16 --max-reason 4 --mem-type 1 --dry-run
expect_rc "dry run with suffixes" 0
expect_out "sizes with suffixes become hex" "mem_address=0x10000000 mem_size=0x100000 record_size=0x4000 "
expect_out "ecc, max_reason, mem_type passed" " ecc=16 max_reason=4 mem_type=1$"
expect_out "ftrace_size always given" " ftrace_size=0 "

# Without --mem-address: the one memmap=SIZE$ADDR of the command line.
run --sysroot "$R" load --console-size 0 --pmsg-size 0 --dry-run
expect_rc "region from memmap=" 0
expect_out "region from memmap=" "^modprobe ramoops mem_address=0x10000000 mem_size=0x100000 "

# A region the kernel uses: refused unless --force; --dry-run only warns.
run --sysroot "$R" load --mem-address 0x8000000 --mem-size 1M
expect_rc "unreserved region" 1
expect_err "unreserved region" "^pstorectl: load: 0x100000@0x8000000: not reserved.*memmap=0x100000\\\$0x8000000.*--force"
run --sysroot "$R" load --mem-address 0x8000000 --mem-size 1M --dry-run
expect_rc "unreserved region, dry run" 0
expect_err "unreserved region, dry run" "warning: 0x100000@0x8000000: not reserved"

# Layouts the kernel's probe would reject.
run --sysroot "$R" load --mem-address 0x10000000 --mem-size 0x100000 --record-size 2M --dry-run
expect_rc "record_size larger than the region" 1
expect_one_error "record_size larger than the region"
run --sysroot "$R" load --mem-address 0x10000000 --flags 1 --dry-run
expect_rc "--flags is not a module parameter" 2
run --sysroot "$R" load --mem-address 0x10000000 --address 0x10000000 --dry-run
expect_rc "--mem-address with --address" 2
run --sysroot "$R" load --mem-address nope --dry-run
expect_rc "bad --mem-address" 2
run --sysroot "$R" load --mem-size 0 --dry-run
expect_rc "--mem-size 0" 2

# Not root: everything is checked, nothing is inserted.
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null; then
		rm "$R/lib" && cp -rL "$M/modules-6.1/lib" "$R/lib" # the build dir may be private
		chmod -R a+rX "$R"
		setpriv --reuid=65534 --regid=65534 --clear-groups "$PSTORECTL" --sysroot "$R" \
			load --console-size 0 --pmsg-size 0 >"$T/out" 2>"$T/err"; rc=$?
		expect_rc "not root" 1
		expect_err "not root" "^pstorectl: load: must be run as root"
	else
		not_ok "not root: setpriv (util-linux) is needed to drop root"
	fi
	# Root, but a sysroot: the module would go into this machine's kernel.
	run --sysroot "$R" load --console-size 0 --pmsg-size 0
	expect_rc "insertion under --sysroot" 1
	expect_err "insertion under --sysroot" "cannot insert a module into the system under --sysroot"
else
	run --sysroot "$R" load --console-size 0 --pmsg-size 0
	expect_rc "not root" 1
	expect_err "not root" "^pstorectl: load: must be run as root"
fi

# Already loaded: the error shows the live parameters in hex (sysfs has them in decimal).
R=$(sysroot loaded check-debian-6.1 modules-6.1)
run --sysroot "$R" load --mem-address 0x10000000 --mem-size 1M --dry-run
expect_rc "already loaded" 1
expect_one_error "already loaded"
p=$R/sys/module/ramoops/parameters
want=$(printf 'mem_address=0x%x mem_size=0x%x record_size=0x%x' "$(cat "$p/mem_address")" \
	"$(cat "$p/mem_size")" "$(cat "$p/record_size")")
expect_err "already loaded shows the parameters in hex" "already loaded \\($want "

# Loaded, but its module file is gone (the modules of the running kernel were removed).
R=$(sysroot loadednofile check-debian-6.1)
run --sysroot "$R" load --mem-address 0x10000000 --mem-size 1M --dry-run
expect_rc "already loaded, no module file" 1
expect_err "already loaded, no module file" "already loaded \\($want "

# memmap= takes a comma list of any types: the one reservation after a RAM item is used.
R=$(sysroot memmaplist check-debian-6.1 modules-6.1)
rm -rf "$R/sys/module/ramoops"
echo 'console=ttyS0 memmap=100M@2G,1M$0x10000000' >"$R/proc/cmdline"
run --sysroot "$R" load --console-size 0 --pmsg-size 0 --dry-run
expect_rc "region from memmap=100M@2G,1M\$ADDR" 0
expect_out "region from memmap=100M@2G,1M\$ADDR" "^modprobe ramoops mem_address=0x10000000 mem_size=0x100000 "

# Built in (the minimal kernel): say how to put the parameters on the command line.
run --sysroot "$FIXTURES/check-minimal" load --mem-address 0x10000000 --mem-size 1M \
	--record-size 0x4000 --dry-run
expect_rc "built in" 1
expect_err "built in" "built into the kernel.*kernel command line.*ramoops\\.mem_address=0x10000000 ramoops\\.mem_size=0x100000 ramoops\\.record_size=0x4000"
expect_err "built in: with the memmap= that reserves it" "memmap=0x100000\\\$0x10000000"

# Module missing: a Debian 6.12 root without its modules; then with them (.ko.xz).
R=$(sysroot nomod check-debian-6.12)
run --sysroot "$R" load --mem-address 0x10000000 --mem-size 1M --dry-run
expect_rc "module missing" 1
expect_err "module missing" "^pstorectl: load: ramoops: no module for kernel 6.12.117\\+deb12-cloud-amd64"
R=$(sysroot xz check-debian-6.12 modules-6.12)
run --sysroot "$R" load --mem-address 0x10000000 --mem-size 1M --dry-run --force
expect_rc "compressed module, dry run" 0
expect_out "compressed module, dry run" "^modprobe ramoops mem_address=0x10000000 mem_size=0x100000"
echo "1..$_n"
