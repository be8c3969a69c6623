/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests of lib/module.c: libkmod against the real module trees of the Debian kernel
 * packages (built at test time by tests/fixtures/make-module-trees.sh into
 * $BUILD/fixtures), built-in detection, /sys/module/ramoops/parameters, the options string.
 * Nothing here inserts a module: every context has a sysroot.
 */
#include <sys/stat.h>

#include "unit.h"

static char *build_dir;

static int setup_trees(void **state)
{
	const char *b = getenv("BUILD");
	char *cmd = NULL;

	(void)state;
	if (b && *b)
		build_dir = strdup(b);
	else if (asprintf(&build_dir, "%s/../../build", FIXTURES) < 0)
		build_dir = NULL;
	if (!build_dir)
		return -1;
	if (asprintf(&cmd, "BUILD='%s' '%s/make-module-trees.sh' >&2", build_dir, FIXTURES) < 0)
		return -1;
	if (system(cmd) != 0) {
		fprintf(stderr, "# tests/fixtures/make-module-trees.sh failed: the module trees "
				"of the Debian kernel packages are needed (apt-get download as root)\n");
		free(cmd);
		return -1; /* every test of the group fails */
	}
	free(cmd);
	return 0;
}

static int teardown_trees(void **state)
{
	(void)state;
	free(build_dir);
	return 0;
}

static struct pstore_ctx *tree_ctx(const char *tree)
{
	struct pstore_ctx *ctx = NULL;
	char *root = NULL;

	assert_true(asprintf(&root, "%s/fixtures/%s", build_dir, tree) > 0);
	assert_int_equal(pstore_new(root, &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);
	free(root);
	return ctx;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && streq(s + a - b, suffix);
}

static void test_debian_61(void **state)
{
	struct pstore_ctx *ctx = tree_ctx("modules-6.1");
	struct pstore_module *m = NULL;

	(void)state;
	assert_int_equal(pstore_module_lookup(ctx, "ramoops", "6.1.0-56-cloud-amd64", &m), 0);
	assert_int_equal(pstore_module_get_kind(m), PSTORE_MODULE_FILE);
	assert_true(ends_with(pstore_module_get_path(m),
			      "/lib/modules/6.1.0-56-cloud-amd64/kernel/fs/pstore/ramoops.ko"));
	/* shared/e2e/README.md: "ramoops.ko: kernel/lib/reed_solomon/reed_solomon.ko" */
	assert_int_equal(pstore_module_dep_count(m), 1);
	assert_string_equal(pstore_module_get_dep(m, 0), "reed_solomon");
	assert_null(pstore_module_get_dep(m, 1));
	assert_false(pstore_module_is_loaded(m));
	assert_null(pstore_module_get_problem(m));
	assert_string_equal(pstore_module_get_release(m), "6.1.0-56-cloud-amd64");
	/* Inserting into a sysroot is refused before libkmod is asked. */
	assert_int_equal(pstore_module_insert(ctx, m, "mem_size=0x100000"), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "sysroot"));
	assert_null(strstr(pstore_errmsg(ctx), "--")); /* the library names no CLI flag */
	pstore_module_free(m);
	m = NULL;
	/* A module that is not there at all. */
	assert_int_equal(pstore_module_lookup(ctx, "no_such_module", "6.1.0-56-cloud-amd64", &m),
			 0);
	assert_int_equal(pstore_module_get_kind(m), PSTORE_MODULE_MISSING);
	assert_non_null(pstore_module_get_problem(m));
	pstore_module_free(m);
	pstore_unref(ctx);
}

static void test_debian_612_xz(void **state)
{
	struct pstore_ctx *ctx = tree_ctx("modules-6.12");
	struct pstore_module *m = NULL;

	(void)state;
	/* The release from the only directory in /lib/modules (no osrelease here). */
	assert_int_equal(pstore_module_lookup(ctx, "ramoops", NULL, &m), 0);
	assert_string_equal(pstore_module_get_release(m), "6.12.117+deb12-cloud-amd64");
	assert_int_equal(pstore_module_get_kind(m), PSTORE_MODULE_FILE);
	assert_true(ends_with(pstore_module_get_path(m), "/kernel/fs/pstore/ramoops.ko.xz"));
	assert_int_equal(pstore_module_dep_count(m), 1);
	assert_string_equal(pstore_module_get_dep(m, 0), "reed_solomon");
	pstore_module_free(m);
	pstore_unref(ctx);
}

static void test_builtin(void **state)
{
	struct pstore_ctx *ctx = tree_ctx("modules-builtin");
	struct pstore_module *m = NULL;

	(void)state;
	assert_int_equal(pstore_module_lookup(ctx, "ramoops", "6.1.0-builtin", &m), 0);
	assert_int_equal(pstore_module_get_kind(m), PSTORE_MODULE_BUILTIN);
	assert_null(pstore_module_get_path(m));
	assert_int_equal(pstore_module_insert(ctx, m, ""), -EINVAL); /* sysroot first */
	pstore_module_free(m);
	pstore_unref(ctx);

	/* The minimal kernel has no /lib/modules at all: /sys/module/ramoops without
	 * initstate says built in. */
	ctx = unit_ctx("check-minimal");
	assert_int_equal(pstore_module_lookup(ctx, "ramoops", NULL, &m), 0);
	assert_int_equal(pstore_module_get_kind(m), PSTORE_MODULE_BUILTIN);
	assert_true(pstore_module_is_loaded(m));
	pstore_module_free(m);
	pstore_unref(ctx);
}

static void test_missing(void **state)
{
	char dir[] = "/tmp/pstore-module.XXXXXX";
	struct pstore_ctx *ctx;
	struct pstore_module *m = NULL;
	char *p = NULL;

	(void)state;
	ctx = unit_ctx("check-noconfig");
	assert_int_equal(pstore_module_lookup(ctx, "ramoops", NULL, &m), 0);
	assert_int_equal(pstore_module_get_kind(m), PSTORE_MODULE_MISSING);
	assert_non_null(strstr(pstore_module_get_problem(m), "no such directory"));
	assert_false(pstore_module_is_loaded(m));
	pstore_module_free(m);
	m = NULL;
	assert_int_equal(pstore_module_lookup(ctx, "ramoops", "a/b", &m), -EINVAL);
	assert_int_equal(pstore_module_lookup(ctx, "", "x", &m), -EINVAL);
	pstore_unref(ctx);

	/* A module directory without modules.dep (a .deb unpacked, no depmod). */
	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&p, "%s/lib/modules/6.1-nodep", dir) > 0);
	{
		char *cmd = NULL;

		assert_true(asprintf(&cmd, "mkdir -p '%s'", p) > 0);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	assert_int_equal(pstore_new(dir, &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);
	assert_int_equal(pstore_module_lookup(ctx, "ramoops", "6.1-nodep", &m), 0);
	assert_int_equal(pstore_module_get_kind(m), PSTORE_MODULE_MISSING);
	assert_non_null(strstr(pstore_module_get_problem(m), "run depmod"));
	assert_int_equal(pstore_module_insert(ctx, m, ""), -EINVAL);
	pstore_module_free(m);
	pstore_unref(ctx);
	rmdir(p);
	free(p);
	{
		char *cmd = NULL;

		assert_true(asprintf(&cmd, "rm -rf '%s'", dir) > 0);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
}

static void test_kind_strings(void **state)
{
	(void)state;
	assert_string_equal(pstore_module_kind_to_string(PSTORE_MODULE_BUILTIN), "built-in");
	assert_string_equal(pstore_module_kind_to_string(PSTORE_MODULE_FILE), "module");
	assert_string_equal(pstore_module_kind_to_string(PSTORE_MODULE_MISSING), "missing");
	assert_null(pstore_module_kind_to_string((enum pstore_module_kind)7));
	assert_int_equal(pstore_module_kind_from_string("built-in"), PSTORE_MODULE_BUILTIN);
	assert_int_equal(pstore_module_kind_from_string("nope"), -EINVAL);
	assert_int_equal(pstore_module_kind_from_string(NULL), -EINVAL);
}

/* Values captured in a real guest (records-minimal-ecc16, decimal in sysfs). */
static void test_params(void **state)
{
	struct pstore_ramoops_params p = PSTORE_STRUCT_INIT(struct pstore_ramoops_params);
	struct pstore_ctx *ctx = unit_ctx("check-minimal");

	(void)state;
	assert_int_equal(pstore_ramoops_params_read(ctx, &p), 0);
	assert_true(p.mem_address == 0x10000000);
	assert_true(p.mem_size == 0x100000);
	assert_true(p.record_size == 0x4000);
	assert_true(p.console_size == 0x4000);
	assert_true(p.pmsg_size == 0x4000);
	assert_true(p.ftrace_size == 0);
	assert_true(p.ecc == 1);
	assert_true(p.max_reason == 2);
	assert_true(p.dump_oops == -1);
	assert_int_equal(p.have & PSTORE_RAMOOPS_HAVE_MEM_SIZE, PSTORE_RAMOOPS_HAVE_MEM_SIZE);
	pstore_unref(ctx);

	ctx = unit_ctx("check-noconfig");
	assert_int_equal(pstore_ramoops_params_read(ctx, &p), -ENOENT);
	pstore_unref(ctx);
}

static void test_params_bad(void **state)
{
	char dir[] = "/tmp/pstore-params.XXXXXX";
	char *cmd = NULL;
	struct pstore_ramoops_params p = PSTORE_STRUCT_INIT(struct pstore_ramoops_params);
	struct pstore_ctx *ctx;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&cmd,
			     "mkdir -p '%s/sys/module/ramoops/parameters' && "
			     "echo 0x10 > '%s/sys/module/ramoops/parameters/mem_size'",
			     dir, dir) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_int_equal(pstore_new(dir, &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);
	assert_int_equal(pstore_ramoops_params_read(ctx, &p), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "parameters/mem_size"));
	pstore_unref(ctx);
	assert_true(asprintf(&cmd, "rm -rf '%s'", dir) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* The module's parameter names (fs/pstore/ram.c module_param*), in hex as kstrtoul reads. */
static void test_options(void **state)
{
	struct pstore_layout_params p;
	char *s = NULL;

	(void)state;
	pstore_layout_params_init(&p);
	p.mem_address = 0x10000000;
	p.mem_size = 0x100000;
	p.record_size = 0x4000;
	p.console_size = 0;
	p.pmsg_size = 0;
	p.ftrace_size = 0;
	p.ecc_size = 0;
	p.max_reason = -1;
	p.mem_type = -1;
	assert_int_equal(pstore_ramoops_options(&p, NULL, &s), 0);
	assert_string_equal(s, "mem_address=0x10000000 mem_size=0x100000 record_size=0x4000 "
			       "console_size=0 pmsg_size=0 ftrace_size=0 ecc=0");
	free(s);
	p.console_size = 0x8000;
	p.ecc_size = 16;
	p.max_reason = 4;
	p.mem_type = 1;
	assert_int_equal(pstore_ramoops_options(&p, "ramoops.", &s), 0);
	assert_string_equal(s, "ramoops.mem_address=0x10000000 ramoops.mem_size=0x100000 "
			       "ramoops.record_size=0x4000 ramoops.console_size=0x8000 "
			       "ramoops.pmsg_size=0 ramoops.ftrace_size=0 ramoops.ecc=16 "
			       "ramoops.max_reason=4 ramoops.mem_type=1");
	free(s);
	assert_int_equal(pstore_ramoops_options(NULL, NULL, &s), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian_61),
		cmocka_unit_test(test_debian_612_xz),
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_kind_strings),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_params_bad),
		cmocka_unit_test(test_options),
	};

	return cmocka_run_group_tests(tests, setup_trees, teardown_trees);
}
