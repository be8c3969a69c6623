#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl info: the crash summary of the newest (or the named) dump, from records a real
# kernel made and from a hand-made oops.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/records-lib.sh"

run info --help
expect_rc "info --help" 0
expect_out "info --help" '^Usage: pstorectl info'

if have_captured debian61-ecc0; then
	d=$(captured debian61-ecc0)
	t=$(utc "$(mtime_of "$d" dmesg-ramoops-0)")
	root=$(sysroot_with "$d")
	run --sysroot "$root" info
	expect_rc "Debian panic" 0
	expect_out "the record, header and time" "^Record: +dmesg-ramoops-0 \(Panic#1 Part1, $t\)$"
	expect_out "the problem" '^Problem: +Kernel panic - not syncing: sysrq triggered crash$'
	expect_out "the kind and cause" '^Kind: +panic \(sysrq\)$'
	expect_out "the process" '^Process: +boot.sh \(PID 90\)$'
	expect_out "not tainted" '^Tainted: +no$'
	expect_out "the kernel" '^Kernel: +6.1.0-56-cloud-amd64 #1  Debian 6.1.192-2$'
	expect_out "the hardware" '^Hardware: +QEMU Standard PC \(i440FX \+ PIIX, 1996\)'
	expect_out "a reliable frame" '^    sysrq_handle_crash\+0x16/0x20$'
	expect_out "an unreliable frame" '^  \? _printk\+0x68/0x83$'
	run --sysroot "$root" info -J
	expect_json "-J" ".record == \"dmesg-ramoops-0\" and .reason == \"panic\" and .time == \"$t\" and .kind == \"panic\" and .cause == \"sysrq\" and .arch == \"x86_64\" and .pid == 90 and .cpu == 0 and .taint == [] and .kernel == \"6.1.0-56-cloud-amd64\" and .pc == null and (.call_trace | length) == 26 and .modules == []"
	expect_json "-J: frames are numbers" '.call_trace[0] == {"symbol":"dump_stack_lvl","offset":68,"size":92,"module":null,"reliable":true}'
	run info --dir "$d" dmesg-ramoops-0
	expect_rc "a named record" 0
	expect_out "a named record" '^Record: +dmesg-ramoops-0 '
fi
if have_captured minimal-ecc16; then
	d=$(captured minimal-ecc16)
	run info --dir "$d" console
	expect_rc "a console record" 0
	expect_out "the console record, by its type" '^Record: +console-ramoops-0$'
	expect_out "the console's panic" '^Kind: +panic \(sysrq\)$'
	run info --dir "$d" pmsg
	expect_rc "pmsg holds no crash" 1
	expect_err "says so" '^pstorectl: info: pmsg-ramoops-0: no crash report in this record$'
fi
# Real oops, soft lockup and hung task texts from the minimal kernel (scenario 11: lkdtm).
if have_captured minimal-oops; then
	d=$(captured minimal-oops)
	run --sysroot "$(sysroot_with "$d")" info
	expect_rc "a real oops" 0
	expect_out "the oops record" '^Record: +dmesg-ramoops-0 \(Oops#1 Part1, '
	expect_out "the oops headline" '^Problem: +BUG: kernel NULL pointer dereference, address: 0000000000000000$'
	expect_out "the oops process" '^Process: +sh \(PID 34\)$'
	expect_out "the oops PC" '^PC: +lkdtm_EXCEPTION\+0x2/0xa$'
	run --sysroot "$(sysroot_with "$d")" info -J
	expect_json "-J: a real oops" '.reason == "oops" and .kind == "oops" and .cause == "null" and .headline == "BUG: kernel NULL pointer dereference, address: 0000000000000000" and .oops == "Oops: 0002 [#1]" and .panic == null and .process == "sh" and .pid == 34 and .cpu == 0 and .taint == [] and .kernel == "6.1.192" and .pc == {"text":"lkdtm_EXCEPTION+0x2/0xa","symbol":"lkdtm_EXCEPTION","offset":2,"size":10,"module":null,"user":false} and (.call_trace | map(.symbol)) == ["direct_entry","full_proxy_write","vfs_write","ksys_write","do_syscall_64","entry_SYSCALL_64_after_hwframe"] and (.call_trace | all(.reliable == false))'
fi
if have_captured minimal-softlockup; then
	d=$(captured minimal-softlockup)
	run info --dir "$d" -J
	expect_rc "a real soft lockup" 0
	expect_json "-J: a real soft lockup" '.reason == "panic" and .kind == "soft_lockup" and .cause == "soft_lockup" and .headline == "watchdog: BUG: soft lockup - CPU#0 stuck for 5s! [boot.sh:28]" and .panic == "softlockup: hung tasks" and .process == "boot.sh" and .pid == 28 and .pc.symbol == "lkdtm_SOFTLOCKUP" and .pc.offset == 2 and (.call_trace | length) == 8 and .call_trace[0].symbol == "direct_entry" and .call_trace[7].symbol == "entry_SYSCALL_64_after_hwframe"'
	run info --dir "$d" console -J
	expect_json "-J: its console record" '.kind == "soft_lockup" and (.taint | map(.flag)) == ["L"]'
fi
if have_captured minimal-hungtask; then
	d=$(captured minimal-hungtask)
	run info --dir "$d"
	expect_rc "a real hung task" 0
	expect_out "the hung task headline" '^Problem: +INFO: task boot.sh:30 blocked for more than 2 seconds\.$'
	expect_out "the blocked task, not khungtaskd" '^Process: +boot\.sh \(PID 30\)$'
	run info --dir "$d" -J
	expect_json "-J: a real hung task" '.reason == "panic" and .kind == "hung_task" and .cause == "hung_task" and .panic == "hung_task: blocked tasks" and .process == "boot.sh" and .pid == 30 and .cpu == null and .pc == null and (.call_trace | length) == 10 and (.call_trace[:3] | map(.symbol)) == ["__schedule","schedule","direct_entry"]'
fi
# Real arm64 oops and panic texts from the minimal arm64 kernel (scenario 14: lkdtm, sysrq-c).
if have_captured arm64-oops; then
	run info --dir "$(captured arm64-oops)"
	expect_rc "a real arm64 oops" 0
	expect_out "the arm64 oops headline" '^Problem: +Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000$'
	expect_out "the arm64 oops process" '^Process: +sh \(PID 36\)$'
	expect_out "the arm64 oops PC" '^PC: +lkdtm_EXCEPTION\+0x4/0xc$'
	run info --dir "$(captured arm64-oops)" -J
	expect_json "-J: a real arm64 oops" '.reason == "oops" and .kind == "oops" and .cause == "null" and .oops == "Internal error: Oops: 0000000096000046 [#1] SMP" and .arch == "arm64" and .cpu == 0 and .hardware == "linux,dummy-virt (DT)" and .pc.symbol == "lkdtm_EXCEPTION" and .pc.offset == 4 and .pc.size == 12 and (.call_trace | length) == 10 and .call_trace[9].symbol == "el0t_64_sync" and (.call_trace | all(.reliable))'
fi
if have_captured arm64-panic; then
	run info --dir "$(captured arm64-panic)" -J
	expect_rc "a real arm64 panic" 0
	expect_json "-J: a real arm64 panic" '.reason == "panic" and .kind == "panic" and .cause == "sysrq" and .panic == "sysrq triggered crash" and .arch == "arm64" and .process == "boot.sh" and .pid == 31 and .pc == null and (.call_trace | length) == 16'
fi
if have_captured minimal-shutdown; then
	run info --dir "$(captured minimal-shutdown)"
	expect_rc "a Shutdown dump" 1
	expect_err "no crash in a Shutdown dump" 'dmesg-ramoops-0: no crash report in this record'
fi

# A hand-made oops (x86_64 6.1 format) with taint flags, a module PC and modules.
mkdir -p "$T/oops"
cat >"$T/oops/dmesg-ramoops-3" <<'OOPS'
Oops#1 Part1
<1>[   41.263809] BUG: kernel NULL pointer dereference, address: 0000000000000000
<4>[   41.264554] Oops: 0002 [#1] PREEMPT SMP NOPTI
<4>[   41.264716] CPU: 1 PID: 1234 Comm: bash Tainted: G        W  O       6.1.0-56-amd64 #1  Debian 6.1.192-2
<4>[   41.265363] RIP: 0010:crashme_write+0x15/0x30 [crashme]
<4>[   41.266281] Call Trace:
<4>[   41.266377]  <TASK>
<4>[   41.266760]  crashme_write+0x15/0x30 [crashme]
<4>[   41.267066]  vfs_write+0xc7/0x3f0
<4>[   41.268031]  </TASK>
<4>[   41.268117] Modules linked in: crashme(O) ramoops reed_solomon
<4>[   41.268528] ---[ end trace 0000000000000000 ]---
OOPS
printf 'Panic#1 Part1\n<0>[ 1.0] Kernel panic - not syncing: \033[2Jcleared\n' >"$T/oops/dmesg-ramoops-1"
touch -d @1795317000 "$T/oops/dmesg-ramoops-1"
touch -d @1795317100 "$T/oops/dmesg-ramoops-3"
run info --dir "$T/oops"
expect_rc "the newest dump" 0
expect_out "the newest dump is the oops" '^Record: +dmesg-ramoops-3 \(Oops#1 Part1, '
expect_out "oops line" '^Oops: +Oops: 0002 \[#1\] PREEMPT SMP NOPTI$'
expect_out "taint W spelled out" '^Tainted: +W: kernel warning issued$'
expect_out "taint O spelled out" '^ +O: out-of-tree module loaded$'
expect_out "the PC" '^PC: +crashme_write\+0x15/0x30 \[crashme\]$'
expect_out "the modules" '^Modules: +crashme ramoops reed_solomon$'
run info --dir "$T/oops" -J
expect_json "-J: oops" '.kind == "oops" and .cause == "null" and .pc.symbol == "crashme_write" and .pc.offset == 21 and .pc.module == "crashme" and .pc.user == false and (.taint | map(.flag)) == ["W","O"] and .modules == ["crashme","ramoops","reed_solomon"] and .call_trace[0].module == "crashme"'
run info --dir "$T/oops" dmesg-ramoops-1
expect_rc "the older dump, by name" 0
check "escape sequences from the record are not passed through" bash -c '! grep -q $'"'"'\033'"'"' "$1"' _ "$T/out"
expect_out "shown as ?" '^Panic: +\?\[2Jcleared$'

mkdir -p "$T/empty"
run info --dir "$T/empty"
expect_rc "no records" 1
expect_err "no dump" 'no dmesg dump'
run info --dir "$T/oops" nosuch
expect_rc "no such record" 1
expect_err "no such record" 'nosuch: no such record'
run info --dir "$T/oops" a b
expect_rc "two arguments" 2
echo "1..$_n"
