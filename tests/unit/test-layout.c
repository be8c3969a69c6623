/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests of lib/layout.c. The expected figures come from the kernel's rules
 * (fs/pstore/ram.c, ram_core.c) worked by hand and from what real kernels did under QEMU
 * (../shared/e2e/README.md): they are not produced by the code under test.
 */
#include "unit.h"

#define K 1024ull
#define M (1024ull * 1024)

static struct pstore_layout_params params(uint64_t addr, uint64_t size, uint64_t rec,
					  uint64_t con, uint64_t pmsg, uint64_t ftr, uint32_t ecc)
{
	struct pstore_layout_params p;

	pstore_layout_params_init(&p);
	p.mem_address = addr;
	p.mem_size = size;
	p.record_size = rec;
	p.console_size = con;
	p.pmsg_size = pmsg;
	p.ftrace_size = ftr;
	p.ecc_size = ecc;
	return p;
}

static bool has_warning(const struct pstore_layout *l, const char *needle)
{
	for (size_t i = 0; i < pstore_layout_warning_count(l); i++)
		if (strstr(pstore_layout_get_warning(l, i), needle))
			return true;
	return false;
}

static void test_defaults(void **state)
{
	struct pstore_layout_params p;

	(void)state;
	pstore_layout_params_init(&p);
	assert_true(p.record_size == 64 * K && p.console_size == 64 * K && p.pmsg_size == 64 * K);
	assert_true(p.ftrace_size == 0 && p.ecc_size == 0 && p.flags == 0);
	assert_int_equal(p.max_reason, -1);
	assert_int_equal(p.mem_type, -1);
	assert_string_equal(pstore_zone_type_to_string(PSTORE_ZONE_PMSG), "pmsg");
	assert_int_equal(pstore_zone_type_from_string("ftrace"), PSTORE_ZONE_FTRACE);
	assert_int_equal(pstore_zone_type_from_string("oops"), -EINVAL);
}

/* The size members (the header's ABI rules): the caller's is checked, the library's set. */
static void test_struct_size(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_layout_params p, zero = { 0 };
	struct pstore_layout *l = NULL;
	char *s = NULL;

	(void)state;
	assert_int_equal(pstore_layout_params_init(&p), 0);
	assert_int_equal(p.struct_size, sizeof(p));
	assert_int_equal(pstore_layout_params_init_sz(&p, sizeof(p) - 1), -EINVAL);
	assert_int_equal(pstore_layout_compute(ctx, &zero, &l), -EINVAL);
	assert_int_equal(pstore_layout_params_fit(&zero), -EINVAL);
	assert_int_equal(pstore_ramoops_options(&zero, NULL, &s), -EINVAL);
	assert_null(s);
	p.mem_address = 0x10000000;
	p.mem_size = 1 << 20;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	assert_int_equal(pstore_layout_get_params(l)->struct_size, sizeof(p));
	assert_int_equal(pstore_layout_get_zone(l, 0)->struct_size, sizeof(struct pstore_zone));
	pstore_layout_free(l);
	pstore_unref(ctx);
}

/* The e2e boot: 1 MiB at 0x10000000, 16K record/console/pmsg, ftrace 0 (README facts). */
/* Sizes nobody chose shrink to fit a small region; chosen ones do not. */
static void test_fit_small_region(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_layout_params p;
	struct pstore_layout *l = NULL;

	(void)state;
	pstore_layout_params_init(&p);
	p.mem_address = 0x10000000;
	p.mem_size = 64 << 10;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	/* a quarter of 64K each: 64K - 16K - 16K leaves two 16K dmesg zones */
	assert_true(pstore_layout_get_params(l)->record_size == 16 << 10);
	assert_true(pstore_layout_get_params(l)->console_size == 16 << 10);
	assert_true(pstore_layout_get_params(l)->pmsg_size == 16 << 10);
	assert_int_equal(pstore_layout_dump_records(l), 2);
	pstore_layout_free(l);

	/* 1 MiB keeps the 64K defaults */
	p.mem_size = 1 << 20;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	assert_true(pstore_layout_get_params(l)->record_size == 64 << 10);
	pstore_layout_free(l);

	/* never below 4K: 12K has one 4K dmesg zone */
	p.mem_size = 12 << 10;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	assert_true(pstore_layout_get_params(l)->record_size == 4096);
	assert_int_equal(pstore_layout_dump_records(l), 1);
	pstore_layout_free(l);

	/* the sizes the caller chose come off first: 128K with a 64K ftrace leaves 64K,
	 * a quarter of which is 16K: two 16K dmesg zones, console and pmsg 16K */
	p.mem_size = 128 << 10;
	p.ftrace_size = 64 << 10;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	assert_true(pstore_layout_get_params(l)->record_size == 16 << 10);
	assert_true(pstore_layout_get_params(l)->console_size == 16 << 10);
	assert_true(pstore_layout_get_params(l)->pmsg_size == 16 << 10);
	assert_int_equal(pstore_layout_dump_records(l), 2);
	pstore_layout_free(l);
	/* ... and so does a console size the caller chose */
	p.ftrace_size = 0;
	p.console_size = 64 << 10;
	p.defaults &= ~PSTORE_LAYOUT_DEFAULT_CONSOLE;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	assert_true(pstore_layout_get_params(l)->record_size == 16 << 10);
	assert_true(pstore_layout_get_params(l)->console_size == 64 << 10);
	/* 128K - 64K console - 16K pmsg = 48K: three 16K dmesg zones */
	assert_int_equal(pstore_layout_dump_records(l), 3);
	pstore_layout_free(l);
	p.defaults |= PSTORE_LAYOUT_DEFAULT_CONSOLE;

	/* a size the caller chose is the kernel's problem, as before */
	p.mem_size = 64 << 10;
	p.record_size = 64 << 10;
	p.defaults &= ~PSTORE_LAYOUT_DEFAULT_RECORD;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "record count == 0"));
	pstore_unref(ctx);
}

/* Values a kernel runs with (module parameters, a DT node) are never "fitted". */
static void test_live_values_not_fitted(void **state)
{
	struct pstore_ramoops_params mp = {
		.struct_size = sizeof(mp),
		.mem_address = 0x10000000, .mem_size = 128 << 10, .record_size = 64 << 10,
		.console_size = 64 << 10, .pmsg_size = 0, .ftrace_size = 0, .ecc = 1,
		.max_reason = 2, .mem_type = 0,
	};
	struct pstore_layout_params p;
	struct pstore_dt_node *n = NULL;

	(void)state;
	pstore_layout_params_init(&p);
	pstore_ramoops_params_to_layout(&mp, &p);
	pstore_layout_params_fit(&p);
	assert_true(p.record_size == 64 << 10 && p.console_size == 64 << 10);
	assert_int_equal(p.ecc_size, 16); /* ecc=1 means 16, as the module reads it */
	assert_int_equal(p.max_reason, 2);

	assert_int_equal(pstore_dt_node_new(&n), 0);
	pstore_dt_node_set_reg(n, 0x10000000, 128 << 10);
	assert_int_equal(pstore_dt_node_set_prop(n, PSTORE_DT_RECORD_SIZE, 64 << 10), 0);
	pstore_dt_node_to_layout(n, &p);
	pstore_dt_node_free(n);
	pstore_layout_params_fit(&p);
	assert_true(p.record_size == 64 << 10);
	assert_true(p.console_size == 0 && p.pmsg_size == 0); /* DT defaults are 0 */
}

static void test_e2e_16k(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_layout_params p = params(0x10000000, M, 16 * K, 16 * K, 16 * K, 0, 0);
	struct pstore_layout *l = NULL;
	const struct pstore_zone *z;

	(void)state;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	assert_int_equal(pstore_layout_dump_records(l), 62);
	assert_int_equal(pstore_layout_zone_count(l), 64);
	for (unsigned i = 0; i < 62; i++) {
		z = pstore_layout_get_zone(l, i);
		assert_int_equal(z->type, PSTORE_ZONE_DMESG);
		assert_int_equal(z->index, i);
		assert_true(z->start == 0x10000000 + i * 0x4000ull);
		assert_true(z->size == 0x4000);
		assert_true(z->usable == 0x4000 - 12);
	}
	assert_true(pstore_layout_get_zone(l, 61)->start == 0x100f4000);
	z = pstore_layout_get_zone(l, 62);
	assert_int_equal(z->type, PSTORE_ZONE_CONSOLE);
	assert_true(z->start == 0x100f8000);
	z = pstore_layout_get_zone(l, 63);
	assert_int_equal(z->type, PSTORE_ZONE_PMSG);
	assert_true(z->start == 0x100fc000);
	assert_int_equal(pstore_layout_warning_count(l), 0);
	assert_null(pstore_layout_get_zone(l, 64));
	pstore_layout_free(l);
	pstore_unref(ctx);
}

/* ECC 16 on a 16 KiB zone: 114 blocks, 1840 parity bytes, 14532 data bytes (README). */
static void test_ecc16(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_layout_params p = params(0x60000000, M, 16 * K, 16 * K, 16 * K, 0, 16);
	struct pstore_layout *l = NULL;

	(void)state;
	assert_true(pstore_ecc_usable(16 * K, 16) == 14532);
	assert_true(pstore_ecc_usable(16 * K, 0) == 16372);
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	for (size_t i = 0; i < pstore_layout_zone_count(l); i++)
		assert_true(pstore_layout_get_zone(l, i)->usable == 14532);
	pstore_layout_free(l);
	/*
	 * 64K zone, ecc 16: buffer 65524; blocks = ceil((65524-16)/144) = 455;
	 * parity (455+1)*16 = 7296; data 58228.
	 */
	assert_true(pstore_ecc_usable(64 * K, 16) == 58228);
	pstore_unref(ctx);
}

/*
 * The ramoops guide's layout: 1 MiB, record 64K, console 64K, pmsg 4K. dump_mem =
 * 0x100000 - 0x11000 = 978944; 978944 / 65536 = 14 zones of 978944 / 14 = 69924 bytes
 * (even already); console at 14 * 69924 = 978936 = 0xeeff8, pmsg at 0xfeff8.
 */
static void test_guide(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_layout_params p = params(0x94400000, M, 64 * K, 64 * K, 4 * K, 0, 0);
	struct pstore_layout *l = NULL;
	const struct pstore_zone *z;

	(void)state;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	assert_int_equal(pstore_layout_dump_records(l), 14);
	z = pstore_layout_get_zone(l, 13);
	assert_true(z->size == 69924 && z->start == 0x94400000 + 13 * 69924ull);
	z = pstore_layout_get_zone(l, 14);
	assert_int_equal(z->type, PSTORE_ZONE_CONSOLE);
	assert_true(z->start == 0x94400000 + 0xeeff8ull && z->size == 64 * K);
	z = pstore_layout_get_zone(l, 15);
	assert_int_equal(z->type, PSTORE_ZONE_PMSG);
	assert_true(z->start == 0x94400000 + 0xfeff8ull && z->size == 4 * K);
	/* 8 bytes left over: too few to warn about */
	assert_false(has_warning(l, "not used"));
	pstore_layout_free(l);
	pstore_unref(ctx);
}

/* Odd zone split: ALIGN_DOWN(zone, 2). 1 MiB, record 0x8000... with 3 zones of ftrace. */
static void test_rounding(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_layout_params p = params(0, M, 0x5000, 0x4000, 0x6000, 0, 0);
	struct pstore_layout *l = NULL;

	(void)state;
	/* 0x5000 -> 0x4000 and 0x6000 -> 0x4000, each with a warning */
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	assert_true(pstore_layout_get_params(l)->record_size == 0x4000);
	assert_true(pstore_layout_get_params(l)->pmsg_size == 0x4000);
	assert_true(has_warning(l, "record_size 0x5000 is not a power of two"));
	assert_true(has_warning(l, "pmsg_size 0x6000"));
	assert_int_equal(pstore_layout_dump_records(l), 62);
	pstore_layout_free(l);

	/* per-CPU ftrace: 16K over 3 CPUs = 5461 -> even 5460 each */
	p = params(0, M, 64 * K, 0, 0, 16 * K, 0);
	p.flags = PSTORE_RAMOOPS_FLAG_FTRACE_PER_CPU;
	p.ftrace_cpus = 3;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	/* dump_mem = 1M - 16K = 1032192; 15 zones of 68812 (1032192/15 = 68812.8) */
	assert_int_equal(pstore_layout_dump_records(l), 15);
	assert_true(pstore_layout_get_zone(l, 0)->size == 68812);
	assert_int_equal(pstore_layout_zone_count(l), 18);
	for (size_t i = 15; i < 18; i++) {
		const struct pstore_zone *z = pstore_layout_get_zone(l, i);

		assert_int_equal(z->type, PSTORE_ZONE_FTRACE);
		assert_int_equal(z->index, i - 15);
		assert_true(z->size == 5460);
		assert_true(z->start == 15 * 68812ull + (i - 15) * 5460);
	}
	pstore_layout_free(l);
	pstore_unref(ctx);
}

/* 6.1 places ftrace before pmsg; 6.2+ pmsg before ftrace. */
static void test_order(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_layout_params p = params(0, M, 16 * K, 16 * K, 16 * K, 16 * K, 0);
	struct pstore_layout *l = NULL;
	size_t n;

	(void)state;
	assert_int_equal(pstore_layout_compute_for(ctx, &p, PSTORE_KERNEL_VERSION(6, 1, 0), &l),
			 0);
	n = pstore_layout_zone_count(l);
	/* 1M - 48K = 0xf4000 / 16K = 61 dmesg zones, then console, ftrace, pmsg */
	assert_int_equal(pstore_layout_dump_records(l), 61);
	assert_int_equal(pstore_layout_get_zone(l, n - 3)->type, PSTORE_ZONE_CONSOLE);
	assert_int_equal(pstore_layout_get_zone(l, n - 2)->type, PSTORE_ZONE_FTRACE);
	assert_true(pstore_layout_get_zone(l, n - 2)->start == 0xf8000);
	assert_int_equal(pstore_layout_get_zone(l, n - 1)->type, PSTORE_ZONE_PMSG);
	assert_true(pstore_layout_get_zone(l, n - 1)->start == 0xfc000);
	pstore_layout_free(l);

	assert_int_equal(pstore_layout_compute_for(ctx, &p, PSTORE_KERNEL_VERSION(6, 12, 0), &l),
			 0);
	assert_int_equal(pstore_layout_get_zone(l, n - 2)->type, PSTORE_ZONE_PMSG);
	assert_int_equal(pstore_layout_get_zone(l, n - 1)->type, PSTORE_ZONE_FTRACE);
	pstore_layout_free(l);

	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	assert_true(has_warning(l, "before 6.2"));
	pstore_layout_free(l);
	pstore_unref(ctx);
}

static void test_errors(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_layout_params p;
	struct pstore_layout *l = NULL;

	(void)state;
	/* nothing to store */
	p = params(0, M, 0, 0, 0, 0, 0);
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "must be non-zero"));
	p = params(0, 0, 4 * K, 0, 0, 0, 0);
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), -EINVAL);

	/* record larger than what is left for dmesg: "dmesg record count == 0" */
	p = params(0, M, M, 64 * K, 0, 0, 0);
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "dmesg record count == 0"));

	/* console + pmsg bigger than the region */
	p = params(0, M, 0, M, M, 0, 0);
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), -ENOSPC);
	assert_non_null(strstr(pstore_errmsg(ctx), "no room"));

	/*
	 * ECC the kernel rejects: 512-byte zones, ecc 255: buffer 500; blocks =
	 * ceil(245 / 383) = 1; parity (1+1)*255 = 510 >= 500 -> "invalid ecc_size".
	 */
	p = params(0, 64 * K, 512, 0, 0, 0, 255);
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "invalid ecc_size 255"));
	assert_non_null(strstr(pstore_errmsg(ctx), "ramoops:dmesg(0/127)"));
	/* ecc 200 on the same zones is accepted: blocks ceil(300/328) = 1, parity 400 */
	p.ecc_size = 200;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	assert_true(pstore_layout_get_zone(l, 0)->usable == 100);
	pstore_layout_free(l);
	/* more than 255 parity bytes: init_rs fails */
	p.ecc_size = 256;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "init_rs"));

	/* a zone smaller than its header: ftrace 16 bytes over 4 CPUs = 4-byte zones */
	p = params(0, M, 64 * K, 0, 0, 16, 0);
	p.flags = PSTORE_RAMOOPS_FLAG_FTRACE_PER_CPU;
	p.ftrace_cpus = 4;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), -EINVAL);

	/* mem_type */
	p = params(0, M, 64 * K, 0, 0, 0, 0);
	p.mem_type = 3;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "invalid mem_type=3"));
	p.mem_type = 2;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	pstore_layout_free(l);
	pstore_unref(ctx);
}

static void test_warnings(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_layout_params p;
	struct pstore_layout *l = NULL;

	(void)state;
	/* no dmesg zones at all */
	p = params(0, M, 0, 64 * K, 64 * K, 0, 0);
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	assert_int_equal(pstore_layout_dump_records(l), 0);
	assert_true(has_warning(l, "no dmesg zones"));
	assert_true(has_warning(l, "not used"));
	pstore_layout_free(l);

	/* record_size set, but the other zones take the whole region: dump_mem_sz is 0 and
	 * ramoops_init_przs() returns 0 with no zone, so the kernel keeps no dmesg */
	p = params(0, 256 * K, 64 * K, 64 * K, 64 * K, 128 * K, 0);
	p.defaults = 0;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	assert_int_equal(pstore_layout_dump_records(l), 0);
	assert_true(has_warning(l, "no room for dmesg zones"));
	pstore_layout_free(l);
	/* one byte short of a record is an error of the kernel's ("record count == 0") */
	p = params(0, 256 * K - 4096, 64 * K, 64 * K, 64 * K, 64 * K, 0);
	p.defaults = 0;
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "record count == 0"));

	/* a region that is not page aligned */
	p = params(0x10000800, M, 64 * K, 0, 0, 0, 0);
	assert_int_equal(pstore_layout_compute(ctx, &p, &l), 0);
	assert_true(has_warning(l, "page aligned"));
	pstore_layout_free(l);
	pstore_unref(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults), cmocka_unit_test(test_struct_size),
		cmocka_unit_test(test_e2e_16k),
		cmocka_unit_test(test_fit_small_region),
		cmocka_unit_test(test_live_values_not_fitted),
		cmocka_unit_test(test_ecc16),    cmocka_unit_test(test_guide),
		cmocka_unit_test(test_rounding), cmocka_unit_test(test_order),
		cmocka_unit_test(test_errors),   cmocka_unit_test(test_warnings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
