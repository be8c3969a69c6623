#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl dts (and plan --dtb / --format dts) against real DTBs: QEMU's own machine
# trees dumped at test time and the DTS fixtures in tests/fixtures/dts compiled with dtc.
# Every DTB and overlay produced here is decompiled with dtc, read back with fdtget and
# validated against the kernel's own binding (ramoops.yaml + reserved-memory.yaml from
# linux-source-6.1) with dt-schema. Expected values come from the fixtures' documented
# memory maps and from shell arithmetic, never from pstorectl's own output.
. "$(dirname "$0")/lib.sh"

FIX=$FIXTURES/dts
CACHE=$BUILD/dts-cache
mkdir -p "$CACHE"

skip() { _n=$((_n + 1)); echo "ok $_n - $1 # SKIP $2"; }
# lib.sh's expect_json sends its own "ok" line to /dev/null; this one keeps it.
# (jq -e exits 0 on empty input: an empty stdout must fail, not pass)
jq_true() { [ -s "$T/out" ] && jq -e "$1" "$T/out" >/dev/null 2>&1; }
jcheck() { check "$1" jq_true "$2"; }

if ! command -v dtc >/dev/null || ! command -v fdtget >/dev/null; then
	skip "dts tests" "dtc/fdtget not installed (device-tree-compiler)"
	echo "1..$_n"
	exit 0
fi

for f in "$FIX"/*.dts; do
	dtc -q -I dts -O dtb -o "$T/$(basename "$f" .dts).dtb" "$f" ||
		{ echo "Bail out! dtc failed on $f"; exit 1; }
done

# fget FILE NODE PROP: the property as hex cells, one line ("0x0 0x7ff00000 ...").
fget() { fdtget -t x "$1" "$2" "$3" 2>/dev/null | awk '{for(i=1;i<=NF;i++) printf "%s0x%s", (i>1?" ":""), $i; print ""}'; }
hex() { printf '0x%x' "$1"; }
# no_leftovers DIR: nothing but what was there (no temporary files).
no_leftovers() { [ -z "$(find "$1" -maxdepth 1 -name '.*.tmp' -print -quit)" ]; }

# ---- the kernel's binding, for dt-validate ----------------------------------------------
schema=
find_bindings() {
	local d c
	for c in ${PSTORECTL_BINDINGS:-} \
		"${PSTORECTL_E2E_CACHE:-$HOME/.cache/pstorectl-e2e}"/src/linux-source-6.1_*/Documentation/devicetree/bindings/reserved-memory \
		/tmp/ksrc/x-linux-source-6.1/linux-source-6.1/Documentation/devicetree/bindings/reserved-memory \
		/tmp/ksrc/linux-source-6.1/Documentation/devicetree/bindings/reserved-memory \
		/usr/src/linux-source-6.1*/Documentation/devicetree/bindings/reserved-memory; do
		[ -f "$c/ramoops.yaml" ] && [ -f "$c/reserved-memory.yaml" ] && { echo "$c"; return; }
	done
	# Else take the two files out of the Debian source tarball (once, cached).
	for c in /usr/src/linux-source-6.1.tar.xz /tmp/ksrc/x-linux-source-6.1/usr/src/linux-source-6.1.tar.xz; do
		[ -f "$c" ] || continue
		d=$CACHE/bindings-6.1
		if [ ! -f "$d/ramoops.yaml" ]; then
			mkdir -p "$d.tmp"
			tar -xJf "$c" -C "$d.tmp" --wildcards --strip-components=5 \
				'*/Documentation/devicetree/bindings/reserved-memory/ramoops.yaml' \
				'*/Documentation/devicetree/bindings/reserved-memory/reserved-memory.yaml' \
				2>/dev/null && mv "$d.tmp" "$d"
			rm -rf "$d.tmp"
		fi
		[ -f "$d/ramoops.yaml" ] && { echo "$d"; return; }
	done
}
if command -v dt-mk-schema >/dev/null && command -v dt-validate >/dev/null; then
	bdir=$(find_bindings)
	if [ -n "$bdir" ]; then
		mkdir -p "$T/bindings"
		cp "$bdir/ramoops.yaml" "$bdir/reserved-memory.yaml" "$T/bindings/"
		dt-mk-schema -j "$T/bindings" >"$T/schema.json" 2>"$T/mk.err" && schema=$T/schema.json
	fi
fi
# validate FILE: dt-validate reports nothing about ramoops or reserved-memory nodes.
# (It exits 0 even when it complains, so its output is what counts; other nodes of a
# QEMU tree may draw unrelated complaints from the core schemas.)
validate() {
	local log=$T/validate.log
	dt-validate -s "$schema" "$1" >"$log" 2>&1
	! grep -E "ramoops|reserved-memory|$T/bindings" "$log"
}
notvalid() { ! validate "$1" >/dev/null; }
vcheck() { # WHAT FILE
	if [ -n "$schema" ]; then check "$1: dt-validate accepts it (kernel binding)" validate "$2"
	else skip "$1: dt-validate" "no dt-schema or no linux-source-6.1 bindings"; fi
}

if [ -n "$schema" ]; then
	# Negative control: the validator must reject a bad node, or the checks prove nothing.
	cat >"$T/bad.dts" <<-'EOF'
	/dts-v1/;
	/ { #address-cells = <2>; #size-cells = <2>; model = "x"; compatible = "x";
	    memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x10000000>; };
	    reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;
	        ramoops@4ff00000 { compatible = "ramoops"; reg = <0 0x4ff00000 0 0x100000>;
	            record-size = <0x4000>; mem-type = <3>; console-sz = <0x4000>; }; }; };
	EOF
	dtc -q -I dts -O dtb -o "$T/bad.dtb" "$T/bad.dts"
	check "negative control: dt-validate rejects mem-type 3 and an unknown property" \
		notvalid "$T/bad.dtb"
	sed -e 's/ mem-type = <3>; console-sz = <0x4000>;//' -e 's/record-size = <0x4000>;//' \
		"$T/bad.dts" | dtc -q -I dts -O dtb -o "$T/bad2.dtb" -
	check "negative control: dt-validate rejects a node without any *-size" \
		notvalid "$T/bad2.dtb"
else
	skip "dt-schema negative control" "no dt-schema or no linux-source-6.1 bindings"
fi

# ---- usage --------------------------------------------------------------------------------
run dts --help
expect_rc "dts --help" 0
expect_out "dts --help" '^Usage: pstorectl dts'
run dts --patch "$T/board-norm.dtb"
expect_rc "--patch without -o or --in-place" 2
run dts --show --patch "$T/board-norm.dtb"
expect_rc "--show with --patch" 2
run dts --format yaml
expect_rc "--format yaml" 2
run dts --address-cells 3
expect_rc "--address-cells 3" 2
run dts -o "$T/x.dtb"
expect_rc "-o without --patch" 2
# -o means columns everywhere (issue 10): the file is --output; -o FILE still works, warned
run dts --patch "$T/board-norm.dtb"
expect_err "--patch without an output: names --output" 'needs either --output FILE or --in-place'
run dts --help
check "dts --help: the output file is --output, no -o" bash -c 'grep -qE "^      --output FILE" "$1" && ! grep -qE "^  -o, " "$1"' _ "$T/out"
run dts --patch "$T/board-norm.dtb" -o "$T/deprecated-o.dtb"
expect_rc "dts --patch -o FILE (deprecated)" 0
expect_err "dts --patch -o FILE: a deprecation warning" 'warning: -o FILE is deprecated in dts: use --output FILE'
check "dts --patch -o FILE: written" test -s "$T/deprecated-o.dtb"
run dts --patch "$T/board-norm.dtb" --output "$T/output.dtb"
expect_rc "dts --patch --output FILE" 0
check "dts --patch --output FILE: no warning" test ! -s "$T/err"

# ---- the node as DTS source -----------------------------------------------------------------
# wrap NODEFILE AC SC: a board whose /reserved-memory holds the printed node.
wrap() {
	cat <<-EOF
	/dts-v1/;
	/ { model = "t"; compatible = "t"; #address-cells = <$2>; #size-cells = <$3>;
	    memory@40000000 { device_type = "memory"; reg = <$4>; };
	    reserved-memory { #address-cells = <$2>; #size-cells = <$3>; ranges;
	EOF
	cat "$1"
	echo "}; };"
}
run dts --address 0x7f000000 --size 2M --record-size 16K --console-size 32K --pmsg-size 8K \
	--ftrace-size 4K --ecc 16 --mem-type 2 --max-reason 4 --flags 1
expect_rc "dts node 2/2" 0
cp "$T/out" "$T/node22.dtsi"
wrap "$T/node22.dtsi" 2 2 "0 0x40000000 0 0x40000000" >"$T/node22.dts"
check "dts node 2/2: compiles with dtc inside a board's /reserved-memory" \
	dtc -q -I dts -O dtb -o "$T/node22.dtb" "$T/node22.dts"
N=/reserved-memory/ramoops@7f000000
check "dts node 2/2: reg in 2+2 cells" test "$(fget "$T/node22.dtb" $N reg)" = "0x0 0x7f000000 0x0 0x200000"
check "dts node 2/2: compatible" test "$(fdtget "$T/node22.dtb" $N compatible)" = ramoops
for p in record-size:16384 console-size:32768 pmsg-size:8192 ftrace-size:4096 ecc-size:16 \
	mem-type:2 max-reason:4 flags:1; do
	check "dts node 2/2: ${p%%:*} = ${p#*:}" test "$(fdtget -t u "$T/node22.dtb" $N "${p%%:*}")" = "${p#*:}"
done
vcheck "dts node 2/2" "$T/node22.dtb"

# max-reason: the binding allows up to 0x7fffffff ("store all kmsg dumps"), no more
run dts --address 0x7f000000 --size 1M --max-reason 0x7fffffff
expect_rc "dts --max-reason INT_MAX (the binding's maximum)" 0
cp "$T/out" "$T/nodemr.dtsi"
wrap "$T/nodemr.dtsi" 2 2 "0 0x40000000 0 0x40000000" >"$T/nodemr.dts"
check "dts --max-reason INT_MAX: compiles" dtc -q -I dts -O dtb -o "$T/nodemr.dtb" "$T/nodemr.dts"
check "dts --max-reason INT_MAX: max-reason = 2147483647" \
	test "$(fdtget -t u "$T/nodemr.dtb" /reserved-memory/ramoops@7f000000 max-reason)" = 2147483647
vcheck "dts --max-reason INT_MAX" "$T/nodemr.dtb"
run dts --address 0x7f000000 --size 1M --max-reason 0x80000000
expect_rc "dts --max-reason above INT_MAX" 2

run dts --address 0x8ff00000 --size 1M --address-cells 1 --size-cells 1
expect_rc "dts node 1/1" 0
cp "$T/out" "$T/node11.dtsi"
wrap "$T/node11.dtsi" 1 1 "0x80000000 0x10000000" >"$T/node11.dts"
check "dts node 1/1: compiles" dtc -q -I dts -O dtb -o "$T/node11.dtb" "$T/node11.dts"
check "dts node 1/1: reg in 1+1 cells" test "$(fget "$T/node11.dtb" /reserved-memory/ramoops@8ff00000 reg)" = "0x8ff00000 0x100000"
vcheck "dts node 1/1" "$T/node11.dtb"
run dts --address 0xfff00000 --size 2M --address-cells 1 --size-cells 1
expect_rc "dts: a region past 4G with 1 address cell" 1
expect_err "dts: a region past 4G with 1 address cell" 'does not fit #address-cells'
run dts --address 0x40000000 --record-size 0 --console-size 0 --pmsg-size 0
expect_rc "dts: no zone at all" 1
expect_err "dts: no zone at all" 'no record-size, console-size'
run dts --address 0x40000000 --flags 0x80000000
expect_rc "dts: flags above INT_MAX" 1
expect_err "dts: flags above INT_MAX" 'flags: 0x80000000 is above INT_MAX'

# Cells from --dtb, and the choice from its memory map.
run dts --dtb "$T/board32-banks.dtb" --below 0xa0000000
expect_rc "dts --dtb board32" 0
check "dts --dtb board32: 1/1 cells and the free top of bank 1 (0x93e00000)" \
	grep -q 'reg = <0x93e00000 0x100000>;' "$T/out"
run dts --dtb "$T/board32-banks.dtb" --address 0x87f00000 --size 1M
expect_rc "dts --dtb: --address over /reserved-memory/optee" 1
expect_err "dts --dtb: --address over /reserved-memory/optee" 'overlaps /reserved-memory/optee@87e00000'
run dts --dtb "$T/board32-banks.dtb" --address-cells 2
expect_rc "dts --dtb with other cells" 2

# ---- overlays ------------------------------------------------------------------------------
run dts --dtb "$T/board-norm.dtb" --format overlay --below 0x50000000
expect_rc "overlay, base without /reserved-memory" 0
cp "$T/out" "$T/ov1.dts"
check "overlay: starts /dts-v1/; /plugin/;" bash -c 'head -2 "$1" | tr -d "\n" | grep -q "^/dts-v1/;/plugin/;$"' _ "$T/ov1.dts"
check "overlay: compiles with dtc -@" dtc -q -@ -I dts -O dtb -o "$T/ov1.dtbo" "$T/ov1.dts"
vcheck "overlay (the .dtbo itself)" "$T/ov1.dtbo"
if command -v fdtoverlay >/dev/null; then
	check "overlay: fdtoverlay applies it to board-norm" \
		fdtoverlay -i "$T/board-norm.dtb" -o "$T/ov1-applied.dtb" "$T/ov1.dtbo"
	check "overlay applied: /reserved-memory cells 2/1 like the root" \
		test "$(fget "$T/ov1-applied.dtb" /reserved-memory '#address-cells') $(fget "$T/ov1-applied.dtb" /reserved-memory '#size-cells')" = "0x2 0x1"
	check "overlay applied: reg <0x0 0x4ff00000 0x100000> (top of the 256M bank)" \
		test "$(fget "$T/ov1-applied.dtb" /reserved-memory/ramoops@4ff00000 reg)" = "0x0 0x4ff00000 0x100000"
	vcheck "overlay applied to board-norm" "$T/ov1-applied.dtb"
fi
run dts --dtb "$T/board32-banks.dtb" --format overlay --below 0x90000000
expect_rc "overlay, base with /reserved-memory" 0
cp "$T/out" "$T/ov2.dts"
check "overlay 2: targets &{/reserved-memory}" grep -q '^&{/reserved-memory} {' "$T/ov2.dts"
check "overlay 2: compiles with dtc -@" dtc -q -@ -I dts -O dtb -o "$T/ov2.dtbo" "$T/ov2.dts"
vcheck "overlay 2 (the .dtbo itself)" "$T/ov2.dtbo"
if command -v fdtoverlay >/dev/null; then
	check "overlay 2: fdtoverlay applies it" \
		fdtoverlay -i "$T/board32-banks.dtb" -o "$T/ov2-applied.dtb" "$T/ov2.dtbo"
	# bank 0 minus /memreserve/ 0x80000000+64K and optee 0x87e00000+2M: top 1M is 0x87d00000
	check "overlay 2 applied: reg <0x87d00000 0x100000>" \
		test "$(fget "$T/ov2-applied.dtb" /reserved-memory/ramoops@87d00000 reg)" = "0x87d00000 0x100000"
	check "overlay 2 applied: optee kept" test -n "$(fget "$T/ov2-applied.dtb" /reserved-memory/optee@87e00000 reg)"
	vcheck "overlay 2 applied" "$T/ov2-applied.dtb"
fi

# ---- patching QEMU's own trees ---------------------------------------------------------------
# ram_top DTB: end of the highest /memory reg (root cells 2/2 in both QEMU trees).
patch_qemu() { # NAME DTB
	local name=$1 dtb=$2 reg base size top want dst=$T/$1-patched.dtb
	reg=$(fget "$dtb" /memory@40000000 reg)
	set -- $reg
	base=$(($1 << 32 | $2)) size=$(($3 << 32 | $4))
	top=$((base + size)) want=$(hex $((top - 0x100000)))
	cp "$dtb" "$T/$name-orig.dtb"
	run dts --patch "$dtb" --output "$dst" --record-size 16K --console-size 16K --pmsg-size 16K --ecc 16
	expect_rc "$name: patch" 0
	check "$name: input untouched" cmp -s "$dtb" "$T/$name-orig.dtb"
	check "$name: dtc decompiles the result" bash -c 'dtc -q -I dtb -O dts "$1" > "$2"' _ "$dst" "$T/$name.dts"
	check "$name: ramoops@${want#0x} at the top 1M of RAM" grep -q "ramoops@${want#0x} {" "$T/$name.dts"
	N=/reserved-memory/ramoops@${want#0x}
	check "$name: /reserved-memory cells 2/2 + empty ranges" \
		test "$(fget "$dst" /reserved-memory '#address-cells') $(fget "$dst" /reserved-memory '#size-cells') [$(fdtget "$dst" /reserved-memory ranges)]" = "0x2 0x2 []"
	check "$name: reg" test "$(fget "$dst" "$N" reg)" = "$(hex $((want >> 32))) $(hex $((want & 0xffffffff))) 0x0 0x100000"
	check "$name: compatible" test "$(fdtget "$dst" "$N" compatible)" = ramoops
	for p in record-size:16384 console-size:16384 pmsg-size:16384 ecc-size:16; do
		check "$name: ${p%%:*} = ${p#*:}" test "$(fdtget -t u "$dst" "$N" "${p%%:*}")" = "${p#*:}"
	done
	check "$name: no property that was not asked for" \
		bash -c '! fdtget "$1" "$2" mem-type 2>/dev/null && ! fdtget "$1" "$2" max-reason 2>/dev/null && ! fdtget "$1" "$2" ftrace-size 2>/dev/null' _ "$dst" "$N"
	vcheck "$name" "$dst"
	# plan --dtb agrees with the memory map too
	run plan --dtb "$dtb" -J
	jcheck "$name: plan --dtb picks $want" ".region.start == $((want)) and .region.size == 1048576"
}
qemu_dtb() { # SYSTEM FILE ARGS...: dump QEMU's machine tree once into the cache
	local sys=$1 f=$CACHE/$2; shift 2
	[ -s "$f" ] && { echo "$f"; return; }
	command -v "$sys" >/dev/null || return 1
	timeout 60 "$sys" "$@" -display none -M "virt,dumpdtb=$f.tmp" >/dev/null 2>&1 && mv "$f.tmp" "$f" && echo "$f"
}
if d64=$(qemu_dtb qemu-system-aarch64 virt-aarch64-1G.dtb -cpu cortex-a57 -smp 1 -m 1G); then
	patch_qemu qemu-aarch64 "$d64"
else skip "QEMU aarch64 virt DTB" "qemu-system-aarch64 not installed"; fi
if d32=$(qemu_dtb qemu-system-arm virt-arm-512M.dtb -m 512M); then
	patch_qemu qemu-arm "$d32"
else skip "QEMU arm virt DTB" "qemu-system-arm not installed"; fi

# ---- patching the fixtures ---------------------------------------------------------------------
dst=$T/b32.dtb
run dts --patch "$T/board32-banks.dtb" --output "$dst" --below 0xa0000000 --record-size 8K
expect_rc "board32: patch (a tight dtc blob: grows and retries)" 0
check "board32: 1-cell reg at 0x93e00000 (bank 1 minus memreserve and cma alloc-ranges)" \
	test "$(fget "$dst" /reserved-memory/ramoops@93e00000 reg)" = "0x93e00000 0x100000"
check "board32: linux,cma and optee kept" \
	bash -c '{ fdtget "$1" /reserved-memory/linux,cma size && fdtget "$1" /reserved-memory/optee@87e00000 reg; } >/dev/null' _ "$dst"
check "board32: /memreserve/ entries kept" test "$(dtc -q -I dtb -O dts "$dst" | grep -c '^/memreserve/')" = 2
vcheck "board32 patched" "$dst"
run plan --dtb "$T/board32-banks.dtb" --below 0x90000000 -J
jcheck "plan --dtb board32 below bank 1: 0x87d00000" '.region.start == 2278555648'
run plan --dtb "$T/board32-banks.dtb" --below 0x80100000 -J
expect_rc "plan --dtb: nothing free below 0x80100000 (memreserve + 1M alignment)" 1

for c in "0x87f00000:overlaps /reserved-memory/optee@87e00000" \
	"0x93f00000:overlaps /memreserve/ entry 1" \
	"0x80000000:overlaps /memreserve/ entry 0" \
	"0x88000000:not inside any /memory node"; do
	a=${c%%:*} msg=${c#*:}
	rm -f "$T/refused.dtb"
	run dts --patch "$T/board32-banks.dtb" --output "$T/refused.dtb" --address "$a" --size 1M
	expect_rc "board32 --address $a refused" 1
	expect_err "board32 --address $a: message names it" "$msg"
	expect_one_error "board32 --address $a"
	check "board32 --address $a: no output file, no temporary file" \
		bash -c '[ ! -e "$1" ] && [ -z "$(ls -A "$2" | grep "\.tmp$")" ]' _ "$T/refused.dtb" "$T"
done
run dts --patch "$T/board32-banks.dtb" --output "$T/refused.dtb" --address 0xa0f00000 --size 2M
expect_rc "board32: a region that does not fit 1 address cell" 1
expect_err "board32: a region that does not fit 1 address cell" 'not inside any /memory|does not fit'

# no /reserved-memory, 2/1 cells
dst=$T/norm.dtb
run dts --patch "$T/board-norm.dtb" --output "$dst"
expect_rc "board-norm: patch" 0
check "board-norm: /reserved-memory created with the root's cells 2/1 and empty ranges" \
	test "$(fget "$dst" /reserved-memory '#address-cells') $(fget "$dst" /reserved-memory '#size-cells') [$(fdtget "$dst" /reserved-memory ranges)]" = "0x2 0x1 []"
check "board-norm: reg <0x1 0x3ff00000 0x100000> (top of the bank above 4G)" \
	test "$(fget "$dst" /reserved-memory/ramoops@13ff00000 reg)" = "0x1 0x3ff00000 0x100000"
vcheck "board-norm patched" "$dst"

# existing ramoops node
orig=$T/board64-ramoops.dtb
run dts --patch "$orig" --output "$T/b64.dtb" --record-size 32K
expect_rc "board64: an existing ramoops node is refused" 1
expect_err "board64: the message names it" '/reserved-memory/ramoops@7f000000.*--replace'
check "board64: no output" test ! -e "$T/b64.dtb"
ph=$(fget "$orig" /crash-logger memory-region)
run dts --patch "$orig" --output "$T/b64.dtb" --replace --record-size 32K
expect_rc "board64 --replace" 0
N=/reserved-memory/ramoops@7f000000
check "board64 --replace: region kept" test "$(fget "$T/b64.dtb" $N reg)" = "0x0 0x7f000000 0x0 0x100000"
check "board64 --replace: record-size updated to 32K" test "$(fdtget -t u "$T/b64.dtb" $N record-size)" = 32768
check "board64 --replace: console-size, ecc-size, max-reason kept" \
	test "$(fdtget -t u "$T/b64.dtb" $N console-size) $(fdtget -t u "$T/b64.dtb" $N ecc-size) $(fdtget -t u "$T/b64.dtb" $N max-reason)" = "32768 16 2"
check "board64 --replace: the phandle the consumer uses is kept" test "$(fget "$T/b64.dtb" $N phandle)" = "$ph"
check "board64 --replace: only one ramoops node" test "$(dtc -q -I dtb -O dts "$T/b64.dtb" | grep -c 'compatible = "ramoops"')" = 1
vcheck "board64 replaced" "$T/b64.dtb"
run dts --patch "$orig" --output "$T/b64m.dtb" --replace --address 0x60000000 --size 1M
expect_rc "board64 --replace --address: moves it" 0
check "board64 moved: old node gone, new one at 0x60000000" \
	bash -c '! fdtget "$1" /reserved-memory/ramoops@7f000000 reg 2>/dev/null && fdtget "$1" /reserved-memory/ramoops@60000000 reg >/dev/null' _ "$T/b64m.dtb"
run dts --patch "$orig" --output "$T/b64f.dtb" --replace --address 0x7fe00000 --size 1M
expect_rc "board64 --replace onto fw@7fe00000" 1
expect_err "board64 --replace onto fw@7fe00000" 'overlaps /reserved-memory/fw@7fe00000'

# --in-place keeps the guarantees
cp "$T/board-norm.dtb" "$T/inplace.dtb"; chmod 0640 "$T/inplace.dtb"
run dts --patch "$T/inplace.dtb" --in-place --address 0x40000000 --size 1M
expect_rc "--in-place" 0
check "--in-place: the file now has the node" test -n "$(fdtget "$T/inplace.dtb" /reserved-memory/ramoops@40000000 reg)"
check "--in-place: mode kept" test "$(stat -c %a "$T/inplace.dtb")" = 640
cp "$T/inplace.dtb" "$T/inplace.bak"
run dts --patch "$T/inplace.dtb" --in-place --address 0x48000000
expect_rc "--in-place with a conflict (a ramoops node exists now)" 1
check "--in-place failure: the file is untouched" cmp -s "$T/inplace.dtb" "$T/inplace.bak"
check "--in-place: no temporary files" no_leftovers "$T"

# -o - writes the blob to a pipe
check "-o - writes a DTB to stdout" bash -c '"$1" dts --patch "$2" -o - > "$3" && fdtget "$3" /reserved-memory/ramoops@13ff00000 compatible >/dev/null' _ "$PSTORECTL" "$T/board-norm.dtb" "$T/stdout.dtb"

# ---- bad input and bad output -------------------------------------------------------------------
: >"$T/empty.dtb"
head -c 100 "$T/board-norm.dtb" >"$T/trunc.dtb"
printf 'this is not a device tree blob at all, just text\n' >"$T/magic.dtb"
python3 - "$T/board-norm.dtb" "$T/corrupt.dtb" <<-'EOF'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
off = struct.unpack('>I', b[8:12])[0]       # off_dt_struct
b[off:off + 4] = struct.pack('>I', 0x77)   # not an FDT token
open(sys.argv[2], 'wb').write(b)
EOF
# a property length that wraps the walk back onto the property (found by fuzz-dtb: Debian
# 12's libfdt loops forever on it)
cp "$TOP/tests/fuzz/corpus/dtb/31cfba5629e116888e4258c28aa0135c5a6ff203" "$T/wrap.dtb"
for c in "empty:empty file" "trunc:truncated" "magic:not a DTB" "corrupt:corrupt DTB" \
	"wrap:corrupt DTB: the property at offset 448 of the structure block has a length that wraps around" \
	"board-nocells:no #address-cells" "board-badrm:kernel ignores such a node"; do
	f=${c%%:*} msg=${c#*:}
	rm -f "$T/bad-out.dtb"
	run dts --patch "$T/$f.dtb" --output "$T/bad-out.dtb"
	expect_rc "bad input $f" 1
	expect_err "bad input $f: says '$msg'" "$msg"
	check "bad input $f: exactly one error line" test "$(grep -c . "$T/err")" = 1
	check "bad input $f: no output file" test ! -e "$T/bad-out.dtb"
done
run dts --show "$T/trunc.dtb"
expect_rc "--show of a truncated DTB" 1
run plan --dtb "$T/magic.dtb"
expect_rc "plan --dtb of a text file" 1
expect_err "plan --dtb of a text file" 'not a DTB'
mkdir -p "$T/outdir"
: >"$T/afile"
for o in "$T/missing-dir/out.dtb" "$T/afile/out.dtb" "$T/outdir/"; do
	run dts --patch "$T/board-norm.dtb" --output "$o"
	expect_rc "output path $o cannot be written" 1
	expect_one_error "output path $o"
done
check "unwritable outputs: nothing left in outdir" test -z "$(ls -A "$T/outdir")"
if [ -w /dev/full ]; then
	"$PSTORECTL" dts --address 0x40000000 >/dev/full 2>"$T/err"; rc=$?
	expect_rc "dts > /dev/full" 1
fi

# ---- --show ---------------------------------------------------------------------------------------
run dts --show --json "$T/board64-ramoops.dtb"
expect_rc "--show --json board64" 0
jcheck "--show --json: the fixture's values" \
	'.ramoops | length == 1 and .[0].path == "/reserved-memory/ramoops@7f000000" and .[0].address == 2130706432 and .[0].size == 1048576 and .[0].record_size == 16384 and .[0].console_size == 32768 and .[0].ecc_size == 16 and .[0].max_reason == 2 and .[0].ftrace_size == null and .[0].pmsg_size == null and .[0].mem_type == null and .[0].flags == null and .[0].no_map == false'
run dts --show "$T/board64-ramoops.dtb"
expect_out "--show board64 (text)" '^/reserved-memory/ramoops@7f000000$'
expect_out "--show board64 (text)" 'record-size +16K'
run dts --show --json "$T/board-norm.dtb"
jcheck "--show --json without a node: an empty list" '.ramoops == []'
run dts --show --json "$T/norm.dtb"
jcheck "--show --json of our own patch: 2/1 reg read back" ".ramoops[0].address == $((0x13ff00000)) and .ramoops[0].size == 1048576"

# linux,usable-memory replaces reg (early_init_dt_scan_memory(), drivers/of/fdt.c): the
# kernel only has the first 128M of this 256M bank
cat >"$T/usable.dts" <<'EOF'
/dts-v1/;
/ { model = "t"; compatible = "t"; #address-cells = <1>; #size-cells = <1>;
    memory@80000000 { device_type = "memory"; reg = <0x80000000 0x10000000>;
                      linux,usable-memory = <0x80000000 0x8000000>; }; };
EOF
dtc -q -I dts -O dtb -o "$T/usable.dtb" "$T/usable.dts"
run plan --dtb "$T/usable.dtb" -J
jcheck "plan --dtb: the top of linux,usable-memory, not of reg" ".region.start == $((0x87f00000))"
run dts --patch "$T/usable.dtb" --output "$T/usable-out.dtb" --address 0x8ff00000
expect_rc "--patch: a region in reg but outside linux,usable-memory" 1
expect_err "--patch: a region in reg but outside linux,usable-memory" 'not inside any /memory'
check "--patch refused: no output file" test ! -e "$T/usable-out.dtb"

# cells come from the nearest ancestor that has them (of_bus_n_addr_cells()), not libfdt's
# default of 2: /soc has none, so reg is read in the root's 1/1 cells
cat >"$T/soc.dts" <<'EOF'
/dts-v1/;
/ { model = "t"; compatible = "t"; #address-cells = <1>; #size-cells = <1>;
    memory@80000000 { device_type = "memory"; reg = <0x80000000 0x10000000>; };
    soc { ramoops@8ff00000 { compatible = "ramoops"; reg = <0x8ff00000 0x100000>;
                             record-size = <0x4000>; }; }; };
EOF
dtc -q -I dts -O dtb -o "$T/soc.dtb" "$T/soc.dts"
run dts --show -J "$T/soc.dtb"
expect_rc "--show: a parent without cells" 0
jcheck "--show: reg read in the root's cells" ".ramoops[0].address == $((0x8ff00000)) and .ramoops[0].size == 1048576"

# status (of_device_is_available()): a disabled node is neither reserved nor probed
cat >"$T/disabled.dts" <<'EOF'
/dts-v1/;
/ { model = "t"; compatible = "t"; #address-cells = <1>; #size-cells = <1>;
    memory@80000000 { device_type = "memory"; reg = <0x80000000 0x10000000>; };
    reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;
        ramoops@8ff00000 { compatible = "ramoops"; reg = <0x8ff00000 0x100000>;
                           record-size = <0x4000>; status = "disabled"; };
        ramoops@8fe00000 { compatible = "ramoops"; reg = <0x8fe00000 0x100000>;
                           record-size = <0x4000>; status = "okay"; }; }; };
EOF
dtc -q -I dts -O dtb -o "$T/disabled.dtb" "$T/disabled.dts"
run dts --show -J "$T/disabled.dtb"
jcheck "--show: status disabled / okay" '.ramoops[0].disabled == true and .ramoops[1].disabled == false'
expect_err "--show: says the kernel skips a disabled node" 'ramoops@8ff00000: its status is not "okay"'
check "--show: no such warning for the okay node" sh -c "! grep -q 'ramoops@8fe00000: its status' '$T/err'"

# the legacy node under the root and the deprecated booleans (ramoops_parse_dt())
run dts --show --json "$T/board-legacy.dtb"
expect_rc "--show legacy" 0
jcheck "--show --json legacy: the deprecated booleans as found" \
	'.ramoops[0].path == "/ramoops@8ff00000" and .ramoops[0].unbuffered == true and .ramoops[0].no_dump_oops == true and .ramoops[0].mem_type == null and .ramoops[0].console_size == null'
expect_err "--show legacy: says the kernel does not reserve it" 'not a child of /reserved-memory'
expect_err "--show legacy: a library warning reads like ours" '^pstorectl: dts: warning: .*not a child of /reserved-memory'
expect_err "--show legacy: says console and pmsg take record-size" 'console-size and pmsg-size to record-size'
run dts --show --json "$T/board64-ramoops.dtb"
check "--show board64: no legacy warning" sh -c "! grep -q 'not a child' '$T/err'"
jcheck "--show --json board64: no deprecated booleans" '.ramoops[0].unbuffered == false and .ramoops[0].no_dump_oops == false'
# --replace moves it into /reserved-memory and spells out what the kernel made of it
run dts --patch "$T/board-legacy.dtb" --output "$T/legacy-new.dtb" --replace --record-size 64K
expect_rc "--replace legacy" 0
lg=/reserved-memory/ramoops@8ff00000
check "--replace legacy: record-size as asked" test "$(fget "$T/legacy-new.dtb" $lg record-size)" = 0x10000
check "--replace legacy: console-size = the old record-size" test "$(fget "$T/legacy-new.dtb" $lg console-size)" = 0x20000
check "--replace legacy: pmsg-size = the old record-size" test "$(fget "$T/legacy-new.dtb" $lg pmsg-size)" = 0x20000
check "--replace legacy: unbuffered became mem-type 1" test "$(fget "$T/legacy-new.dtb" $lg mem-type)" = 0x1
check "--replace legacy: no-dump-oops became max-reason 1" test "$(fget "$T/legacy-new.dtb" $lg max-reason)" = 0x1
check "--replace legacy: no deprecated property left" \
	sh -c "! fdtget -l '$T/legacy-new.dtb' / | grep -qx 'ramoops@8ff00000' && ! fdtget -p '$T/legacy-new.dtb' $lg | grep -qE 'unbuffered|no-dump-oops'"
vcheck "--replace legacy" "$T/legacy-new.dtb"

# the running system's tree, through the sysroot: property files hold big-endian cells
root=$T/root
base=$root/sys/firmware/devicetree/base
mkdir -p "$base/reserved-memory/ramoops@bfe00000"
be32() { for v in "$@"; do printf "\\x$(printf %02x $((v >> 24 & 255)))\\x$(printf %02x $((v >> 16 & 255)))\\x$(printf %02x $((v >> 8 & 255)))\\x$(printf %02x $((v & 255)))"; done; }
be32 1 >"$base/#address-cells"; be32 1 >"$base/#size-cells"
be32 1 >"$base/reserved-memory/#address-cells"; be32 1 >"$base/reserved-memory/#size-cells"
: >"$base/reserved-memory/ranges"
n=$base/reserved-memory/ramoops@bfe00000
printf 'ramoops\0' >"$n/compatible"
be32 0xbfe00000 0x200000 >"$n/reg"
be32 0x20000 >"$n/record-size"; be32 0x10000 >"$n/pmsg-size"; be32 1 >"$n/mem-type"
: >"$n/no-map"
printf 'ramoops@bfe00000\0' >"$n/name"
run --sysroot "$root" dts --show --json
expect_rc "--show of the live tree (sysroot)" 0
jcheck "--show live: values from the property files" \
	'.ramoops[0].path == "/reserved-memory/ramoops@bfe00000" and .ramoops[0].address == 3219128320 and .ramoops[0].size == 2097152 and .ramoops[0].record_size == 131072 and .ramoops[0].pmsg_size == 65536 and .ramoops[0].mem_type == 1 and .ramoops[0].no_map == true and .ramoops[0].console_size == null'
mkdir -p "$T/nodt"
run --sysroot "$T/nodt" dts --show
expect_rc "--show on a system without a device tree" 1
expect_err "--show on a system without a device tree" 'no device tree'

# ---- a DTB older than version 16 (issue 11.2: libfdt's fdt_check_full crashed on it) -----
# dtc output with the header's version and last_comp_version (bytes 20-27) set to 15.
cp "$T/board64-ramoops.dtb" "$T/v15.dtb"
printf '\000\000\000\017\000\000\000\017' | dd of="$T/v15.dtb" bs=1 seek=20 conv=notrunc 2>/dev/null
for cmd in "dts --show" "plan --dtb" "dts --patch"; do
	if [ "$cmd" = "dts --patch" ]; then run dts --patch "$T/v15.dtb" --output "$T/v15-out.dtb"
	else run $cmd "$T/v15.dtb"; fi
	expect_rc "$cmd of a version-15 DTB: refused, no crash" 1
	expect_err "$cmd of a version-15 DTB: names the file and the version" "v15\.dtb: DTB version 15 is older than 16"
done
check "dts --patch of a version-15 DTB: nothing written" test ! -e "$T/v15-out.dtb"

# ---- 4,000 ramoops nodes (issue 11.6: the walk was quadratic, 3.4 s for plan --dtb) -------
# A sanity bound only (60 s, where the linear walk takes well under a second): the unit
# test counts the work (test_many_nodes_linear) and the bench is where timing goes.
awk 'BEGIN {
	print "/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;"
	print "\tmemory@0 { device_type = \"memory\"; reg = <0x0 0x80000000>; };"
	print "\treserved-memory {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\tranges;"
	for (i = 0; i < 4000; i++) {
		a = 268435456 + i * 65536
		printf "\t\tramoops@%x { compatible = \"ramoops\"; reg = <0x%x 0x10000>; record-size = <0x1000>; };\n", a, a
	}
	print "\t};\n};"
}' >"$T/many.dts"
dtc -q -I dts -O dtb -o "$T/many.dtb" "$T/many.dts"
run_bounded() { timeout 60 "$PSTORECTL" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
run_bounded dts --show "$T/many.dtb"
expect_rc "--show of 4,000 ramoops nodes: done within the sanity bound" 0
check "--show of 4,000 ramoops nodes: all of them, the last one by its path" \
	bash -c '[ "$(grep -c "^/reserved-memory/ramoops@" "$1")" = 4000 ] && grep -q "^/reserved-memory/ramoops@1f9f0000$" "$1"' _ "$T/out"
run_bounded plan --dtb "$T/many.dtb" --format json
expect_rc "plan --dtb with 4,000 reserved nodes: done within the sanity bound" 0
jcheck "plan --dtb with 4,000 reserved nodes: the region avoids them (top of RAM)" \
	'.region.start == 2146435072'

# ---- plan --dtb prints the dts --patch command for that DTB, ready to paste (issue 10) -------
# paste_cmd: the command on the line after the heading $1, run with this build's pstorectl.
paste_cmd() {
	local line
	line=$(grep -A1 -- "$1" "$T/out" | tail -1 | sed 's/^ *pstorectl /"$PSTORECTL" /')
	[ -n "$line" ] && (cd "$T" && eval "$line") >"$T/paste.out" 2>"$T/paste.err"
}
for b in board32-banks board64-ramoops; do
	cp "$T/$b.dtb" "$T/my $b.dtb"
	run plan --dtb "$T/my $b.dtb" --record-size 100K
	expect_rc "plan --dtb '$b' (a space in the name)" 0
	check "plan --dtb $b: no x86 memmap= block" bash -c '! grep -q "memmap=" "$1"' _ "$T/out"
	expect_out "plan --dtb $b: the dts --patch command for that DTB, quoted" \
		"^  pstorectl dts --patch '$T/my $b.dtb' --output '$T/my $b-ramoops.dtb' "
	addr=$(sed -n 's/^Region: *\(0x[0-9a-f]*\)-.*/\1/p' "$T/out")
	check "plan --dtb $b: the command works when pasted" paste_cmd "Into this device tree:"
	check "plan --dtb $b: the patched DTB has the planned node, record-size 0x10000" \
		test "$(fdtget -t x "$T/my $b-ramoops.dtb" "/reserved-memory/ramoops@${addr#0x}" record-size)" = 10000
done
check "plan --dtb board64-ramoops: --replace, as it has a ramoops node" grep -q -- '--replace' "$T/out"
run plan --iomem "$FIXTURES/iomem/deep-nesting.txt"
check "plan (iomem): the dts command works when pasted" paste_cmd "With a device tree"
check "plan (iomem): the pasted dts command printed a node" grep -q '^ramoops@' "$T/paste.out"

# ---- an overlay without --dtb: the cells cannot be guessed (issue 10) --------------------------
run dts --format overlay --address 0x8ff00000 --size 1M
expect_rc "overlay without --dtb or cells: refused" 2
expect_err "overlay without --dtb or cells: says what to give" 'needs the board.s cells: give --dtb BOARD\.dtb, or --address-cells N and --size-cells N'
expect_no_out "overlay without --dtb or cells"
run dts --format overlay --address 0x8ff00000 --size 1M --address-cells 1
expect_rc "overlay with only --address-cells: refused" 2
run dts --format overlay --address 0x8ff00000 --size 1M --address-cells 1 --size-cells 1
expect_rc "overlay with explicit 1/1 cells" 0
check "overlay with explicit 1/1 cells: /reserved-memory written with them" \
	bash -c 'grep -q "#address-cells = <1>;" "$1" && grep -q "#size-cells = <1>;" "$1" && grep -q "reg = <0x8ff00000 0x100000>;" "$1"' _ "$T/out"
cp "$T/out" "$T/ov11.dts"
check "overlay with explicit 1/1 cells: compiles with dtc -@" dtc -q -@ -I dts -O dtb -o "$T/ov11.dtbo" "$T/ov11.dts"

# ---- plan --format dts ------------------------------------------------------------------------------
run plan --dtb "$T/board32-banks.dtb" --below 0x90000000 --format dts
if grep -q "not available yet" "$T/err"; then
	skip "plan --format dts" "not wired in cli/cmd-plan.c yet"
else
	expect_rc "plan --format dts" 0
	cp "$T/out" "$T/plan-node.dtsi"
	run dts --dtb "$T/board32-banks.dtb" --below 0x90000000
	check "plan --format dts prints the node dts prints" cmp -s "$T/out" "$T/plan-node.dtsi"
	wrap "$T/plan-node.dtsi" 1 1 "0x80000000 0x8000000" >"$T/plan-node.dts"
	check "plan --format dts: compiles" dtc -q -I dts -O dtb -o "$T/plan-node.dtb" "$T/plan-node.dts"
	check "plan --format dts: reg <0x87d00000 0x100000>" \
		test "$(fget "$T/plan-node.dtb" /reserved-memory/ramoops@87d00000 reg)" = "0x87d00000 0x100000"
	vcheck "plan --format dts" "$T/plan-node.dtb"
fi
echo "1..$_n"
