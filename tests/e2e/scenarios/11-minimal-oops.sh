# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 11: real oops, soft-lockup and hung-task texts from the minimal kernel (LKDTM,
# DEBUG_FS, SOFTLOCKUP_DETECTOR, DETECT_HUNG_TASK built in). One QEMU process, four boots,
# max_reason=2 (KMSG_DUMP_OOPS, so an oops is dumped too), panic_on_oops 0 (the default
# without CONFIG_PANIC_ON_OOPS; 6.1 has no panic_on_oops= parameter, only the sysctl and
# oops=panic): boot 1 writes EXCEPTION to lkdtm's provoke-crash/DIRECT (a NULL dereference:
# an oops that kills the writing shell and does not panic), then the host resets; boot 2
# reads the oops record (info -J; reason -J says oops,null), removes it and writes
# SOFTLOCKUP (kernel.softlockup_panic=1 turns the lockup into a panic, watchdog_thresh=2
# makes it quick; both set by sysctl in that boot only: on the command line they turned a
# slow initramfs unpack on a loaded host into a lockup panic); boot 3 reads that record
# (reason -J says panic,soft_lockup), removes it and writes HUNG_TASK (the writing shell
# sleeps in D state for good; kernel.hung_task_panic=1 and a 2 s hung_task_timeout_secs
# make khungtaskd panic); boot 4 reads that record (reason -J says panic,hung_task). The
# records are the fixtures tests/fixtures/e2e-captured/records-minimal-{oops,softlockup,
# hungtask}/.
# shellcheck shell=bash

stage=$SC_DIR/stage
guest_stage "$stage"
guest_script "$SC_DIR/boot.sh" <<'GUEST'
mount -t debugfs debugfs /sys/kernel/debug
mount_pstore
ls -l /sys/fs/pstore
case $1 in
1)
	# The oops kills the process that writes: a child shell, so this script goes on.
	sh -c 'echo EXCEPTION >/sys/kernel/debug/provoke-crash/DIRECT'
	mark "OOPSED rc=$?"
	;;
2)
	putdir /sys/fs/pstore records
	cap info pstorectl info -J
	cap reason pstorectl reason -J
	rm -f /sys/fs/pstore/*
	echo 1 >/proc/sys/kernel/softlockup_panic
	echo 2 >/proc/sys/kernel/watchdog_thresh
	mark LOCKUP
	sync
	echo SOFTLOCKUP >/sys/kernel/debug/provoke-crash/DIRECT
	;;
3)
	putdir /sys/fs/pstore records
	cap info pstorectl info -J
	cap reason pstorectl reason -J
	rm -f /sys/fs/pstore/*
	echo 1 >/proc/sys/kernel/hung_task_panic
	echo 2 >/proc/sys/kernel/hung_task_timeout_secs
	mark HUNG
	sync
	echo HUNG_TASK >/sys/kernel/debug/provoke-crash/DIRECT
	;;
4)
	putdir /sys/fs/pstore records
	cap info pstorectl info -J
	cap reason pstorectl reason -J
	;;
esac
GUEST
e2e_initramfs "$SC_DIR/initrd.gz" "$BUSYBOX_AMD64" "$SC_DIR/boot.sh" "$stage"

sc_start run x86_64 "$MINIMAL_DIR/bzImage" "$SC_DIR/initrd.gz" \
	"$(fixed_cmdline 0 2)" -m 512M
sc_vm vm_boot 1
sc_vm vm_done
sc_files 1
sc_vm vm_reset
sc_vm vm_boot 2
sc_vm vm_wait '^E2E:LOCKUP$'
sc_files 2
sc_vm vm_panic
sc_vm vm_reset
sc_vm vm_boot 3
sc_vm vm_wait '^E2E:HUNG$'
sc_files 3
sc_vm vm_panic
sc_vm vm_reset
sc_vm vm_boot 4
sc_vm vm_done
sc_files 4
sc_stop

F=$SC_DIR/run/boot1
sc_check "boot 1: the oops killed only the writing shell (rc 137)" grep -q '^E2E:OOPSED rc=137' "$SC_DIR/run/serial.log"
F=$SC_DIR/run/boot2
sc_check "boot 2: the oops record starts Oops#1 Part1" grep -qx 'Oops#1 Part1' "$F/records/dmesg-ramoops-0"
check_cap info && json_check info 'd["kind"] == "oops" and d["headline"].startswith("BUG: kernel NULL pointer dereference") and d["arch"] == "x86_64" and d["pc"]["symbol"] == "lkdtm_EXCEPTION"' \
	'boot 2: info -J parses the real oops (NULL dereference headline, RIP lkdtm_EXCEPTION)'
check_cap reason && json_check reason 'd["class"] == "oops" and d["reason"] == "oops,null" and any(e["says"] == "Oops#1 Part1" for e in d["evidence"])' \
	'boot 2 (oops without panic, then a reset): reason -J says oops,null with "Oops#1 Part1" as evidence'
F=$SC_DIR/run/boot3
sc_check "boot 3: the lockup record starts Panic#1 Part1" grep -qx 'Panic#1 Part1' "$F/records/dmesg-ramoops-0"
# The minimal kernel has the guess unwinder: every frame is "? sym", found by scanning the
# stack, so stale return addresses come and go between runs (alloc_fd and f_dupfd in the
# fixture, sched_slice.constprop.0 instead in another run: 8 frames, then 7). The check is
# on the frames that are really there, in order, ending at the syscall entry, and on the
# absence of the panic's own trace (watchdog_timer_fn, panic), which follows in the record.
W='["direct_entry", "vfs_write", "ksys_write", "do_syscall_64", "entry_SYSCALL_64_after_hwframe"]'
check_cap info && json_check info 'd["kind"] == "soft_lockup" and d["headline"].startswith("watchdog: BUG: soft lockup") and d["cause"] == "soft_lockup" and d["pc"]["symbol"] == "lkdtm_SOFTLOCKUP" and [f["symbol"] for f in d["call_trace"] if f["symbol"] in '"$W"'] == '"$W"' and d["call_trace"][-1]["symbol"] == "entry_SYSCALL_64_after_hwframe" and not any(f["symbol"] in ("panic", "watchdog_timer_fn") for f in d["call_trace"])' \
	'boot 3: info -J parses the real soft lockup (headline, cause soft_lockup, PC, the first trace only)'
check_cap reason && json_check reason 'd["reason"] == "panic,soft_lockup"' 'boot 3 (softlockup_panic=1): reason -J says panic,soft_lockup'
F=$SC_DIR/run/boot4
sc_check "boot 4: the hung-task record starts Panic#1 Part1" grep -qx 'Panic#1 Part1' "$F/records/dmesg-ramoops-0"
# The blocked task is the boot script (it wrote HUNG_TASK itself); lkdtm_HUNG_TASK
# tail-calls schedule(), so its trace starts __schedule, then schedule and direct_entry
# (stale "?" frames may come between them: see the soft lockup above).
check_cap info && json_check info 'd["kind"] == "hung_task" and d["headline"].startswith("INFO: task boot.sh:") and d["cause"] == "hung_task" and d["panic"] == "hung_task: blocked tasks" and d["process"] == "boot.sh" and d["cpu"] is None and d["call_trace"][0]["symbol"] == "__schedule" and [f["symbol"] for f in d["call_trace"] if f["symbol"] in ("schedule", "direct_entry")][:2] == ["schedule", "direct_entry"]' \
	'boot 4: info -J parses the real hung task (INFO: task boot.sh:PID blocked, cause hung_task, the blocked task and its trace)'
check_cap reason && json_check reason 'd["reason"] == "panic,hung_task"' 'boot 4 (hung_task_panic=1): reason -J says panic,hung_task'
