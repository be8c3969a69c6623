/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests of the crash summary (lib/crash.c): real panics a kernel stored
 * (tests/fixtures/e2e-captured) and oops texts in the formats of Linux 6.1's x86_64
 * (arch/x86/kernel/dumpstack.c) and arm64 (arch/arm64/kernel/traps.c, mm/fault.c).
 */
#include "unit.h"

static struct pstore_crash *parse(const char *text)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_crash *c = NULL;

	assert_int_equal(pstore_crash_parse(ctx, text, strlen(text), &c), 0);
	pstore_unref(ctx);
	return c;
}

static char *slurp(const char *rel, size_t *len)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	char *path = NULL, *buf = NULL;

	assert_true(asprintf(&path, "%s/%s", FIXTURES, rel) > 0);
	assert_int_equal(pstore_read_userfile(ctx, path, &buf, len), 0);
	free(path);
	pstore_unref(ctx);
	return buf;
}

static void test_captured_debian(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_crash *c = NULL;
	size_t len;
	char *buf = slurp("e2e-captured/records-debian61-ecc0/dmesg-ramoops-0", &len);

	(void)state;
	assert_int_equal(pstore_crash_parse(ctx, buf, len, &c), 0);
	assert_string_equal(c->kind, "panic");
	assert_string_equal(c->cause, "sysrq");
	assert_string_equal(c->headline, "Kernel panic - not syncing: sysrq triggered crash");
	assert_string_equal(c->panic, "sysrq triggered crash");
	assert_null(c->oops);
	assert_string_equal(c->process, "boot.sh");
	assert_int_equal(c->pid, 90);
	assert_int_equal(c->cpu, 0);
	assert_string_equal(c->taint, "");
	assert_int_equal(c->n_taints, 0);
	assert_string_equal(c->kernel_release, "6.1.0-56-cloud-amd64");
	assert_string_equal(c->kernel_version, "#1  Debian 6.1.192-2");
	assert_string_equal(c->hardware, "QEMU Standard PC (i440FX + PIIX, 1996), BIOS "
					 "1.16.2-debian-1.16.2-1 04/01/2014");
	assert_string_equal(c->arch, "x86_64");
	/* a panic has no faulting kernel PC; the RIP after the trace is user space */
	assert_null(c->pc);
	assert_int_equal(c->n_frames, 26);
	assert_string_equal(c->frames[0]->symbol, "dump_stack_lvl");
	assert_int_equal(c->frames[0]->offset, 0x44);
	assert_int_equal(c->frames[0]->size, 0x5c);
	assert_true(c->frames[0]->reliable);
	assert_string_equal(c->frames[2]->symbol, "_printk");
	assert_false(c->frames[2]->reliable);
	assert_string_equal(c->frames[4]->symbol, "__handle_sysrq.cold");
	assert_string_equal(c->frames[25]->symbol, "entry_SYSCALL_64_after_hwframe");
	assert_int_equal(c->n_modules, 0);
	pstore_crash_free(c);
	free(buf);
	pstore_unref(ctx);
}

static void test_captured_minimal(void **state)
{
	static const char *const names[] = { "minimal-ecc0", "minimal-ecc16",
					      "minimal-compress-none" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		struct pstore_ctx *ctx = unit_ctx(NULL);
		struct pstore_crash *c = NULL;
		char rel[128];
		size_t len;
		char *buf;

		snprintf(rel, sizeof(rel), "e2e-captured/records-%s/dmesg-ramoops-0", names[i]);
		buf = slurp(rel, &len);
		assert_int_equal(pstore_crash_parse(ctx, buf, len, &c), 0);
		assert_string_equal(c->cause, "sysrq");
		assert_string_equal(c->process, "boot.sh");
		assert_string_equal(c->kernel_release, "6.1.192");
		assert_null(c->hardware); /* the minimal kernel prints no DMI name */
		/* no register dump: the system call entry in the trace says x86_64 */
		assert_string_equal(c->arch, "x86_64");
		assert_int_equal(c->n_frames, 12);
		assert_string_equal(c->frames[2]->symbol, "sysrq_handle_crash");
		pstore_crash_free(c);
		free(buf);
		/* the console record holds the same panic, without <N> prefixes */
		snprintf(rel, sizeof(rel), "e2e-captured/records-%s/console-ramoops-0", names[i]);
		buf = slurp(rel, &len);
		assert_int_equal(pstore_crash_parse(ctx, buf, len, &c), 0);
		assert_string_equal(c->cause, "sysrq");
		assert_int_equal(c->n_frames, 12);
		pstore_crash_free(c);
		free(buf);
		pstore_unref(ctx);
	}
}

static void test_captured_arm64(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_crash *c = NULL;
	size_t len;
	char *buf = slurp("e2e-captured/records-arm64-debian61/dmesg-ramoops-0", &len);

	(void)state;
	assert_int_equal(pstore_crash_parse(ctx, buf, len, &c), 0);
	assert_string_equal(c->kind, "panic");
	assert_string_equal(c->cause, "sysrq");
	assert_string_equal(c->arch, "arm64");
	assert_string_equal(c->process, "boot.sh");
	assert_int_equal(c->pid, 90);
	assert_string_equal(c->kernel_release, "6.1.0-56-cloud-arm64");
	assert_string_equal(c->hardware, "linux,dummy-virt (DT)");
	assert_null(c->pc);
	assert_int_equal(c->n_frames, 18);
	assert_string_equal(c->frames[0]->symbol, "dump_backtrace");
	assert_string_equal(c->frames[13]->symbol, "el0_svc_common.constprop.0");
	assert_string_equal(c->frames[17]->symbol, "el0t_64_sync");
	assert_int_equal(c->frames[17]->offset, 0x18c);
	pstore_crash_free(c);
	free(buf);
	pstore_unref(ctx);
}

/*
 * A real arm64 oops without a panic (scenario 14: the minimal arm64 kernel, lkdtm
 * EXCEPTION, a NULL write, panic_on_oops 0): mm/fault.c's "Unable to handle kernel NULL
 * pointer dereference", traps.c's "Internal error: Oops:", pc/lr, and a trace the frame
 * unwinder is sure of (no "? ").
 */
static void test_captured_arm64_oops(void **state)
{
	static const char *const trace[] = {
		"lkdtm_EXCEPTION", "direct_entry", "full_proxy_write", "vfs_write", "ksys_write",
		"__arm64_sys_write", "do_el0_svc", "el0_svc", "el0t_64_sync_handler",
		"el0t_64_sync",
	};
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_crash *c = NULL;
	size_t len;
	char *buf = slurp("e2e-captured/records-arm64-oops/dmesg-ramoops-0", &len);

	(void)state;
	assert_int_equal(pstore_crash_parse(ctx, buf, len, &c), 0);
	assert_string_equal(c->kind, "oops");
	assert_string_equal(c->cause, "null");
	assert_string_equal(c->headline, "Unable to handle kernel NULL pointer dereference at "
					 "virtual address 0000000000000000");
	assert_string_equal(c->oops, "Internal error: Oops: 0000000096000046 [#1] SMP");
	assert_null(c->panic);
	assert_string_equal(c->arch, "arm64");
	assert_string_equal(c->process, "sh");
	assert_int_equal(c->pid, 36);
	assert_int_equal(c->cpu, 0);
	assert_string_equal(c->taint, "");
	assert_string_equal(c->kernel_release, "6.1.192");
	assert_string_equal(c->kernel_version, "#1");
	assert_string_equal(c->hardware, "linux,dummy-virt (DT)");
	assert_string_equal(c->pc, "lkdtm_EXCEPTION+0x4/0xc");
	assert_string_equal(c->pc_symbol, "lkdtm_EXCEPTION");
	assert_int_equal(c->pc_offset, 0x4);
	assert_int_equal(c->pc_size, 0xc);
	assert_null(c->pc_module);
	assert_false(c->pc_user);
	assert_int_equal(c->n_frames, ARRAY_SIZE(trace));
	for (size_t i = 0; i < ARRAY_SIZE(trace); i++) {
		assert_string_equal(c->frames[i]->symbol, trace[i]);
		assert_true(c->frames[i]->reliable);
	}
	assert_int_equal(c->frames[1]->offset, 0xe8);
	assert_int_equal(c->frames[1]->size, 0x104);
	assert_int_equal(c->n_modules, 0);
	pstore_crash_free(c);
	free(buf);
	/*
	 * Its console record (boot 1's console up to the reset, loglevel 1): the KERN_ALERT
	 * "Unable to handle" lines are not there, "Internal error:" (KERN_EMERG) leads.
	 */
	buf = slurp("e2e-captured/records-arm64-oops/console-ramoops-0", &len);
	assert_int_equal(pstore_crash_parse(ctx, buf, len, &c), 0);
	assert_string_equal(c->kind, "oops");
	assert_string_equal(c->cause, "oops");
	assert_string_equal(c->headline, "Internal error: Oops: 0000000096000046 [#1] SMP");
	assert_string_equal(c->arch, "arm64");
	assert_string_equal(c->process, "sh");
	assert_string_equal(c->pc_symbol, "lkdtm_EXCEPTION");
	assert_int_equal(c->n_frames, ARRAY_SIZE(trace));
	pstore_crash_free(c);
	free(buf);
	pstore_unref(ctx);
}

/* A real arm64 sysrq panic of the minimal kernel (scenario 14, the boot after the oops):
 * no register dump, panic()'s own dump_stack trace. */
static void test_captured_arm64_panic(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_crash *c = NULL;
	size_t len;
	char *buf = slurp("e2e-captured/records-arm64-panic/dmesg-ramoops-0", &len);

	(void)state;
	assert_int_equal(pstore_crash_parse(ctx, buf, len, &c), 0);
	assert_string_equal(c->kind, "panic");
	assert_string_equal(c->cause, "sysrq");
	assert_string_equal(c->headline, "Kernel panic - not syncing: sysrq triggered crash");
	assert_string_equal(c->panic, "sysrq triggered crash");
	assert_null(c->oops);
	assert_string_equal(c->arch, "arm64");
	assert_string_equal(c->process, "boot.sh");
	assert_int_equal(c->pid, 31);
	assert_int_equal(c->cpu, 0);
	assert_string_equal(c->hardware, "linux,dummy-virt (DT)");
	assert_null(c->pc);
	assert_int_equal(c->n_frames, 16);
	assert_string_equal(c->frames[0]->symbol, "dump_backtrace.part.0");
	assert_string_equal(c->frames[4]->symbol, "panic");
	assert_string_equal(c->frames[6]->symbol, "__handle_sysrq");
	assert_string_equal(c->frames[15]->symbol, "el0t_64_sync");
	assert_int_equal(c->frames[15]->offset, 0x148);
	pstore_crash_free(c);
	free(buf);
	buf = slurp("e2e-captured/records-arm64-panic/console-ramoops-0", &len);
	assert_int_equal(pstore_crash_parse(ctx, buf, len, &c), 0);
	assert_string_equal(c->cause, "sysrq");
	assert_string_equal(c->arch, "arm64");
	assert_int_equal(c->n_frames, 16);
	pstore_crash_free(c);
	free(buf);
	pstore_unref(ctx);
}

/*
 * An oops without a panic on the minimal kernel (scenario 11: lkdtm EXCEPTION, a NULL
 * write, panic_on_oops 0): the guess unwinder marks every frame "? ".
 */
static void test_captured_oops(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_crash *c = NULL;
	size_t len;
	char *buf = slurp("e2e-captured/records-minimal-oops/dmesg-ramoops-0", &len);

	(void)state;
	assert_int_equal(pstore_crash_parse(ctx, buf, len, &c), 0);
	assert_string_equal(c->kind, "oops");
	assert_string_equal(c->cause, "null");
	assert_string_equal(c->headline,
			    "BUG: kernel NULL pointer dereference, address: 0000000000000000");
	assert_string_equal(c->oops, "Oops: 0002 [#1]");
	assert_null(c->panic);
	assert_string_equal(c->arch, "x86_64");
	assert_string_equal(c->process, "sh");
	assert_int_equal(c->pid, 34);
	assert_int_equal(c->cpu, 0);
	assert_string_equal(c->taint, "");
	assert_string_equal(c->kernel_release, "6.1.192");
	assert_string_equal(c->kernel_version, "#1");
	assert_null(c->hardware);
	assert_string_equal(c->pc, "lkdtm_EXCEPTION+0x2/0xa");
	assert_string_equal(c->pc_symbol, "lkdtm_EXCEPTION");
	assert_int_equal(c->pc_offset, 0x2);
	assert_int_equal(c->pc_size, 0xa);
	assert_null(c->pc_module);
	assert_false(c->pc_user);
	assert_int_equal(c->n_frames, 6);
	assert_string_equal(c->frames[0]->symbol, "direct_entry");
	assert_int_equal(c->frames[0]->offset, 0xa5);
	assert_int_equal(c->frames[0]->size, 0xbb);
	assert_false(c->frames[0]->reliable);
	assert_string_equal(c->frames[1]->symbol, "full_proxy_write");
	assert_string_equal(c->frames[5]->symbol, "entry_SYSCALL_64_after_hwframe");
	assert_int_equal(c->n_modules, 0);
	pstore_crash_free(c);
	free(buf);
	/* the console record of the same boot holds the same oops, without <N> prefixes */
	buf = slurp("e2e-captured/records-minimal-oops/console-ramoops-0", &len);
	assert_int_equal(pstore_crash_parse(ctx, buf, len, &c), 0);
	assert_string_equal(c->kind, "oops");
	assert_string_equal(c->pc_symbol, "lkdtm_EXCEPTION");
	assert_int_equal(c->n_frames, 6);
	pstore_crash_free(c);
	free(buf);
	pstore_unref(ctx);
}

/*
 * A soft lockup that panics (scenario 11: lkdtm SOFTLOCKUP, softlockup_panic=1). panic()
 * dumps the stack a second time (from the timer interrupt): the trace is the lockup's.
 */
static void test_captured_softlockup(void **state)
{
	static const char lockup_headline[] =
		"watchdog: BUG: soft lockup - CPU#0 stuck for 5s! [boot.sh:28]";
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_crash *c = NULL;
	size_t len;
	char *buf = slurp("e2e-captured/records-minimal-softlockup/dmesg-ramoops-0", &len);

	(void)state;
	assert_int_equal(pstore_crash_parse(ctx, buf, len, &c), 0);
	assert_string_equal(c->kind, "soft_lockup");
	assert_string_equal(c->cause, "soft_lockup");
	assert_string_equal(c->headline, lockup_headline);
	assert_string_equal(c->panic, "softlockup: hung tasks");
	assert_null(c->oops);
	assert_string_equal(c->arch, "x86_64");
	assert_string_equal(c->process, "boot.sh");
	assert_int_equal(c->pid, 28);
	assert_int_equal(c->cpu, 0);
	/* the lockup's own CPU line: the L flag shows only on the panic's */
	assert_string_equal(c->taint, "");
	assert_string_equal(c->kernel_release, "6.1.192");
	assert_string_equal(c->pc, "lkdtm_SOFTLOCKUP+0x2/0x4");
	assert_string_equal(c->pc_symbol, "lkdtm_SOFTLOCKUP");
	assert_int_equal(c->pc_offset, 0x2);
	assert_int_equal(c->pc_size, 0x4);
	assert_int_equal(c->n_frames, 8);
	assert_string_equal(c->frames[0]->symbol, "direct_entry");
	assert_string_equal(c->frames[7]->symbol, "entry_SYSCALL_64_after_hwframe");
	for (size_t i = 0; i < c->n_frames; i++)
		assert_string_not_equal(c->frames[i]->symbol, "panic");
	pstore_crash_free(c);
	free(buf);
	/*
	 * Its console record (the console loglevel was 1: only the emergency lines, then
	 * panic's verbose trace): the same headline and cause, panic's trace, no PC.
	 */
	buf = slurp("e2e-captured/records-minimal-softlockup/console-ramoops-0", &len);
	assert_int_equal(pstore_crash_parse(ctx, buf, len, &c), 0);
	assert_string_equal(c->kind, "soft_lockup");
	assert_string_equal(c->cause, "soft_lockup");
	assert_string_equal(c->headline, lockup_headline);
	assert_string_equal(c->taint, "L");
	assert_string_equal(c->taints[0].meaning, "soft lockup occurred");
	pstore_crash_free(c);
	free(buf);
	pstore_unref(ctx);
}

/*
 * A hung task that panics (scenario 11: lkdtm HUNG_TASK, kernel.hung_task_panic=1,
 * hung_task_timeout_secs=2). The report is about the blocked task (its name and PID are in
 * the headline, its stack is the first trace); the CPU line after the panic is
 * khungtaskd's, which only found it. lkdtm_HUNG_TASK tail-calls schedule(): no frame.
 */
static void test_captured_hungtask(void **state)
{
	static const char headline[] = "INFO: task boot.sh:30 blocked for more than 2 seconds.";
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_crash *c = NULL;
	size_t len;
	char *buf = slurp("e2e-captured/records-minimal-hungtask/dmesg-ramoops-0", &len);

	(void)state;
	assert_int_equal(pstore_crash_parse(ctx, buf, len, &c), 0);
	assert_string_equal(c->kind, "hung_task");
	assert_string_equal(c->cause, "hung_task");
	assert_string_equal(c->headline, headline);
	assert_string_equal(c->panic, "hung_task: blocked tasks");
	assert_null(c->oops);
	assert_string_equal(c->arch, "x86_64");
	assert_string_equal(c->process, "boot.sh");
	assert_int_equal(c->pid, 30);
	assert_int_equal(c->cpu, -1);
	assert_string_equal(c->taint, "");
	assert_string_equal(c->kernel_release, "6.1.192");
	assert_string_equal(c->kernel_version, "#1");
	assert_null(c->pc);
	assert_int_equal(c->n_frames, 10);
	assert_string_equal(c->frames[0]->symbol, "__schedule");
	assert_string_equal(c->frames[1]->symbol, "schedule");
	assert_string_equal(c->frames[2]->symbol, "direct_entry");
	assert_string_equal(c->frames[9]->symbol, "entry_SYSCALL_64_after_hwframe");
	for (size_t i = 0; i < c->n_frames; i++)
		assert_string_not_equal(c->frames[i]->symbol, "panic");
	pstore_crash_free(c);
	free(buf);
	/* its console record: the same report (the hung-task lines are KERN_ERR, printed
	 * under console_verbose() once hung_task_panic is set) */
	buf = slurp("e2e-captured/records-minimal-hungtask/console-ramoops-0", &len);
	assert_int_equal(pstore_crash_parse(ctx, buf, len, &c), 0);
	assert_string_equal(c->kind, "hung_task");
	assert_string_equal(c->headline, headline);
	assert_string_equal(c->process, "boot.sh");
	assert_int_equal(c->pid, 30);
	assert_int_equal(c->n_frames, 10);
	pstore_crash_free(c);
	free(buf);
	pstore_unref(ctx);
}

/* An oops that panics (panic_on_oops=1), as x86_64 6.1 prints a NULL write in a module. */
static const char x86_oops[] =
	"Oops#1 Part1\n"
	"<6>[   41.263547] lkdtm: Performing direct entry WRITE_KERN\n"
	"<1>[   41.263809] BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
	"<1>[   41.264072] #PF: supervisor write access in kernel mode\n"
	"<1>[   41.264260] #PF: error_code(0x0002) - not-present page\n"
	"<6>[   41.264437] PGD 0 P4D 0 \n"
	"<4>[   41.264554] Oops: 0002 [#1] PREEMPT SMP NOPTI\n"
	"<4>[   41.264716] CPU: 1 PID: 1234 Comm: bash Tainted: G        W  O       6.1.0-56-amd64 #1  Debian 6.1.192-2\n"
	"<4>[   41.265053] Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	"<4>[   41.265363] RIP: 0010:crashme_write+0x15/0x30 [crashme]\n"
	"<4>[   41.265555] Code: 00 00 00 00 <c7> 04 25 00 00 00 00 01 00 00 00 c3\n"
	"<4>[   41.265866] RSP: 0018:ffffb1c0c0b27e10 EFLAGS: 00010246\n"
	"<4>[   41.266046] RAX: 0000000000000000 RBX: 0000000000000002 RCX: 0000000000000000\n"
	"<4>[   41.266281] Call Trace:\n"
	"<4>[   41.266377]  <TASK>\n"
	"<4>[   41.266461]  ? __die_body.cold+0x1a/0x1f\n"
	"<4>[   41.266610]  ? page_fault_oops+0xd2/0x2b0\n"
	"<4>[   41.266760]  crashme_write+0x15/0x30 [crashme]\n"
	"<4>[   41.266921]  full_proxy_write+0x5c/0x80\n"
	"<4>[   41.267066]  vfs_write+0xc7/0x3f0\n"
	"<4>[   41.267196]  ksys_write+0x6b/0xf0\n"
	"<4>[   41.267326]  do_syscall_64+0x5d/0x90\n"
	"<4>[   41.267464]  entry_SYSCALL_64_after_hwframe+0x6e/0xd8\n"
	"<4>[   41.267649] RIP: 0033:0x7f1c2a8f4f33\n"
	"<4>[   41.267785] RSP: 002b:00007ffc9a3e8c48 EFLAGS: 00000246 ORIG_RAX: 0000000000000001\n"
	"<4>[   41.268031]  </TASK>\n"
	"<4>[   41.268117] Modules linked in: crashme(O) ramoops reed_solomon pstore_blk(E) [last unloaded: lkdtm]\n"
	"<4>[   41.268400] CR2: 0000000000000000\n"
	"<4>[   41.268528] ---[ end trace 0000000000000000 ]---\n"
	"<4>[   41.268690] RIP: 0010:crashme_write+0x15/0x30 [crashme]\n"
	"<0>[   41.269900] Kernel panic - not syncing: Fatal exception\n"
	"<0>[   41.270100] Kernel Offset: 0x1c000000 from 0xffffffff81000000\n";

static void test_x86_oops(void **state)
{
	struct pstore_crash *c = parse(x86_oops);

	(void)state;
	assert_string_equal(c->kind, "oops");
	assert_string_equal(c->cause, "oops");
	assert_string_equal(c->headline,
			    "BUG: kernel NULL pointer dereference, address: 0000000000000000");
	assert_int_equal(c->headline_line, 3);
	assert_string_equal(c->oops, "Oops: 0002 [#1] PREEMPT SMP NOPTI");
	assert_string_equal(c->panic, "Fatal exception");
	assert_string_equal(c->arch, "x86_64");
	assert_string_equal(c->process, "bash");
	assert_int_equal(c->pid, 1234);
	assert_int_equal(c->cpu, 1);
	assert_string_equal(c->taint, "WO");
	assert_int_equal(c->n_taints, 2);
	assert_int_equal(c->taints[0].flag, 'W');
	assert_string_equal(c->taints[0].meaning, "kernel warning issued");
	assert_int_equal(c->taints[1].flag, 'O');
	assert_string_equal(c->taints[1].meaning, "out-of-tree module loaded");
	assert_string_equal(c->kernel_release, "6.1.0-56-amd64");
	assert_string_equal(c->pc, "crashme_write+0x15/0x30 [crashme]");
	assert_string_equal(c->pc_symbol, "crashme_write");
	assert_int_equal(c->pc_offset, 0x15);
	assert_int_equal(c->pc_size, 0x30);
	assert_string_equal(c->pc_module, "crashme");
	assert_false(c->pc_user);
	assert_int_equal(c->n_frames, 8);
	assert_false(c->frames[0]->reliable);
	assert_string_equal(c->frames[2]->symbol, "crashme_write");
	assert_string_equal(c->frames[2]->module, "crashme");
	assert_null(c->frames[3]->module);
	assert_int_equal(c->n_modules, 4);
	assert_string_equal(c->modules[0], "crashme");
	assert_string_equal(c->modules[3], "pstore_blk");
	pstore_crash_free(c);
}

/* arm64 6.1: a NULL write from the shell, panic_on_oops=1. */
static const char arm64_oops[] =
	"[   12.345678] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000\n"
	"[   12.345900] Mem abort info:\n"
	"[   12.346000]   ESR = 0x0000000096000044\n"
	"[   12.346100]   EC = 0x25: DABT (current EL), IL = 32 bits\n"
	"[   12.346400] user pgtable: 4k pages, 48-bit VAs, pgdp=0000000041a3c000\n"
	"[   12.346500] [0000000000000000] pgd=0000000000000000, p4d=0000000000000000\n"
	"[   12.346600] Internal error: Oops: 0000000096000044 [#1] SMP\n"
	"[   12.346700] Modules linked in: ramoops reed_solomon\n"
	"[   12.346800] CPU: 0 PID: 77 Comm: sh Tainted: G      D            6.1.0-56-cloud-arm64 #1  Debian 6.1.192-2\n"
	"[   12.346900] Hardware name: linux,dummy-virt (DT)\n"
	"[   12.347000] pstate: 60000005 (nZCv daif -PAN -UAO -TCO -DIT -SSBS BTYPE=--)\n"
	"[   12.347100] pc : crashme_write+0x24/0x40\n"
	"[   12.347200] lr : vfs_write+0xd8/0x3a0\n"
	"[   12.347300] sp : ffff80000a2bbd40\n"
	"[   12.347400] x29: ffff80000a2bbd40 x28: ffff0000c1a51a80 x27: 0000000000000000\n"
	"[   12.347500] Call trace:\n"
	"[   12.347600]  crashme_write+0x24/0x40\n"
	"[   12.347700]  vfs_write+0xd8/0x3a0\n"
	"[   12.347800]  ksys_write+0x78/0x100\n"
	"[   12.347900]  __arm64_sys_write+0x24/0x30\n"
	"[   12.348000]  invoke_syscall+0x78/0x100\n"
	"[   12.348100]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	"[   12.348200]  do_el0_svc+0x34/0xd0\n"
	"[   12.348300]  el0_svc+0x34/0x100\n"
	"[   12.348400]  el0t_64_sync_handler+0xf4/0x120\n"
	"[   12.348500]  el0t_64_sync+0x18c/0x190\n"
	"[   12.348600] Code: d2800001 d2800020 b9000020 d65f03c0 (b900003f)\n"
	"[   12.348700] ---[ end trace 0000000000000000 ]---\n"
	"[   12.348800] Kernel panic - not syncing: Oops: Fatal exception\n";

static void test_arm64_oops(void **state)
{
	struct pstore_crash *c = parse(arm64_oops);

	(void)state;
	assert_string_equal(c->kind, "oops");
	assert_string_equal(c->cause, "oops");
	assert_string_equal(c->arch, "arm64");
	assert_string_equal(c->oops, "Internal error: Oops: 0000000096000044 [#1] SMP");
	assert_string_equal(c->panic, "Oops: Fatal exception");
	assert_string_equal(c->process, "sh");
	assert_int_equal(c->pid, 77);
	assert_string_equal(c->taint, "D");
	assert_string_equal(c->taints[0].meaning, "kernel died recently (oops or BUG)");
	assert_string_equal(c->kernel_release, "6.1.0-56-cloud-arm64");
	assert_string_equal(c->hardware, "linux,dummy-virt (DT)");
	assert_string_equal(c->pc_symbol, "crashme_write");
	assert_int_equal(c->pc_offset, 0x24);
	assert_int_equal(c->n_frames, 10);
	assert_string_equal(c->frames[5]->symbol, "el0_svc_common.constprop.0");
	assert_true(c->frames[9]->reliable);
	assert_int_equal(c->n_modules, 2);
	assert_string_equal(c->modules[1], "reed_solomon");
	pstore_crash_free(c);
}

static void test_panic_causes(void **state)
{
	static const struct {
		const char *text, *kind, *cause;
	} cases[] = {
		{ "[  122.1] INFO: task kworker/0:1:15 blocked for more than 120 seconds.\n"
		  "[  122.2]       Not tainted 6.1.0 #1\n"
		  "[  122.9] Kernel panic - not syncing: hung_task: blocked tasks\n",
		  "hung_task", "hung_task" },
		{ "[   26.1] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [spin:99]\n"
		  "[   26.2] Kernel panic - not syncing: softlockup: hung tasks\n",
		  "soft_lockup", "soft_lockup" },
		{ "[   30.1] NMI watchdog: Watchdog detected hard LOCKUP on cpu 1\n"
		  "[   30.2] Kernel panic - not syncing: Hard LOCKUP\n",
		  "hard_lockup", "hard_lockup" },
		{ "[   50.1] Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled\n",
		  "panic", "oom" },
		{ "[   50.1] Kernel panic - not syncing: System is deadlocked on memory\n", "panic",
		  "oom" },
		{ "[    1.1] kernel BUG at mm/slub.c:123!\n"
		  "[    1.2] invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n"
		  "[    1.3] Kernel panic - not syncing: Fatal exception in interrupt\n",
		  "bug", "oops" },
		{ "[    1.1] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\n",
		  "panic", NULL },
		/* an oops that did not panic */
		{ "<1>[    1.1] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
		  "<4>[    1.2] Oops: 0000 [#1] SMP\n",
		  "oops", "null" },
		{ "<4>[    1.1] WARNING: CPU: 0 PID: 1 at kernel/foo.c:12 foo+0x1/0x2\n",
		  "warning", NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct pstore_crash *c = parse(cases[i].text);

		assert_string_equal(c->kind, cases[i].kind);
		if (cases[i].cause)
			assert_string_equal(c->cause, cases[i].cause);
		else
			assert_null(c->cause);
		pstore_crash_free(c);
	}
}

static void test_no_crash(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_crash *c = NULL;
	const char *t = "Shutdown#1 Part1\n<0>[    1.159961] reboot: Restarting system\n";
	const char *evil = "[ 1.0] Kernel panic - not syncing: \x1b[31mred\x07\n"
			   "[ 1.1] CPU: 0 PID: 5 Comm: a\x1b b Not tainted 6.1.0 #1\n";

	(void)state;
	assert_int_equal(pstore_crash_parse(ctx, t, strlen(t), &c), -ENODATA);
	assert_int_equal(pstore_crash_parse(ctx, "", 0, &c), -ENODATA);
	/* control characters from the record never reach the caller */
	assert_int_equal(pstore_crash_parse(ctx, evil, strlen(evil), &c), 0);
	assert_string_equal(c->panic, "?[31mred?");
	assert_string_equal(c->process, "a? b");
	pstore_crash_free(c);
	pstore_crash_free(NULL);
	pstore_unref(ctx);
}

static void test_taint_names(void **state)
{
	(void)state;
	assert_string_equal(pstore_taint_flag_to_string('P'), "proprietary module loaded");
	assert_string_equal(pstore_taint_flag_to_string('E'), "unsigned module loaded");
	assert_null(pstore_taint_flag_to_string('G'));
	assert_null(pstore_taint_flag_to_string('z'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captured_debian), cmocka_unit_test(test_captured_minimal),
		cmocka_unit_test(test_captured_arm64),  cmocka_unit_test(test_captured_oops),
		cmocka_unit_test(test_captured_softlockup), cmocka_unit_test(test_captured_hungtask),
		cmocka_unit_test(test_captured_arm64_oops), cmocka_unit_test(test_captured_arm64_panic),
		cmocka_unit_test(test_x86_oops),        cmocka_unit_test(test_arm64_oops),
		cmocka_unit_test(test_panic_causes),    cmocka_unit_test(test_no_crash),
		cmocka_unit_test(test_taint_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
