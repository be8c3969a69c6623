/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit tests of lib/iomem.c: the /proc/iomem parser. */
#include "unit.h"

static int parse(struct pstore_ctx *ctx, const char *text, struct pstore_iomem **io)
{
	return pstore_iomem_parse(ctx, text, strlen(text), "test", io);
}

static void test_basic(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_iomem *io = NULL;
	const struct pstore_iomem_entry *e;

	(void)state;
	assert_int_equal(parse(ctx,
			       "00000000-00000fff : Reserved\n"
			       "00100000-3fffffff : System RAM\n"
			       "  01000000-01ffffff : Kernel code\n"
			       "  0a000000-0a0fffff : PCI Bus 0000:00 (root: 1)\n"
			       "880000000-8bfffffff : System RAM\n",
			       &io),
			 0);
	assert_int_equal(pstore_iomem_count(io), 5);
	e = pstore_iomem_get(io, 1);
	assert_true(e->start == 0x100000 && e->end == 0x3fffffff);
	assert_string_equal(e->name, "System RAM");
	assert_int_equal(e->depth, 0);
	assert_int_equal(e->line, 2);
	e = pstore_iomem_get(io, 3);
	assert_string_equal(e->name, "PCI Bus 0000:00 (root: 1)");
	assert_int_equal(e->depth, 1);
	assert_int_equal(pstore_iomem_parent(io, 3), 1);
	assert_int_equal(pstore_iomem_parent(io, 1), -1);
	e = pstore_iomem_get(io, 4);
	assert_true(e->start == 0x880000000ull && e->end == 0x8bfffffffull);
	assert_null(pstore_iomem_get(io, 5));
	pstore_iomem_free(io);
	pstore_unref(ctx);
}

static void test_deep_nesting(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_iomem *io = NULL;
	char buf[8192];
	size_t len = 0;

	(void)state;
	/* 40 levels, then back to level 1 and to the top */
	for (int d = 0; d < 40; d++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%*s%08x-%08x : level %d\n",
					2 * d, "", 0x1000 * d, 0xffffff, d);
	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "  00100000-001fffff : back\n");
	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "10000000-1fffffff : top\n");
	assert_int_equal(pstore_iomem_parse(ctx, buf, len, "t", &io), 0);
	assert_int_equal(pstore_iomem_count(io), 42);
	assert_int_equal(pstore_iomem_get(io, 39)->depth, 39);
	assert_int_equal(pstore_iomem_parent(io, 39), 38);
	assert_int_equal(pstore_iomem_get(io, 40)->depth, 1);
	assert_int_equal(pstore_iomem_parent(io, 40), 0);
	assert_int_equal(pstore_iomem_get(io, 41)->depth, 0);
	pstore_iomem_free(io);
	pstore_unref(ctx);
}

static void test_widths(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_iomem *io = NULL;

	(void)state;
	/* 16-digit, short and mixed-case hex; CRLF line ends; no trailing newline */
	assert_int_equal(parse(ctx,
			       "0000008000000000-00000080FFFFFFFF : System RAM\r\n"
			       "0-fff : tiny\n"
			       "ffffffffffff0000-ffffffffffffffff : top of the space",
			       &io),
			 0);
	assert_true(pstore_iomem_get(io, 0)->end == 0x80ffffffffull);
	assert_string_equal(pstore_iomem_get(io, 0)->name, "System RAM");
	assert_true(pstore_iomem_get(io, 1)->end == 0xfff);
	assert_true(pstore_iomem_get(io, 2)->end == UINT64_MAX);
	assert_string_equal(pstore_iomem_get(io, 2)->name, "top of the space");
	pstore_iomem_free(io);
	pstore_unref(ctx);
}

static void test_malformed(void **state)
{
	static const struct {
		const char *text;
		const char *msg;
	} bad[] = {
		{ "00000000-00000fff : a\nzzz\n", "test: line 2: " },
		{ "00000000-00000fff : a\n\n00001000 : b\n", "test: line 3: " },
		{ "00000000-00000fff a\n", "test: line 1: " },
		{ "00001000-00000fff : backwards\n", "test: line 1: " },
		{ "00000000-00000fff : a\n\t00000000-00000fff : tab\n", "test: line 2: " },
		{ "00000000-10000000000000000 : too wide\n", "test: line 1: " },
		{ "00000000-00000fff : a\n0000-\n", "test: line 2: " },
	};
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_iomem *io = NULL;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int r = parse(ctx, bad[i].text, &io);

		assert_true(r == -EINVAL || r == -ERANGE);
		assert_null(io);
		assert_non_null(strstr(pstore_errmsg(ctx), bad[i].msg));
	}
	/* a NUL byte inside a line */
	assert_int_equal(pstore_iomem_parse(ctx, "0-f : a\n0-f\0: b\n", 16, "test", &io),
			 -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "line 2"));
	assert_int_equal(parse(ctx, "", &io), -ENODATA);
	assert_int_equal(parse(ctx, "\n\n", &io), -ENODATA);
	pstore_unref(ctx);
}

static void test_hidden(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_iomem *io = NULL;

	(void)state;
	assert_int_equal(parse(ctx,
			       "00000000-00000000 : Reserved\n"
			       "00000000-00000000 : System RAM\n"
			       "  00000000-00000000 : Kernel code\n",
			       &io),
			 -EPERM);
	assert_non_null(strstr(pstore_errmsg(ctx), "run as root"));
	pstore_unref(ctx);
}

static void test_read_sysroot(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_iomem *io = NULL;
	char *path = NULL;

	(void)state;
	assert_true(asprintf(&path, "%s/iomem/imx8qm-mek.txt", FIXTURES) > 0);
	assert_int_equal(pstore_iomem_read(ctx, path, &io), 0);
	assert_true(pstore_iomem_count(io) > 20);
	assert_string_equal(pstore_iomem_get_origin(io), path);
	pstore_iomem_free(io);
	assert_true(pstore_iomem_read(ctx, "/nonexistent/iomem", &io) == -ENOENT);
	assert_non_null(strstr(pstore_errmsg(ctx), "/nonexistent/iomem"));
	free(path);
	pstore_unref(ctx);
}

/*
 * pstore_check_region(): the classification of a region in /proc/iomem, the memory map's
 * rule asked the other way round (held by a reserving entry = reserved).
 */
static void test_check_region(void **state)
{
	struct pstore_ctx *ctx = unit_ctx("iomem/sysroot");

	(void)state;
	/* inside "Reserved" 1ffe0000-1fffffff */
	assert_int_equal(pstore_check_region(ctx, 0x1fff0000, 0x10000), 0);
	/* free System RAM: the kernel reuses it */
	assert_int_equal(pstore_check_region(ctx, 0x10000000, 0x100000), -EBUSY);
	assert_non_null(strstr(pstore_errmsg(ctx), "not reserved, the kernel uses this RAM"));
	assert_non_null(strstr(pstore_errmsg(ctx), "100000-1ffdffff : System RAM"));
	/* half System RAM, half Reserved: the RAM decides */
	assert_int_equal(pstore_check_region(ctx, 0x1ffd0000, 0x20000), -EBUSY);
	assert_non_null(strstr(pstore_errmsg(ctx), "System RAM"));
	/* only partly inside a reservation, no RAM: only partly reserved */
	assert_int_equal(pstore_check_region(ctx, 0xffff0000, 0x20000), -EBUSY);
	assert_non_null(strstr(pstore_errmsg(ctx), "only partly reserved"));
	/* no entry at all */
	assert_int_equal(pstore_check_region(ctx, 0x200000000ull, 0x100000), -ENXIO);
	assert_int_equal(pstore_check_region(ctx, 0x1000, 0), -EINVAL);
	pstore_unref(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),      cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_widths),     cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_hidden),     cmocka_unit_test(test_read_sysroot),
		cmocka_unit_test(test_check_region),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
