/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests of lib/check.c on sysroot fixtures: real kernel configs and files captured in
 * real guests (tests/fixtures/check-*). The expected statuses come from the kernel's rules
 * and shared/e2e/README.md, not from the code: Debian kernels lack the console and pmsg
 * frontends (warn), efi_pstore in ramoops' place is a failure, and so on.
 */
#include "unit.h"

static struct pstore_checks *run_on(const char *fixture, const struct pstore_check_opts *o)
{
	struct pstore_ctx *ctx = unit_ctx(fixture);
	struct pstore_checks *c = NULL;

	assert_int_equal(pstore_checks_run(ctx, o, &c), 0);
	assert_non_null(c);
	pstore_unref(ctx);
	return c;
}

static void expect(const struct pstore_checks *c, const char *id, enum pstore_check_status st,
		   const char *value)
{
	const struct pstore_check *k = pstore_checks_find(c, id);

	if (!k)
		fail_msg("no check '%s'", id);
	if (k->status != st)
		fail_msg("%s: status %s, expected %s (%s)", id,
			 pstore_check_status_to_string(k->status),
			 pstore_check_status_to_string(st), k->detail);
	if (value && !streq(k->value, value))
		fail_msg("%s: value '%s', expected '%s'", id, k->value, value);
	/* Every finding that is not ok says what to do, unless it is only skipped. */
	if (st == PSTORE_CHECK_WARN || st == PSTORE_CHECK_FAIL)
		assert_true(*k->hint);
	if (st == PSTORE_CHECK_OK) {
		assert_string_equal(k->hint, "");
		assert_string_equal(k->action, "");
	}
	/* The library speaks of the kernel and the system: no CLI verb or flag (the CLI adds
	 * its own for an action). */
	if (strstr(k->hint, "pstorectl") || strstr(k->hint, "--") || strstr(k->detail, "pstorectl"))
		fail_msg("%s: names the CLI: hint '%s', detail '%s'", id, k->hint, k->detail);
}

static void test_status_strings(void **state)
{
	(void)state;
	assert_string_equal(pstore_check_status_to_string(PSTORE_CHECK_OK), "ok");
	assert_string_equal(pstore_check_status_to_string(PSTORE_CHECK_WARN), "warn");
	assert_string_equal(pstore_check_status_to_string(PSTORE_CHECK_FAIL), "fail");
	assert_string_equal(pstore_check_status_to_string(PSTORE_CHECK_SKIP), "skip");
	assert_null(pstore_check_status_to_string((enum pstore_check_status)9));
	assert_int_equal(pstore_check_status_from_string("fail"), PSTORE_CHECK_FAIL);
	assert_int_equal(pstore_check_status_from_string("FAIL"), -EINVAL);
}

static void test_debian_61(void **state)
{
	struct pstore_checks *c = run_on("check-debian-6.1", NULL);

	(void)state;
	expect(c, "config.PSTORE", PSTORE_CHECK_OK, "y");
	expect(c, "config.PSTORE_RAM", PSTORE_CHECK_OK, "m");
	expect(c, "config.PSTORE_CONSOLE", PSTORE_CHECK_WARN, "n");
	expect(c, "config.PSTORE_PMSG", PSTORE_CHECK_WARN, "n");
	expect(c, "config.compression", PSTORE_CHECK_OK, "deflate");
	expect(c, "config.MAGIC_SYSRQ", PSTORE_CHECK_OK, "y");
	expect(c, "config.PSTORE_DEFAULT_KMSG_BYTES", PSTORE_CHECK_OK, "10240");
	/* The guest booted with console_size/pmsg_size 16K on a kernel without those
	 * frontends: the zones are carved but unused. */
	expect(c, "module.params", PSTORE_CHECK_WARN, NULL);
	assert_non_null(strstr(pstore_checks_find(c, "module.params")->value,
			       "mem_address=0x10000000 mem_size=0x100000 record_size=0x4000"));
	assert_string_equal(pstore_checks_find(c, "module.params")->action,
			    PSTORE_CHECK_ACTION_RELOAD);
	/* The hint names the sizes at fault, not a fixed ftrace_size=0 (issue 10). */
	{
		const char *hint = pstore_checks_find(c, "module.params")->hint;

		assert_non_null(strstr(hint, "console_size=0 pmsg_size=0"));
		assert_null(strstr(hint, "ftrace"));
	}
	/* The same parameters as values, for a tool to name its own way. */
	{
		const struct pstore_check *m = pstore_checks_find(c, "module.params");
		const char *param = NULL;
		uint64_t v = 1;

		assert_int_equal(pstore_check_get_reload(m, 0, &param, &v), 1);
		assert_string_equal(param, "console_size");
		assert_int_equal(v, 0);
		assert_int_equal(pstore_check_get_reload(m, 1, &param, &v), 1);
		assert_string_equal(param, "pmsg_size");
		assert_int_equal(pstore_check_get_reload(m, 2, &param, &v), 0);
		assert_int_equal(pstore_check_get_reload(pstore_checks_find(c, "config.PSTORE"),
							 0, &param, &v), 0);
	}
	expect(c, "runtime.backend", PSTORE_CHECK_OK, "ramoops");
	expect(c, "runtime.mount", PSTORE_CHECK_OK, "/sys/fs/pstore");
	expect(c, "runtime.iomem", PSTORE_CHECK_OK, "0x100000@0x10000000");
	expect(c, "runtime.cmdline", PSTORE_CHECK_OK, NULL);
	expect(c, "runtime.kdump", PSTORE_CHECK_OK, NULL);
	expect(c, "runtime.devicetree", PSTORE_CHECK_SKIP, NULL);
	assert_int_equal(pstore_checks_count_status(c, PSTORE_CHECK_FAIL), 0);
	/* Sections come in order: config, module, runtime. */
	{
		int last = 0;

		for (size_t i = 0; i < pstore_checks_count(c); i++) {
			const char *s = pstore_checks_get(c, i)->section;
			int rank = streq(s, "config") ? 1 : streq(s, "module") ? 2 : 3;

			assert_true(rank >= last);
			last = rank;
		}
	}
	assert_null(pstore_checks_get(c, pstore_checks_count(c)));
	pstore_checks_free(c);
}

static void test_minimal(void **state)
{
	struct pstore_checks *c = run_on("check-minimal", NULL);

	(void)state;
	expect(c, "config.PSTORE_RAM", PSTORE_CHECK_OK, "y");
	expect(c, "config.PSTORE_CONSOLE", PSTORE_CHECK_OK, "y");
	expect(c, "config.PSTORE_PMSG", PSTORE_CHECK_OK, "y");
	expect(c, "module.ramoops", PSTORE_CHECK_OK, "built-in");
	expect(c, "module.params", PSTORE_CHECK_OK, NULL);
	expect(c, "runtime.pmsg", PSTORE_CHECK_OK, "/dev/pmsg0");
	/* The minimal kernel shows the memmap= region as a hole, no "Reserved" line. */
	expect(c, "runtime.iomem", PSTORE_CHECK_OK, "0x100000@0x10000000");
	assert_int_equal(pstore_checks_count_status(c, PSTORE_CHECK_FAIL), 0);
	assert_int_equal(pstore_checks_count_status(c, PSTORE_CHECK_WARN), 0);
	pstore_checks_free(c);
}

static void test_debian_612_efi(void **state)
{
	struct pstore_checks *c = run_on("check-debian-6.12", NULL);

	(void)state;
	expect(c, "config.compression", PSTORE_CHECK_OK, "deflate");
	expect(c, "config.backends", PSTORE_CHECK_WARN, NULL);
	expect(c, "runtime.backend", PSTORE_CHECK_FAIL, "efi_pstore");
	assert_string_equal(pstore_checks_find(c, "runtime.backend")->action, "");
	assert_non_null(strstr(pstore_checks_find(c, "runtime.backend")->hint,
			       "pstore.backend=ramoops"));
	expect(c, "runtime.kdump", PSTORE_CHECK_WARN, NULL);
	assert_non_null(strstr(pstore_checks_find(c, "runtime.kdump")->hint,
			       "crash_kexec_post_notifiers"));
	expect(c, "module.params", PSTORE_CHECK_SKIP, NULL);
	pstore_checks_free(c);
}

static void test_noconfig_and_broken(void **state)
{
	struct pstore_check_opts o = PSTORE_STRUCT_INIT(struct pstore_check_opts);
	struct pstore_checks *c;
	struct pstore_ctx *ctx;

	(void)state;
	c = run_on("check-noconfig", NULL);
	expect(c, "config.source", PSTORE_CHECK_SKIP, NULL);
	assert_non_null(strstr(pstore_checks_find(c, "config.source")->hint,
			       "CONFIG_IKCONFIG_PROC"));
	assert_string_equal(pstore_checks_find(c, "config.source")->action,
			    PSTORE_CHECK_ACTION_CONFIG_FILE);
	assert_null(pstore_checks_find(c, "config.PSTORE"));
	assert_int_equal(pstore_checks_count_status(c, PSTORE_CHECK_FAIL), 0);
	pstore_checks_free(c);

	c = run_on("check-badline", NULL);
	expect(c, "config.source", PSTORE_CHECK_FAIL, NULL);
	assert_non_null(strstr(pstore_checks_find(c, "config.source")->detail, "line 6"));
	assert_string_equal(pstore_checks_find(c, "config.source")->action,
			    PSTORE_CHECK_ACTION_CONFIG_FILE);
	pstore_checks_free(c);

	/* An explicit config that is broken or absent is an error, not a finding. */
	ctx = unit_ctx("check-noconfig");
	o.config = FIXTURES "/check-badline/boot/config-5.10.0-badline";
	assert_int_equal(pstore_checks_run(ctx, &o, &c), -EINVAL);
	o.config = FIXTURES "/nonexistent";
	assert_int_equal(pstore_checks_run(ctx, &o, &c), -ENOENT);
	/* An explicit good one replaces the search. */
	o.config = FIXTURES "/check-minimal/proc/config.gz";
	assert_int_equal(pstore_checks_run(ctx, &o, &c), 0);
	expect(c, "config.PSTORE_PMSG", PSTORE_CHECK_OK, "y");
	pstore_checks_free(c);
	o.config = NULL;
	o.release = "../etc";
	assert_int_equal(pstore_checks_run(ctx, &o, &c), -EINVAL);
	pstore_unref(ctx);
	assert_int_equal(pstore_checks_run(NULL, NULL, &c), -EINVAL);
	pstore_checks_free(NULL);
}

/* A sysroot made by hand in a temporary directory: /proc/iomem and /proc/cmdline only. */
static struct pstore_ctx *iomem_ctx(char *root, const char *iomem, const char *cmdline)
{
	const char *files[][2] = { { "iomem", iomem }, { "cmdline", cmdline } };
	struct pstore_ctx *ctx = NULL;
	char path[256];

	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/proc", root);
	assert_int_equal(mkdir(path, 0755), 0);
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/proc/%s", root, files[i][0]);
		assert_non_null(f = fopen(path, "w"));
		fputs(files[i][1], f);
		assert_int_equal(fclose(f), 0);
	}
	assert_int_equal(pstore_new(root, &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);
	return ctx;
}

static void iomem_done(struct pstore_ctx *ctx, const char *root)
{
	char cmd[300];

	pstore_unref(ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

/* What runtime.iomem and pstore_check_region make of IOMEM for 0x100000@0x7ff00000. */
static void expect_iomem(const char *iomem, enum pstore_check_status st, int region_r,
			 const char *detail_has)
{
	char root[] = "/tmp/pstore-check-iomem.XXXXXX";
	struct pstore_ctx *ctx = iomem_ctx(
		root, iomem, "console=ttyAMA0 ramoops.mem_address=0x7ff00000 ramoops.mem_size=0x100000\n");
	struct pstore_checks *c = NULL;

	assert_int_equal(pstore_checks_run(ctx, NULL, &c), 0);
	expect(c, "runtime.iomem", st, "0x100000@0x7ff00000");
	if (!strstr(pstore_checks_find(c, "runtime.iomem")->detail, detail_has))
		fail_msg("runtime.iomem: '%s' does not say '%s'",
			 pstore_checks_find(c, "runtime.iomem")->detail, detail_has);
	pstore_checks_free(c);
	assert_int_equal(pstore_check_region(ctx, 0x7ff00000, 0x100000), region_r);
	iomem_done(ctx, root);
}

/*
 * A region outside System RAM (a no-map reserved-memory node, or RAM a kernel without
 * HIGHMEM does not map, as on the armhf guest): ramoops maps it with ioremap after
 * request_mem_region, so /proc/iomem lists one "ramoops:<zone>" entry per zone and no
 * "reserved" line. Zones that together cover the region are the region in use by ramoops;
 * the remainder of the kernel's divisions (a few bytes smaller than a zone) may stay out.
 */
static void test_iomem_ramoops_zones(void **state)
{
	static const char ram[] = "09000000-09000fff : pl011@9000000\n"
				  "40000000-6fffffff : System RAM\n"
				  "  40008000-405fffff : Kernel code\n"
				  "  40800000-408a34df : Kernel data\n";
	char buf[4096];

	(void)state;
	/* As the armhf guest lists it (62 dmesg zones there; fewer here). */
	snprintf(buf, sizeof(buf),
		 "%s7ff00000-7ff3ffff : ramoops:dmesg(0/2)\n"
		 "7ff40000-7ff7ffff : ramoops:dmesg(1/2)\n"
		 "7ff80000-7ffbffff : ramoops:dmesg(2/2)\n"
		 "7ffc0000-7ffdffff : ramoops:console\n"
		 "7ffe0000-7ffeffff : ramoops:ftrace(0/1)\n"
		 "7fff0000-7fff7ffe : ramoops:ftrace(1/1)\n"
		 "7fff8000-7fffffff : ramoops:pmsg\n",
		 ram);
	expect_iomem(buf, PSTORE_CHECK_OK, 0, "ramoops");
	/* The dmesg area split in 3 zones of 0x55554 bytes: 4 bytes of it left over. */
	snprintf(buf, sizeof(buf),
		 "%s7ff00000-7ff55553 : ramoops:dmesg(0/2)\n"
		 "7ff55554-7ffaaaa7 : ramoops:dmesg(1/2)\n"
		 "7ffaaaa8-7ffffffb : ramoops:dmesg(2/2)\n",
		 ram);
	expect_iomem(buf, PSTORE_CHECK_OK, 0, "ramoops");
	/* Zones over half of it only: the rest is not ramoops'. */
	snprintf(buf, sizeof(buf),
		 "%s7ff00000-7ff3ffff : ramoops:dmesg(0/1)\n"
		 "7ff40000-7ff7ffff : ramoops:dmesg(1/1)\n",
		 ram);
	expect_iomem(buf, PSTORE_CHECK_FAIL, -EBUSY, "only partly reserved");
	/* A device among the zones. */
	snprintf(buf, sizeof(buf),
		 "%s7ff00000-7ff7ffff : ramoops:dmesg(0/0)\n"
		 "7ff80000-7ff80fff : pl061@7ff80000\n"
		 "7ff81000-7fffffff : ramoops:pmsg\n",
		 ram);
	expect_iomem(buf, PSTORE_CHECK_FAIL, -EBUSY, "only partly reserved");
	/* Zones that stick out of the region belong to another one. */
	snprintf(buf, sizeof(buf),
		 "%s7fe80000-7ff7ffff : ramoops:dmesg(0/1)\n"
		 "7ff80000-7fffffff : ramoops:dmesg(1/1)\n",
		 ram);
	expect_iomem(buf, PSTORE_CHECK_FAIL, -EBUSY, "only partly reserved");
	/* Zones over System RAM are not what ramoops requests: the RAM decides. */
	snprintf(buf, sizeof(buf),
		 "40000000-7fffffff : System RAM\n"
		 "  7ff00000-7fffffff : ramoops:dmesg(0/0)\n");
	expect_iomem(buf, PSTORE_CHECK_OK, 0, "reserved");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_strings),
		cmocka_unit_test(test_debian_61),
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_debian_612_efi),
		cmocka_unit_test(test_noconfig_and_broken),
		cmocka_unit_test(test_iomem_ramoops_zones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
