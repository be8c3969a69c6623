#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl check against sysroot fixtures: real Debian 6.1/6.12 and minimal-kernel configs,
# files captured in real guests (tests/fixtures/check-*, from e2e-captured), module trees
# built from the Debian packages (tests/fixtures/make-module-trees.sh), and variants made
# here (broken gzip, an unreserved region, a device-tree node, an eaten memmap=).
. "$(dirname "$0")/lib.sh"

if "$FIXTURES/make-module-trees.sh" >"$T/trees.log" 2>&1; then
	ok "module trees of the Debian packages built"
else
	not_ok "module trees of the Debian packages built (see below)"
	sed 's/^/# /' "$T/trees.log"
fi
M=$BUILD/fixtures

# sysroot NAME FIXTURE [TREE]: a writable copy of a fixture, with a module tree linked in.
sysroot() {
	rm -rf "$T/$1"
	cp -r "$FIXTURES/$2" "$T/$1"
	# A copy, not a link: absolute links in a sysroot resolve inside it, not on the host.
	[ -n "${3:-}" ] && cp -r "$M/$3/lib" "$T/$1/lib"
	echo "$T/$1"
}
# status ID: the status of a check in $T/out (JSON)
status() { jq -r --arg id "$1" '.checks[] | select(.id == $id) | .status' "$T/out"; }
value() { jq -r --arg id "$1" '.checks[] | select(.id == $id) | .value' "$T/out"; }
expect_status() { check "$1: $2 is $3 (got $(status "$2"))" test "$(status "$2")" = "$3"; }

run check --help
expect_rc "check --help" 0
expect_out "check --help" "^Usage: pstorectl check"

# ---- Debian 6.1, ramoops loaded from the command line (captured in a real guest) ----
R=$(sysroot deb61 check-debian-6.1 modules-6.1)
run --sysroot "$R" check --json
expect_rc "debian 6.1" 0
expect_json "debian 6.1: JSON schema" '(.checks | length > 10) and (.checks | all(
	(.id|type=="string") and (.section|IN("config","module","runtime")) and
	(.status|IN("ok","warn","fail","skip")) and (.value|type=="string") and
	(.detail|type=="string") and (.hint|type=="string")))'
expect_json "debian 6.1: summary counts the checks" '.summary as $s | [.checks[].status] as $a |
	$s.ok == ($a|map(select(.=="ok"))|length) and $s.warn == ($a|map(select(.=="warn"))|length) and
	$s.fail == ($a|map(select(.=="fail"))|length) and $s.skip == ($a|map(select(.=="skip"))|length)'
expect_json "debian 6.1: ids are prefixed by their section" '[.checks[] | (.id|split(".")[0]) == .section] | all'
expect_json "debian 6.1: hints for everything warn/fail" '[.checks[] | select(.status=="warn" or .status=="fail") | .hint != ""] | all'
expect_status "debian 6.1" config.PSTORE ok
expect_status "debian 6.1" config.PSTORE_RAM ok
expect_status "debian 6.1" config.PSTORE_CONSOLE warn
expect_status "debian 6.1" config.PSTORE_PMSG warn
expect_status "debian 6.1" module.ramoops ok
check "debian 6.1: module.ramoops value is loaded" test "$(value module.ramoops)" = loaded
expect_json "debian 6.1: module path and dependency" '.checks[] | select(.id=="module.ramoops") |
	.detail | test("kernel/fs/pstore/ramoops.ko, depends on reed_solomon")'
# The sysfs values are decimal; check shows them in hex.
addr=$(printf '0x%x' "$(cat "$R/sys/module/ramoops/parameters/mem_address")")
size=$(printf '0x%x' "$(cat "$R/sys/module/ramoops/parameters/mem_size")")
check "debian 6.1: module.params in hex ($addr, $size)" \
	grep -q "mem_address=$addr mem_size=$size" <(value module.params)
expect_status "debian 6.1" module.params warn   # console/pmsg zones without frontends
# The hint names the sizes at fault (console, pmsg), not a fixed --ftrace-size 0 (issue 10).
expect_json "debian 6.1: the params hint names console_size=0 pmsg_size=0" \
	'.checks[] | select(.id=="module.params") | .hint | test("console_size=0 pmsg_size=0")'
expect_json "debian 6.1: pstorectl's part names --console-size 0 --pmsg-size 0" \
	'.checks[] | select(.id=="module.params") | .hint | startswith("pstorectl load ... --console-size 0 --pmsg-size 0, or: ")'
expect_json "debian 6.1: the params hint does not name ftrace (ftrace_size is already 0)" \
	'.checks[] | select(.id=="module.params") | .hint | test("ftrace") | not'
expect_status "debian 6.1" runtime.backend ok
expect_status "debian 6.1" runtime.mount ok
expect_status "debian 6.1" runtime.iomem ok
expect_status "debian 6.1" runtime.kdump ok
# Every symbol of the real config counted, independently of the parser.
n=$(zcat "$R/boot/config-6.1.0-56-cloud-amd64" | grep -cE '^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set$)')
expect_json "debian 6.1: config.source reads all $n symbols" \
	".checks[] | select(.id==\"config.source\") | .detail == \"$n symbols\""

run --sysroot "$R" check
expect_rc "debian 6.1 text" 0
expect_out "debian 6.1 text" "^Kernel configuration$"
expect_out "debian 6.1 text" "^Module$"
expect_out "debian 6.1 text" "^Runtime$"
expect_out "debian 6.1 text" "^  warn  PSTORE_CONSOLE +n$"
expect_out "debian 6.1 text" "hint: enable CONFIG_PSTORE_CONSOLE"
expect_out "debian 6.1 text" "^[0-9]+ ok, [0-9]+ warn, 0 fail, [0-9]+ skip$"
check "debian 6.1 text: no colour when NO_COLOR" bash -c '! grep -q $'"'"'\033'"'"' "$1"' _ "$T/out"
run --sysroot "$R" check --color=always
check "check --color=always colours the status" grep -q $'\033\\[' "$T/out"
run --sysroot "$R" --color=always check
check "pstorectl --color=always check colours too" grep -q $'\033\\[' "$T/out"
run --sysroot "$R" check -v
expect_out "check -v shows the detail of ok lines" "ramoops is the registered pstore backend"

# ---- Debian 6.12: compressed modules, efi_pstore in ramoops' place, kdump ----
R=$(sysroot deb612 check-debian-6.12 modules-6.12)
run --sysroot "$R" check --json
expect_rc "debian 6.12 (efi_pstore registered)" 1
expect_status "debian 6.12" module.ramoops warn
check "debian 6.12: module.ramoops value is 'not loaded'" test "$(value module.ramoops)" = "not loaded"
expect_json "debian 6.12: the module is ramoops.ko.xz" '.checks[] | select(.id=="module.ramoops") | .detail | test("ramoops.ko.xz")'
expect_status "debian 6.12" runtime.backend fail
expect_json "debian 6.12: hint pstore.backend=ramoops / efi_pstore.pstore_disable=1" \
	'.checks[] | select(.id=="runtime.backend") | .hint | test("pstore.backend=ramoops") and test("efi_pstore.pstore_disable=1")'
expect_status "debian 6.12" runtime.kdump warn
expect_status "debian 6.12" config.compression ok
R=$(sysroot deb612b check-debian-6.12)
run --sysroot "$R" check --json
expect_status "debian 6.12 without its modules" module.ramoops fail

# ---- minimal kernel: ramoops, console, pmsg built in ----
R=$(sysroot minimal check-minimal)
run --sysroot "$R" check --json
expect_rc "minimal" 0
expect_status "minimal" module.ramoops ok
check "minimal: module.ramoops is built-in" test "$(value module.ramoops)" = built-in
expect_status "minimal" config.PSTORE_PMSG ok
expect_status "minimal" runtime.pmsg ok
expect_status "minimal" runtime.iomem ok     # a hole in the map, made by memmap=
expect_json "minimal: no warnings, no failures" '.summary.warn == 0 and .summary.fail == 0'

# A device-tree node matching the live parameters, then one that does not.
dt=$R/sys/firmware/devicetree/base/reserved-memory
mkdir -p "$dt/ramoops@10000000"
be32() { python3 -c 'import struct,sys; sys.stdout.buffer.write(b"".join(struct.pack(">I", int(a, 0)) for a in sys.argv[1:]))' "$@"; }
be32 2 >"$dt/#address-cells"; be32 2 >"$dt/#size-cells"
printf 'ramoops\0' >"$dt/ramoops@10000000/compatible"
printf 'ramoops\0' >"$dt/ramoops@10000000/name"
be32 0 0x10000000 0 0x100000 >"$dt/ramoops@10000000/reg"
be32 0x4000 >"$dt/ramoops@10000000/record-size"
be32 0x4000 >"$dt/ramoops@10000000/console-size"
be32 0x4000 >"$dt/ramoops@10000000/pmsg-size"
be32 16 >"$dt/ramoops@10000000/ecc-size"
run --sysroot "$R" check --json
expect_status "device-tree node matching the module" runtime.devicetree ok
# ram.c writes neither ecc nor mem_type back to the parameters: on the node, they are the
# node's (ecc-size 16, mem-type 1) whatever sysfs shows (0, the module defaults).
echo 0 >"$R/sys/module/ramoops/parameters/ecc"
be32 1 >"$dt/ramoops@10000000/mem-type"
run --sysroot "$R" check --json
check "module.params on a device-tree node: its ecc-size and mem-type" \
	bash -c '[[ "$1" == *" ecc=16 "*" mem_type=1"* ]]' _ "$(value module.params)"
rm "$dt/ramoops@10000000/mem-type"
be32 0x8000 >"$dt/ramoops@10000000/record-size"
run --sysroot "$R" check --json
expect_status "device-tree node not matching the module" runtime.devicetree warn
expect_json "the mismatch names record_size" '.checks[] | select(.id=="runtime.devicetree") | .detail | test("record_size 0x4000 vs 0x8000")'
# ram.c's probe rounds zone sizes down to a power of two before writing them back to
# /sys/module/ramoops/parameters: a node's record-size 0x6000 gives the module's 0x4000.
be32 0x6000 >"$dt/ramoops@10000000/record-size"
run --sysroot "$R" check --json
expect_status "device-tree record-size 0x6000, module 0x4000 (rounded down)" runtime.devicetree ok

# ---- broken and missing configurations ----
R=$(sysroot noconfig check-noconfig)
run --sysroot "$R" check --json
expect_rc "no config anywhere, nothing else: nothing could be tested (issue 10)" 1
expect_status "no config anywhere" config.source skip
expect_json "no config: the hint names CONFIG_IKCONFIG_PROC" '.checks[] | select(.id=="config.source") | .hint | test("CONFIG_IKCONFIG_PROC")'

run --sysroot "$FIXTURES/check-badline" check --json
expect_rc "a config line that is not CONFIG_X=" 1
expect_json "badline: the detail names the file and line 6" '.checks[] | select(.id=="config.source") | .status == "fail" and (.detail | test("config-5.10.0-badline: line 6"))'
run check --config "$FIXTURES/check-badline/boot/config-5.10.0-badline"
expect_rc "--config with a bad line" 1
expect_one_error "--config with a bad line"
expect_err "--config with a bad line" "^pstorectl: check: .*config-5.10.0-badline: line 6: "

R=$(sysroot badgz check-noconfig)
zcat "$FIXTURES/check-minimal/proc/config.gz" | gzip -c | head -c 3000 >"$R/proc/config.gz"
run --sysroot "$R" check --json
expect_rc "a truncated /proc/config.gz" 1
expect_status "a truncated /proc/config.gz" config.source fail
run check --config "$R/proc/config.gz"
expect_rc "--config with a truncated gzip" 1
expect_err "--config with a truncated gzip" "^pstorectl: check: .*config.gz: not valid gzip data"
run check --config "$T/does-not-exist"
expect_rc "--config missing file" 1
expect_err "--config missing file" "^pstorectl: check: .*does-not-exist: No such file"

# --config - (plain text on stdin) and a gzip file, in place of the sysroot's.
R=$(sysroot cfgstdin check-noconfig)
"$PSTORECTL" --sysroot "$R" check --json --config - \
	< <(zcat "$FIXTURES/check-minimal/proc/config.gz") >"$T/out" 2>"$T/err"; rc=$?
expect_rc "--config - (stdin)" 0
expect_status "--config -" config.PSTORE_PMSG ok
check "--config -: the source is stdin" test "$(value config.source)" = "(stdin)"
run --sysroot "$R" check --json --config "$FIXTURES/check-debian-6.12/boot/config-6.12.117+deb12-cloud-amd64"
expect_status "--config a gzip file" config.PSTORE_CONSOLE warn
# The arm64 Debian kernel (device tree): OF_RESERVED_MEM matters there.
arm=$FIXTURES/e2e-captured/configs/config-6.1.0-56-cloud-arm64.gz
if [ -f "$arm" ]; then
	run --sysroot "$R" check --json --config "$arm"
	expect_status "arm64 Debian config" config.OF_RESERVED_MEM ok
	expect_status "arm64 Debian config" config.PSTORE_RAM ok
fi
# --kernel-release picks /boot/config-RELEASE.
R=$(sysroot rel check-noconfig)
mkdir -p "$R/boot"
zcat "$FIXTURES/check-minimal/proc/config.gz" >"$R/boot/config-4.19.0-other"
run --sysroot "$R" check --json --kernel-release 4.19.0-other
expect_status "--kernel-release" config.source ok
run --sysroot "$R" check --json
expect_status "without --kernel-release" config.source skip
# /proc/config.gz is the running kernel's: --kernel-release of another kernel reads that
# kernel's /boot/config-RELEASE (the minimal kernel's /proc/config.gz has PSTORE_PMSG=y,
# Debian 6.12's config has it off).
R=$(sysroot relproc check-minimal)
mkdir -p "$R/boot"
cp "$FIXTURES/check-debian-6.12/boot/config-6.12.117+deb12-cloud-amd64" "$R/boot/config-6.12.0-other"
run --sysroot "$R" check --json --kernel-release 6.12.0-other
check "--kernel-release of another kernel: its /boot config, not /proc/config.gz" \
	test "$(value config.source)" = "$R/boot/config-6.12.0-other"
expect_status "--kernel-release of another kernel" config.PSTORE_PMSG warn
run --sysroot "$R" check --json --kernel-release "$(cat "$R/proc/sys/kernel/osrelease")"
check "--kernel-release of the running kernel: /proc/config.gz" \
	test "$(value config.source)" = "$R/proc/config.gz"

# ---- runtime problems made from the Debian 6.1 capture ----
R=$(sysroot unres check-debian-6.1 modules-6.1)
echo $((0x8000000)) >"$R/sys/module/ramoops/parameters/mem_address"
run --sysroot "$R" check --json
expect_rc "ramoops in unreserved System RAM" 1
expect_status "ramoops in unreserved System RAM" runtime.iomem fail
expect_json "unreserved: the hint says memmap=" '.checks[] | select(.id=="runtime.iomem") | .hint | test("memmap=")'
expect_json "unreserved: the CLI adds its plan advice to the library's hint" '.checks[] | select(.id=="runtime.iomem") | .hint | test("memmap=.*; see pstorectl plan$")'

# Linux 6.12's reserve_mem=SIZE:ALIGN:LABEL ramoops.mem_name=LABEL: memblock-reserved
# memory, which x86's /proc/iomem leaves inside System RAM (kernel-parameters.txt,
# ramoops.rst "D."); ram.c writes the region it found back to mem_address/mem_size.
echo 'console=ttyS0 reserve_mem=1M:4096:oops ramoops.mem_name=oops' >"$R/proc/cmdline"
run --sysroot "$R" check --json
expect_status "reserve_mem= region named by ramoops.mem_name=" runtime.iomem ok
echo 'console=ttyS0 reserve_mem=2M:4096:oops ramoops.mem_name=oops' >"$R/proc/cmdline"
run --sysroot "$R" check --json
expect_status "reserve_mem= of another size than the loaded region" runtime.iomem fail
echo 'console=ttyS0 reserve_mem=1M:4096:other ramoops.mem_name=oops' >"$R/proc/cmdline"
run --sysroot "$R" check --json
expect_status "reserve_mem= of another label" runtime.iomem fail

R=$(sysroot nomem check-debian-6.1 modules-6.1)
echo 0 >"$R/sys/module/ramoops/parameters/mem_size"
echo '(null)' >"$R/sys/module/pstore/parameters/backend"
run --sysroot "$R" check --json
expect_rc "ramoops loaded without a region" 1
expect_status "ramoops loaded without a region" module.params fail
expect_status "ramoops loaded without a region" runtime.backend fail

R=$(sysroot eaten check-debian-6.1 modules-6.1)
sed -i 's/memmap=1M\$0x10000000/memmap=1M/' "$R/proc/cmdline"
run --sysroot "$R" check --json
expect_status "memmap= whose \$ADDR the boot loader ate" runtime.cmdline fail
# x86's parse_memmap_one(): a size followed by anything but @ # $ ! % is a memory limit,
# e.g. a GRUB escape left in.
echo 'memmap=1M\$0x10000000 ramoops.mem_address=0x10000000 ramoops.mem_size=0x100000' >"$R/proc/cmdline"
run --sysroot "$R" check --json
expect_status "memmap=1M\\\$ADDR (an escape left in)" runtime.cmdline fail
# memmap= takes a comma list of any types: the reservation after a RAM item counts.
echo 'memmap=100M@2G,1M$0x10000000 ramoops.mem_address=0x10000000 ramoops.mem_size=0x100000' >"$R/proc/cmdline"
run --sysroot "$R" check --json
expect_status "memmap=100M@2G,1M\$ADDR" runtime.cmdline ok
echo 'memmap=1M$0x10000000,512M' >"$R/proc/cmdline"
run --sysroot "$R" check --json
expect_status "memmap= list whose second item lost its \$ADDR" runtime.cmdline fail
# Module parameters are read with kstrtoul(): no K/M/G suffixes, ramoops gets no region.
echo 'memmap=1M$0x10000000 ramoops.mem_address=0x10000000 ramoops.mem_size=1M' >"$R/proc/cmdline"
run --sysroot "$R" check --json
expect_status "ramoops.mem_size=1M (a suffix the kernel refuses)" runtime.cmdline fail
# parameqn(): '-' and '_' are the same in a parameter name.
echo 'memmap=1M$0x10000000 ramoops.mem-address=0x10000000 ramoops.mem-size=1M' >"$R/proc/cmdline"
run --sysroot "$R" check --json
expect_status "ramoops.mem-size=1M (dashes are underscores to the kernel)" runtime.cmdline fail
echo 'memmap=1M$0x10000000 ramoops.mem_address=0x10000000 ramoops.mem_size=0x100000' >"$R/proc/cmdline"
run --sysroot "$R" check --json
expect_status "ramoops.mem_size=0x100000 with its memmap=" runtime.cmdline ok
echo Y >"$R/sys/module/kernel/parameters/crash_kexec_post_notifiers"
echo 1 >"$R/sys/kernel/kexec_crash_loaded"
run --sysroot "$R" check --json
expect_status "kdump with crash_kexec_post_notifiers=Y" runtime.kdump ok

R=$(sysroot unmounted check-debian-6.1 modules-6.1)
grep -v pstore "$FIXTURES/check-debian-6.1/proc/self/mountinfo" >"$R/proc/self/mountinfo"
run --sysroot "$R" check --json
expect_status "pstore not mounted" runtime.mount warn

# Not root: the parameter files are 0400 and /proc/iomem hides addresses.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 755 "$T"
	R=$(sysroot nonroot check-debian-6.1)
	cp -rL "$M/modules-6.1/lib" "$R/lib"
	chmod -R a+rX "$R"
	chmod 400 "$R"/sys/module/ramoops/parameters/*
	sed 's/^\( *\)[0-9a-f]*-[0-9a-f]* :/\100000000-00000000 :/' "$FIXTURES/check-debian-6.1/proc/iomem" >"$R/proc/iomem"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$PSTORECTL" --sysroot "$R" check --json \
		>"$T/out" 2>"$T/err"; rc=$?
	expect_rc "not root" 0
	expect_status "not root" module.params skip
	expect_json "not root: module.params says run as root" '.checks[] | select(.id=="module.params") | .hint == "run as root"'
	expect_status "not root: hidden /proc/iomem" runtime.iomem skip
fi

# ---- runtime.reason: the capability list of pstorectl reason ----
R=$(sysroot capmin check-minimal)
run --sysroot "$R" check --json
expect_status "minimal" runtime.reason ok
check "minimal: runtime.reason lists what it can tell" \
	test "$(value runtime.reason)" = "can tell panic, oops, reboot, poweroff, halt, kexec, reset, power-loss"
expect_json "minimal: runtime.reason says what it cannot tell" '.checks[] | select(.id=="runtime.reason") |
	.detail | test("cannot tell watchdog")'
R=$(sysroot capdeb check-debian-6.1)
run --sysroot "$R" check --json
expect_status "debian 6.1" runtime.reason warn
check "debian 6.1: runtime.reason can tell a crash only" test "$(value runtime.reason)" = "can tell panic, oops"
expect_json "debian 6.1: runtime.reason cannot tell a clean reboot from a power cut" '.checks[] |
	select(.id=="runtime.reason") | (.detail | test("cannot tell reboot, .*power-loss")) and
	(.hint | test("ramoops.max_reason=4")) and
	(.hint | endswith("(pstorectl write --marker EVENT writes the markers)"))'
# the same lists as pstorectl reason
run --sysroot "$R" reason --json
can=$(jq -r '.can_tell | join(", ")' "$T/out")
run --sysroot "$R" check --json
check "debian 6.1: runtime.reason agrees with reason --json ($can)" test "$(value runtime.reason)" = "can tell $can"

# ---- runtime.systemd-pstore: where the records go at boot ----
R=$(sysroot sdp check-minimal)
run --sysroot "$R" check --json
expect_status "no systemd under the sysroot" runtime.systemd-pstore skip
mkdir -p "$R/lib/systemd/system" "$R/etc/systemd/system/sysinit.target.wants"
run --sysroot "$R" check --json
expect_status "systemd-pstore not installed" runtime.systemd-pstore ok
check "systemd-pstore not installed: value" test "$(value runtime.systemd-pstore)" = "not installed"
echo '[Unit]' >"$R/lib/systemd/system/systemd-pstore.service"
run --sysroot "$R" check --json
expect_status "systemd-pstore disabled" runtime.systemd-pstore ok
# Debian 12's default: enabled, Storage=external, Unlink=yes
ln -s /lib/systemd/system/systemd-pstore.service "$R/etc/systemd/system/sysinit.target.wants/"
mkdir -p "$R/etc/systemd" && printf '[PStore]\n#Storage=external\n#Unlink=yes\n' >"$R/etc/systemd/pstore.conf"
mkdir -p "$R/var/lib/systemd/pstore" && printf 'Panic#1 Part1\n' >"$R/var/lib/systemd/pstore/dmesg-ramoops-0"
run --sysroot "$R" check --json
expect_rc "systemd-pstore enabled" 0
expect_status "systemd-pstore enabled" runtime.systemd-pstore warn
check "systemd-pstore enabled: value" test "$(value runtime.systemd-pstore)" = "enabled, Storage=external, Unlink=yes"
expect_json "systemd-pstore enabled: what it does, what it holds" '.checks[] | select(.id=="runtime.systemd-pstore") |
	(.detail | test("moves every record out of pstore into its archive, ramoops records flat")) and
	(.detail | endswith("/var/lib/systemd/pstore holds 1 record, newest dmesg-ramoops-0"))'
expect_json "systemd-pstore enabled: the hint names the pstorectl command" ".checks[] | select(.id==\"runtime.systemd-pstore\") |
	.hint | endswith(\"(read them: pstorectl ls --dir $R/var/lib/systemd/pstore)\")"
run --sysroot "$R" check
expect_out "systemd-pstore text" "^  warn  systemd-pstore +enabled, Storage=external, Unlink=yes$"
expect_out "systemd-pstore text: hint" "^        hint: .*set Unlink=no in /etc/systemd/pstore.conf.*pstorectl ls --dir $R/var/lib/systemd/pstore\)$"
# a drop-in keeps the records in pstore
mkdir -p "$R/etc/systemd/pstore.conf.d"
printf '[PStore]\nUnlink=no\n' >"$R/etc/systemd/pstore.conf.d/50-keep.conf"
run --sysroot "$R" check --json
expect_status "systemd-pstore Unlink=no drop-in" runtime.systemd-pstore ok
check "systemd-pstore Unlink=no: value" test "$(value runtime.systemd-pstore)" = "enabled, Storage=external, Unlink=no"
printf '[PStore]\nStorage=journal\n' >"$R/etc/systemd/pstore.conf.d/40-journal.conf"
printf '[PStore]\nUnlink=yes\n' >"$R/etc/systemd/pstore.conf.d/60-unlink.conf"
run --sysroot "$R" check --json
expect_status "systemd-pstore Storage=journal, Unlink=yes" runtime.systemd-pstore warn
expect_json "systemd-pstore journal: the records are in the journal only" '.checks[] |
	select(.id=="runtime.systemd-pstore") | .detail | test("in the journal only")'
ln -s /dev/null "$R/etc/systemd/system/systemd-pstore.service"
run --sysroot "$R" check --json
expect_status "systemd-pstore masked" runtime.systemd-pstore ok
check "systemd-pstore masked: value" test "$(value runtime.systemd-pstore)" = masked

# ---- usage ----
run check --bogus
expect_rc "unknown option" 2
run check extra
expect_rc "extra argument" 2
run check --color=sometimes
expect_rc "bad --color" 2
# Only the ftrace zone unused: the hint names ftrace_size=0 alone.
R=$(sysroot ftraceonly check-debian-6.1 modules-6.1)
echo 0 >"$R/sys/module/ramoops/parameters/console_size"
echo 0 >"$R/sys/module/ramoops/parameters/pmsg_size"
echo 4096 >"$R/sys/module/ramoops/parameters/ftrace_size"
run --sysroot "$R" check -J
expect_status "ftrace zone unused" module.params warn
expect_json "ftrace zone unused: the hint names ftrace_size=0 alone" \
	'.checks[] | select(.id=="module.params") | .hint | startswith("pstorectl load ... --ftrace-size 0, or: reload ramoops with ftrace_size=0,")'
# record_size=0 (no dmesg records) as well: the hint asks for a record size too.
echo 0 >"$R/sys/module/ramoops/parameters/record_size"
run --sysroot "$R" check -J
expect_json "record_size=0: the hint names record_size and ftrace_size" \
	'.checks[] | select(.id=="module.params") | .hint | startswith("pstorectl load ... --record-size SIZE --ftrace-size 0, or: reload ramoops with record_size=SIZE ftrace_size=0,")'

# ---- nothing to test: no pass (issue 10) ----
run --sysroot "$T/no-such-root" check
expect_rc "nonexistent --sysroot" 2
check "nonexistent --sysroot: one line naming it" \
	test "$err" = "pstorectl: --sysroot $T/no-such-root: No such file or directory"
expect_no_out "nonexistent --sysroot"
mkdir -p "$T/empty-root"
run --sysroot "$T/empty-root" check
expect_rc "an empty sysroot: nothing could be tested" 1
expect_err "an empty sysroot: says so" "^pstorectl: check: nothing could be tested"
run --sysroot "$T/empty-root" check -J
expect_rc "an empty sysroot, JSON: nothing could be tested" 1
expect_json "an empty sysroot, JSON: no check is ok" '.summary.ok == 0'

if [ -w /dev/full ]; then
	"$PSTORECTL" --sysroot "$FIXTURES/check-minimal" check >/dev/full 2>"$T/err"; rc=$?
	check "write error on stdout is a failure (rc=$rc)" test "$rc" -ne 0
fi
echo "1..$_n"
