/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests of the reason engine (lib/reason.c): one hand-made sysroot per reason class,
 * with records (their mtimes are the dump times), pmsg markers, ramoops parameters, a
 * kernel config and /sys/class/watchdog/watchdog0/bootstatus.
 */
#include <sys/stat.h>
#include <sys/time.h>

#include "unit.h"

#define ID "0f3c1d2e-4b5a-4c6d-8e7f-90a1b2c3d4e5"
#define T0 1795317000 /* the boot marker of the boot that ended */

struct sr {
	char root[64];
	struct pstore_ctx *ctx;
	struct pstore_boot_reason *br;
};

static void put_at(struct sr *s, const char *rel, const char *text, int64_t mtime)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", s->root, rel);
	for (char *p = path + strlen(s->root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	if (mtime) {
		struct timeval tv[2] = { { (time_t)mtime, 0 }, { (time_t)mtime, 0 } };

		assert_int_equal(utimes(path, tv), 0);
	}
}

static void put(struct sr *s, const char *rel, const char *text)
{
	put_at(s, rel, text, 0);
}

/* A minimal-kernel-like set-up: ramoops with console and pmsg, max_reason 2. */
static void setup_ramoops(struct sr *s, int max_reason, bool console, bool pmsg)
{
	char v[16];

	put(s, "/sys/module/pstore/parameters/backend", "ramoops\n");
	snprintf(v, sizeof(v), "%d\n", max_reason);
	put(s, "/sys/module/ramoops/parameters/max_reason", v);
	put(s, "/sys/module/ramoops/parameters/record_size", "16384\n");
	put(s, "/sys/module/ramoops/parameters/console_size", "16384\n");
	put(s, "/sys/module/ramoops/parameters/pmsg_size", "16384\n");
	put(s, "/proc/sys/kernel/osrelease", "6.1.192\n");
	put(s, "/boot/config-6.1.192", console && pmsg ? "CONFIG_PSTORE=y\nCONFIG_PSTORE_CONSOLE=y\nCONFIG_PSTORE_PMSG=y\n"
				       : console ? "CONFIG_PSTORE=y\nCONFIG_PSTORE_CONSOLE=y\n# CONFIG_PSTORE_PMSG is not set\n"
				       : pmsg	 ? "CONFIG_PSTORE=y\nCONFIG_PSTORE_PMSG=y\n"
						 : "CONFIG_PSTORE=y\n# CONFIG_PSTORE_CONSOLE is not set\n"
						   "# CONFIG_PSTORE_PMSG is not set\n");
	if (pmsg)
		put(s, "/dev/pmsg0", "");
}

static void sr_init(struct sr *s)
{
	memset(s, 0, sizeof(*s));
	strcpy(s->root, "/tmp/pstore-reason.XXXXXX");
	assert_non_null(mkdtemp(s->root));
	put(s, "/proc/self/mountinfo", "1 1 0:2 / / rw - rootfs rootfs rw\n");
}

/* Runs the engine on the records in ROOT/records. */
static struct pstore_boot_reason *sr_run(struct sr *s)
{
	struct pstore_source *src = NULL;
	struct pstore_record **recs = NULL;
	char dir[128];
	size_t n = 0;

	assert_int_equal(pstore_new(s->root, &s->ctx), 0);
	pstore_set_log_fn(s->ctx, NULL, NULL);
	snprintf(dir, sizeof(dir), "%s/records", s->root);
	mkdir(dir, 0755);
	assert_int_equal(pstore_source_new_dir(s->ctx, dir, &src), 0);
	assert_int_equal(pstore_source_list(src, &recs, &n), 0);
	assert_int_equal(pstore_boot_reason_find(s->ctx, recs, n, &s->br), 0);
	pstore_record_list_free(recs, n);
	pstore_source_unref(src);
	return s->br;
}

static void sr_done(struct sr *s)
{
	char cmd[128];

	pstore_boot_reason_free(s->br);
	pstore_unref(s->ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", s->root);
	assert_int_equal(system(cmd), 0);
}

static bool has_evidence(const struct pstore_boot_reason *br, const char *source,
			 const char *says)
{
	for (size_t i = 0; i < pstore_boot_reason_evidence_count(br); i++) {
		const struct pstore_evidence *e = pstore_boot_reason_get_evidence(br, i);

		if (streq(e->source, source) && strstr(e->says, says))
			return true;
	}
	return false;
}

#define BOOT_MARKER "pstorectl: boot boot_id=" ID " time=2026-11-22T03:10:00Z uptime=2.50\n"

static void expect(struct sr *s, const char *reason, enum pstore_confidence conf)
{
	const struct pstore_boot_reason *br = sr_run(s);

	assert_string_equal(pstore_boot_reason_get_string(br), reason);
	assert_int_equal(pstore_boot_reason_get_confidence(br), conf);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(pstore_boot_end_to_string(PSTORE_END_POWER_LOSS), "power-loss");
	assert_int_equal(pstore_boot_end_from_string("reset"), PSTORE_END_RESET);
	assert_null(pstore_boot_end_to_string(_PSTORE_END_MAX));
	assert_string_equal(pstore_confidence_to_string(PSTORE_CONFIDENCE_LIKELY), "likely");
	assert_int_equal(pstore_confidence_from_string("certain"), PSTORE_CONFIDENCE_CERTAIN);
	assert_int_equal(pstore_confidence_from_string("sure"), -EINVAL);
}

static void test_panic_classes(void **state)
{
	static const struct {
		const char *panic, *reason;
	} cases[] = {
		{ "sysrq triggered crash", "panic,sysrq" },
		{ "Fatal exception", "panic,oops" },
		{ "hung_task: blocked tasks", "panic,hung_task" },
		{ "softlockup: hung tasks", "panic,soft_lockup" },
		{ "Hard LOCKUP", "panic,hard_lockup" },
		{ "Out of memory: compulsory panic_on_oom is enabled", "panic,oom" },
		{ "VFS: Unable to mount root fs on unknown-block(0,0)", "panic" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct sr s;
		char *dump = NULL;

		sr_init(&s);
		setup_ramoops(&s, 2, true, true);
		assert_true(asprintf(&dump, "Panic#1 Part1\n<0>[ 9.1] Kernel panic - not syncing: %s\n",
				     cases[i].panic) > 0);
		put_at(&s, "/records/dmesg-ramoops-0", dump, T0 + 60);
		put(&s, "/records/pmsg-ramoops-0", BOOT_MARKER);
		/* dated after the boot marker: certain */
		expect(&s, cases[i].reason, PSTORE_CONFIDENCE_CERTAIN);
		assert_true(has_evidence(s.br, "dmesg-ramoops-0", "Panic#1 Part1"));
		assert_string_equal(pstore_boot_reason_get_record(s.br), "dmesg-ramoops-0");
		assert_string_equal(pstore_boot_reason_get_boot_id(s.br), ID);
		free(dump);
		sr_done(&s);
	}
}

static void test_panic_debian(void **state)
{
	struct sr s;

	(void)state;
	/* Debian: no console, no pmsg. Nothing dates the dump: likely. */
	sr_init(&s);
	setup_ramoops(&s, 2, false, false);
	put_at(&s, "/records/dmesg-ramoops-0",
	       "Panic#1 Part1\n<0>[ 2.2] Kernel panic - not syncing: sysrq triggered crash\n",
	       T0 + 60);
	expect(&s, "panic,sysrq", PSTORE_CONFIDENCE_LIKELY);
	assert_null(pstore_boot_reason_get_boot_id(s.br));
	assert_false(pstore_capabilities_can_tell(pstore_boot_reason_get_capabilities(s.br),
						  PSTORE_END_POWER_LOSS));
	sr_done(&s);
	/* the console confirms it */
	sr_init(&s);
	setup_ramoops(&s, 2, true, false);
	put_at(&s, "/records/dmesg-ramoops-0",
	       "Panic#1 Part1\n<0>[ 2.2] Kernel panic - not syncing: sysrq triggered crash\n",
	       T0 + 60);
	put(&s, "/records/console-ramoops-0",
	    "[ 2.2] Kernel panic - not syncing: sysrq triggered crash\n"
	    "[ 2.3] ---[ end Kernel panic - not syncing: sysrq triggered crash ]---\n");
	expect(&s, "panic,sysrq", PSTORE_CONFIDENCE_CERTAIN);
	assert_true(has_evidence(s.br, "console-ramoops-0", "shows the panic"));
	sr_done(&s);
}

static void test_oops(void **state)
{
	struct sr s;

	(void)state;
	sr_init(&s);
	setup_ramoops(&s, 2, true, true);
	put_at(&s, "/records/dmesg-ramoops-0",
	       "Oops#1 Part1\n<1>[ 9.1] BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
	       "<4>[ 9.2] Oops: 0002 [#1] PREEMPT SMP NOPTI\n",
	       T0 + 60);
	put(&s, "/records/pmsg-ramoops-0", BOOT_MARKER);
	put(&s, "/records/console-ramoops-0", "[ 9.9] random: crng init done\n");
	expect(&s, "oops,null", PSTORE_CONFIDENCE_CERTAIN);
	assert_true(has_evidence(s.br, "dmesg-ramoops-0", "BUG: kernel NULL pointer dereference"));
	sr_done(&s);
}

static void test_watchdog(void **state)
{
	struct sr s;

	(void)state;
	sr_init(&s);
	setup_ramoops(&s, 2, true, true);
	put(&s, "/sys/class/watchdog/watchdog0/bootstatus", "32\n");
	put(&s, "/sys/class/watchdog/watchdog0/identity", "i6300ESB timer\n");
	put(&s, "/records/pmsg-ramoops-0", BOOT_MARKER);
	put(&s, "/records/console-ramoops-0", "[ 9.9] hung\n");
	expect(&s, "watchdog", PSTORE_CONFIDENCE_CERTAIN);
	assert_true(has_evidence(s.br, "watchdog0", "bootstatus 0x20"));
	assert_true(has_evidence(s.br, "watchdog0", "(i6300ESB timer)"));
	assert_true(pstore_capabilities_can_tell(pstore_boot_reason_get_capabilities(s.br),
						 PSTORE_END_WATCHDOG));
	sr_done(&s);
	/* a bootstatus without CARDRESET (WDIOF_OVERHEAT) says nothing about the reset */
	sr_init(&s);
	setup_ramoops(&s, 2, true, true);
	put(&s, "/sys/class/watchdog/watchdog0/bootstatus", "1\n");
	put(&s, "/records/pmsg-ramoops-0", BOOT_MARKER);
	expect(&s, "reset", PSTORE_CONFIDENCE_GUESS);
	sr_done(&s);
}

static void test_clean(void **state)
{
	static const struct {
		const char *marker, *reason;
	} markers[] = {
		{ "reboot", "reboot" }, { "poweroff", "poweroff" },
		{ "halt", "halt" },     { "kexec", "kexec" },
	};
	struct sr s;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(markers); i++) {
		char *pmsg = NULL;

		sr_init(&s);
		setup_ramoops(&s, 2, false, true);
		assert_true(asprintf(&pmsg, BOOT_MARKER "an app's line\npstorectl: %s boot_id=" ID
					    " time=2026-11-22T05:00:00Z\n\nECC: No errors detected\n",
				     markers[i].marker) > 0);
		put(&s, "/records/pmsg-ramoops-0", pmsg);
		expect(&s, markers[i].reason, PSTORE_CONFIDENCE_CERTAIN);
		assert_true(has_evidence(s.br, "pmsg-ramoops-0", "marker at 2026-11-22T05:00:00Z"));
		free(pmsg);
		sr_done(&s);
	}
	/* max_reason=4: a Shutdown dump whose last lines say power down */
	sr_init(&s);
	setup_ramoops(&s, 4, false, false);
	put_at(&s, "/records/dmesg-ramoops-0",
	       "Shutdown#1 Part1\n<6>[ 5.0] something\n<0>[ 5.1] reboot: Power down\n", T0 + 99);
	expect(&s, "poweroff", PSTORE_CONFIDENCE_CERTAIN);
	assert_true(has_evidence(s.br, "dmesg-ramoops-0", "Shutdown#1 Part1"));
	assert_true(pstore_capabilities_can_tell(pstore_boot_reason_get_capabilities(s.br),
						 PSTORE_END_REBOOT));
	sr_done(&s);
	/* the console's last lines: halt */
	sr_init(&s);
	setup_ramoops(&s, 2, true, false);
	put(&s, "/records/console-ramoops-0", "[ 7.0] Stopping\n[ 7.1] reboot: System halted\n");
	expect(&s, "halt", PSTORE_CONFIDENCE_CERTAIN);
	sr_done(&s);
	/* the captured minimal-kernel reboot: Shutdown dump ending "Restarting system" */
	sr_init(&s);
	setup_ramoops(&s, 4, true, true);
	{
		char cmd[512];

		snprintf(cmd, sizeof(cmd),
			 "mkdir -p %s/records && cp %s/e2e-captured/records-minimal-shutdown/*-ramoops-0 "
			 "%s/records/", s.root, FIXTURES, s.root);
		assert_int_equal(system(cmd), 0);
	}
	expect(&s, "reboot", PSTORE_CONFIDENCE_CERTAIN);
	assert_true(has_evidence(s.br, "dmesg-ramoops-0", "reboot: Restarting system"));
	sr_done(&s);
	/* an emergency restart */
	sr_init(&s);
	setup_ramoops(&s, 5, false, false);
	put_at(&s, "/records/dmesg-ramoops-0", "Emergency#1 Part1\n<6>[ 1.0] sysrq: Resetting\n",
	       T0 + 5);
	expect(&s, "reboot,emergency", PSTORE_CONFIDENCE_CERTAIN);
	sr_done(&s);
}

static void test_reset_and_stale(void **state)
{
	struct sr s;

	(void)state;
	/* RAM survived (console, boot marker), no crash or shutdown; the old panic dump is
	 * from before the boot marker: an earlier boot's */
	sr_init(&s);
	setup_ramoops(&s, 2, true, true);
	put_at(&s, "/records/dmesg-ramoops-0",
	       "Panic#1 Part1\n<0>[ 2.2] Kernel panic - not syncing: sysrq triggered crash\n",
	       T0 - 3600);
	put(&s, "/records/pmsg-ramoops-0", BOOT_MARKER);
	put(&s, "/records/console-ramoops-0", "[ 1.0] Run /init as init process\n");
	expect(&s, "reset", PSTORE_CONFIDENCE_LIKELY);
	assert_true(has_evidence(s.br, "dmesg-ramoops-0", "an earlier boot's"));
	assert_true(has_evidence(s.br, "console-ramoops-0", "Run /init as init process"));
	assert_true(has_evidence(s.br, "pmsg-ramoops-0", "boot marker at 2026-11-22T03:10:00Z"));
	sr_done(&s);
	/* the margin (pstorectl-reason(8)): both clocks are set from an RTC in whole seconds,
	 * so a dump 3 s before the boot marker is an earlier boot's and one 2 s before it is
	 * still taken for the ended boot's */
	for (int before = 3; before >= 2; before--) {
		sr_init(&s);
		setup_ramoops(&s, 2, false, true);
		put_at(&s, "/records/dmesg-ramoops-0",
		       "Panic#1 Part1\n<0>[ 2.2] Kernel panic - not syncing: sysrq triggered crash\n",
		       T0 - before);
		put(&s, "/records/pmsg-ramoops-0", BOOT_MARKER);
		if (before == 3)
			expect(&s, "reset", PSTORE_CONFIDENCE_GUESS);
		else
			expect(&s, "panic,sysrq", PSTORE_CONFIDENCE_CERTAIN);
		assert_int_equal(has_evidence(s.br, "dmesg-ramoops-0", "an earlier boot's"),
				 before == 3);
		sr_done(&s);
	}
	/* no boot marker, but the console of the ended boot shows no panic */
	sr_init(&s);
	setup_ramoops(&s, 2, true, false);
	put_at(&s, "/records/dmesg-ramoops-0",
	       "Panic#1 Part1\n<0>[ 2.2] Kernel panic - not syncing: sysrq triggered crash\n",
	       T0 - 3600);
	put(&s, "/records/console-ramoops-0", "[ 1.0] Run /init as init process\n");
	expect(&s, "reset", PSTORE_CONFIDENCE_LIKELY);
	assert_true(has_evidence(s.br, "dmesg-ramoops-0", "shows no panic"));
	sr_done(&s);
	/* a second console record that does not inflate (fuzz-sysroot: the first one's
	 * length was kept with no text, and the evidence line read address 0 + length) */
	sr_init(&s);
	setup_ramoops(&s, 2, true, false);
	put(&s, "/records/console-ramoops-0", "[ 1.0] Run /init as init process\n");
	put(&s, "/records/console-ramoops-1.enc.z", "not zlib at all");
	expect(&s, "reset", PSTORE_CONFIDENCE_LIKELY);
	assert_true(has_evidence(s.br, "console-ramoops-0", "Run /init as init process"));
	sr_done(&s);
}

static void test_power_loss(void **state)
{
	struct sr s;
	const struct pstore_capabilities *caps;

	(void)state;
	/* the minimal kernel: console and pmsg, nothing survived */
	sr_init(&s);
	setup_ramoops(&s, 2, true, true);
	expect(&s, "power-loss", PSTORE_CONFIDENCE_LIKELY);
	assert_true(has_evidence(s.br, "console", "no console record"));
	/* it can tell everything but a watchdog */
	assert_null(strstr(pstore_boot_reason_get_hint(s.br), "max_reason"));
	assert_non_null(strstr(pstore_boot_reason_get_hint(s.br), "watchdog"));
	sr_done(&s);
	/* pmsg alone (markers): a guess, since the boot marker may never have been written */
	sr_init(&s);
	setup_ramoops(&s, 2, false, true);
	expect(&s, "power-loss", PSTORE_CONFIDENCE_GUESS);
	sr_done(&s);
	/* Debian: no console, no pmsg, max_reason 2: cannot tell */
	sr_init(&s);
	setup_ramoops(&s, 2, false, false);
	expect(&s, "unknown", PSTORE_CONFIDENCE_GUESS);
	caps = pstore_boot_reason_get_capabilities(s.br);
	assert_true(pstore_capabilities_can_tell(caps, PSTORE_END_PANIC));
	assert_true(pstore_capabilities_can_tell(caps, PSTORE_END_OOPS));
	assert_false(pstore_capabilities_can_tell(caps, PSTORE_END_REBOOT));
	assert_false(pstore_capabilities_can_tell(caps, PSTORE_END_RESET));
	assert_false(pstore_capabilities_can_tell(caps, PSTORE_END_POWER_LOSS));
	assert_false(pstore_capabilities_can_tell(caps, PSTORE_END_WATCHDOG));
	assert_non_null(strstr(pstore_boot_reason_get_hint(s.br), "ramoops.max_reason=4"));
	assert_non_null(strstr(pstore_boot_reason_get_hint(s.br), "CONFIG_PSTORE_PMSG"));
	/* library words only: no command-line flags or verbs */
	assert_null(strstr(pstore_boot_reason_get_hint(s.br), "--"));
	assert_null(strstr(pstore_boot_reason_get_hint(s.br), "pstorectl"));
	sr_done(&s);
}

/* The engine on records a real kernel left (tests/fixtures/e2e-captured/NAME), with the
 * set-up of a minimal kernel. */
static const struct pstore_boot_reason *captured(struct sr *s, const char *name)
{
	struct pstore_source *src = NULL;
	struct pstore_record **recs = NULL;
	char dir[4096];
	size_t n = 0;

	sr_init(s);
	setup_ramoops(s, 2, true, true);
	assert_int_equal(pstore_new(s->root, &s->ctx), 0);
	pstore_set_log_fn(s->ctx, NULL, NULL);
	snprintf(dir, sizeof(dir), "%s/e2e-captured/%s", FIXTURES, name);
	assert_int_equal(pstore_source_new_dir(s->ctx, dir, &src), 0);
	assert_int_equal(pstore_source_list(src, &recs, &n), 0);
	assert_int_equal(pstore_boot_reason_find(s->ctx, recs, n, &s->br), 0);
	pstore_record_list_free(recs, n);
	pstore_source_unref(src);
	return s->br;
}

/* Real hung-task, soft-lockup, oops and panic records of the minimal x86_64 and arm64
 * kernels (scenarios 11 and 14). */
static void test_captured(void **state)
{
	const struct pstore_boot_reason *br;
	struct sr s;

	(void)state;
	br = captured(&s, "records-minimal-hungtask");
	assert_string_equal(pstore_boot_reason_get_string(br), "panic,hung_task");
	assert_int_equal(pstore_boot_reason_get_confidence(br), PSTORE_CONFIDENCE_CERTAIN);
	assert_string_equal(pstore_boot_reason_get_record(br), "dmesg-ramoops-0");
	assert_true(has_evidence(br, "dmesg-ramoops-0",
				 "Kernel panic - not syncing: hung_task: blocked tasks"));
	assert_true(has_evidence(br, "dmesg-ramoops-0",
				 "INFO: task boot.sh:30 blocked for more than 2 seconds."));
	assert_true(has_evidence(br, "console-ramoops-0", "shows the panic"));
	sr_done(&s);
	br = captured(&s, "records-minimal-softlockup");
	assert_string_equal(pstore_boot_reason_get_string(br), "panic,soft_lockup");
	sr_done(&s);
	br = captured(&s, "records-minimal-oops");
	assert_string_equal(pstore_boot_reason_get_string(br), "oops,null");
	sr_done(&s);
	/* the minimal arm64 kernel (scenario 14) */
	br = captured(&s, "records-arm64-oops");
	assert_string_equal(pstore_boot_reason_get_string(br), "oops,null");
	assert_true(has_evidence(br, "dmesg-ramoops-0", "Unable to handle kernel NULL pointer"));
	sr_done(&s);
	br = captured(&s, "records-arm64-panic");
	assert_string_equal(pstore_boot_reason_get_string(br), "panic,sysrq");
	assert_int_equal(pstore_boot_reason_get_confidence(br), PSTORE_CONFIDENCE_CERTAIN);
	sr_done(&s);
}

/*
 * Archives ROOT/records as pstore_archive_boot() does after a boot (with the sysroot as it
 * is now), then runs the engine on the archived boot's directory, as `reason --boot 0`
 * does, with /sys/class/watchdog/watchdog0/bootstatus changed to @status_now.
 */
static struct pstore_boot_reason *sr_run_archived(struct sr *s, const char *status_now)
{
	struct pstore_source *src = NULL;
	struct pstore_record **recs = NULL;
	char dir[128], root[128];
	_cleanup_free_ char *made = NULL;
	size_t n = 0;

	assert_int_equal(pstore_new(s->root, &s->ctx), 0);
	pstore_set_log_fn(s->ctx, NULL, NULL);
	snprintf(dir, sizeof(dir), "%s/records", s->root);
	snprintf(root, sizeof(root), "%s/archive", s->root);
	assert_int_equal(pstore_source_new_dir(s->ctx, dir, &src), 0);
	assert_int_equal(pstore_archive_boot(s->ctx, src, root, PSTORE_ARCHIVE_KEEP, &made), 1);
	pstore_source_unref(src);
	put(s, "/sys/class/watchdog/watchdog0/bootstatus", status_now);
	assert_int_equal(pstore_source_new_dir(s->ctx, made, &src), 0);
	assert_int_equal(pstore_source_list(src, &recs, &n), 0);
	assert_int_equal(pstore_boot_reason_find(s->ctx, recs, n, &s->br), 0);
	pstore_record_list_free(recs, n);
	pstore_source_unref(src);
	return s->br;
}

/* An archived boot's watchdog evidence is what the archive recorded, not today's /sys. */
static void test_archived_watchdog(void **state)
{
	const struct pstore_boot_reason *br;
	struct sr s;

	(void)state;
	/* the watchdog reset the archived boot; today's bootstatus has no CARDRESET */
	sr_init(&s);
	setup_ramoops(&s, 2, true, true);
	put(&s, "/sys/class/watchdog/watchdog0/bootstatus", "32\n");
	put(&s, "/sys/class/watchdog/watchdog0/identity", "i6300ESB timer\n");
	put(&s, "/records/pmsg-ramoops-0", BOOT_MARKER);
	put(&s, "/records/console-ramoops-0", "[ 9.9] hung\n");
	br = sr_run_archived(&s, "0\n");
	assert_string_equal(pstore_boot_reason_get_string(br), "watchdog");
	assert_true(has_evidence(br, "watchdog0", "bootstatus 0x20"));
	assert_true(has_evidence(br, "watchdog0", "(i6300ESB timer)"));
	sr_done(&s);
	/* an oops, then the watchdog: the archive said so */
	sr_init(&s);
	setup_ramoops(&s, 2, true, true);
	put(&s, "/sys/class/watchdog/watchdog0/bootstatus", "32\n");
	put(&s, "/records/pmsg-ramoops-0", BOOT_MARKER);
	put_at(&s, "/records/dmesg-ramoops-0",
	       "Oops#1 Part1\n<4>[ 5.0] BUG: kernel NULL pointer dereference, address: 0\n",
	       T0 + 60);
	br = sr_run_archived(&s, "0\n");
	assert_string_equal(pstore_boot_reason_get_string(br), "oops,null");
	assert_true(has_evidence(br, "watchdog0", "bootstatus 0x20"));
	sr_done(&s);
	/* the archived boot ended in a reset; today's bootstatus says the watchdog fired (at
	 * the end of the last boot, which is not the archived one) */
	sr_init(&s);
	setup_ramoops(&s, 2, true, true);
	put(&s, "/sys/class/watchdog/watchdog0/bootstatus", "0\n");
	put(&s, "/records/pmsg-ramoops-0", BOOT_MARKER);
	put(&s, "/records/console-ramoops-0", "[ 9.9] hung\n");
	br = sr_run_archived(&s, "32\n");
	assert_string_equal(pstore_boot_reason_get_string(br), "reset");
	for (size_t i = 0; i < pstore_boot_reason_evidence_count(br); i++)
		assert_null(strstr(pstore_boot_reason_get_evidence(br, i)->source, "watchdog"));
	sr_done(&s);
}

static void test_capabilities(void **state)
{
	struct sr s;
	struct pstore_capabilities *c = NULL;

	(void)state;
	sr_init(&s);
	setup_ramoops(&s, 1, false, false);
	assert_int_equal(pstore_new(s.root, &s.ctx), 0);
	pstore_set_log_fn(s.ctx, NULL, NULL);
	assert_int_equal(pstore_capabilities_read(s.ctx, NULL, 0, &c), 0);
	assert_int_equal(pstore_capabilities_count(c), 9);
	assert_int_equal(pstore_capabilities_get(c, 0)->end, PSTORE_END_PANIC);
	assert_true(pstore_capabilities_get(c, 0)->can_tell);
	/* max_reason 1: panics only */
	assert_int_equal(pstore_capabilities_get(c, 1)->end, PSTORE_END_OOPS);
	assert_false(pstore_capabilities_get(c, 1)->can_tell);
	assert_non_null(strstr(pstore_capabilities_get(c, 1)->hint, "max_reason=2"));
	assert_int_equal(pstore_capabilities_get(c, 8)->end, PSTORE_END_POWER_LOSS);
	assert_null(pstore_capabilities_get(c, 9));
	pstore_capabilities_free(c);
	sr_done(&s);
	/* no backend at all */
	sr_init(&s);
	assert_int_equal(pstore_new(s.root, &s.ctx), 0);
	pstore_set_log_fn(s.ctx, NULL, NULL);
	assert_int_equal(pstore_capabilities_read(s.ctx, NULL, 0, &c), 0);
	assert_false(pstore_capabilities_can_tell(c, PSTORE_END_PANIC));
	assert_non_null(strstr(pstore_capabilities_get(c, 0)->hint, "backend"));
	pstore_capabilities_free(c);
	sr_done(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),     cmocka_unit_test(test_panic_classes),
		cmocka_unit_test(test_panic_debian), cmocka_unit_test(test_oops),
		cmocka_unit_test(test_watchdog),  cmocka_unit_test(test_clean),
		cmocka_unit_test(test_reset_and_stale), cmocka_unit_test(test_power_loss),
		cmocka_unit_test(test_capabilities), cmocka_unit_test(test_archived_watchdog),
		cmocka_unit_test(test_captured),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
