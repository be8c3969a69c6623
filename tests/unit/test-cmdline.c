/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests of lib/cmdline.c: the kernel command line read as the kernel reads it. The
 * expectations come from the kernel's rules (parameqn(), memparse(), kstrtoull() and x86's
 * parse_memmap_one()), not from the code.
 */
#include <sys/stat.h>

#include "unit.h"
#include "cmdline.h"

static void expect_get(const char *cmdline, const char *key, const char *want)
{
	char *v = cmdline_get(cmdline, key);

	if (!want) {
		if (v)
			fail_msg("%s in '%s': '%s', expected none", key, cmdline, v);
		return;
	}
	if (!v)
		fail_msg("%s in '%s': none, expected '%s'", key, cmdline, want);
	assert_string_equal(v, want);
	free(v);
}

static void test_get(void **state)
{
	(void)state;
	expect_get("quiet ramoops.mem_size=0x100000 ro", "ramoops.mem_size", "0x100000");
	/* The last word wins, as a later parameter overrides an earlier one. */
	expect_get("a=1 a=2\n", "a", "2");
	/* '-' and '_' are the same in parameter names. */
	expect_get("ramoops.mem-address=0x10000000", "ramoops.mem_address", "0x10000000");
	expect_get("ramoops.mem_address=0x10000000", "ramoops.mem-address", "0x10000000");
	/* A bare word is an empty value; a longer name or a value is not the key. */
	expect_get("ro crash_kexec_post_notifiers", "crash_kexec_post_notifiers", "");
	expect_get("ramoops.mem_size_x=1", "ramoops.mem_size", NULL);
	expect_get("foo=ramoops.mem_size=1", "ramoops.mem_size", NULL);
	expect_get("", "a", NULL);
	/* Quotes keep blanks inside one word. */
	expect_get("dyndbg=\"file a.c +p\" b=1", "dyndbg", "\"file a.c +p\"");
	expect_get("dyndbg=\"file a.c +p\" b=1", "b", "1");
}

static void test_memparse(void **state)
{
	uint64_t v = 0;
	const char *s;

	(void)state;
	s = "1M$0x1000";
	assert_ptr_equal(memparse(s, &v), s + 2);
	assert_true(v == UINT64_C(1) << 20);
	s = "0x10K";
	assert_ptr_equal(memparse(s, &v), s + 5);
	assert_true(v == 16 << 10);
	assert_non_null(memparse("2g", &v));
	assert_true(v == UINT64_C(2) << 30);
	assert_non_null(memparse("1E", &v));
	assert_true(v == UINT64_C(1) << 60);
	/* octal, as simple_strtoull() with base 0 */
	assert_non_null(memparse("010", &v));
	assert_true(v == 8);
	/* no blank and no sign before the digits, and a number is needed */
	assert_null(memparse(" 1M", &v));
	assert_null(memparse("-1M", &v));
	assert_null(memparse("+1M", &v));
	assert_null(memparse("M", &v));
	assert_null(memparse("", &v));
	/* an unknown suffix is left for the caller */
	s = "4096@";
	assert_ptr_equal(memparse(s, &v), s + 4);
	assert_true(v == 4096);
}

static void test_kstrtou64(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_true(kstrtou64("0x10000000", &v));
	assert_true(v == 0x10000000);
	assert_true(kstrtou64("4096\n", &v));
	assert_true(v == 4096);
	assert_true(kstrtou64("+7", &v));
	assert_true(v == 7);
	/* a module parameter takes no K/M/G suffix: "ramoops.mem_size=1M" is refused */
	assert_false(kstrtou64("1M", &v));
	assert_false(kstrtou64("4096\n\n", &v));
	assert_false(kstrtou64("-1", &v));
	assert_false(kstrtou64("", &v));
	assert_false(kstrtou64(" 1", &v));
	assert_false(kstrtou64("99999999999999999999", &v)); /* out of range */
}

static void test_memmap(void **state)
{
	const char *cmdline = "quiet memmap=1M$0x10000000,2M!0x20000000 ro memmap=exactmap "
			      "memmap=64K memmap=foo memmap=1M\\$0x3000 memmap=4K%0x5000-1+2 "
			      "memmap=8K@0x100000 xmemmap=1M$0x0";
	static const struct {
		char type;
		uint64_t size, addr;
		const char *text;
	} want[] = {
		{ '$', 1 << 20, 0x10000000, "1M$0x10000000" },
		{ '!', 2 << 20, 0x20000000, "2M!0x20000000" },
		{ 'x', 0, 0, "exactmap" },
		{ 'L', 64 << 10, 0, "64K" },      /* "$ADDR" eaten: a memory limit */
		{ '?', 0, 0, "foo" },
		{ 'L', 1 << 20, 0, "1M\\$0x3000" }, /* a GRUB escape left in */
		{ '%', 4 << 10, 0, "4K%0x5000-1+2" },
		{ '@', 8 << 10, 0x100000, "8K@0x100000" },
	};
	const char *pos = NULL;
	struct memmap_item it;
	size_t n = 0;

	(void)state;
	while (memmap_next(cmdline, &pos, &it)) {
		if (n >= ARRAY_SIZE(want))
			fail_msg("more than %zu items: '%.*s'", ARRAY_SIZE(want), it.len, it.text);
		if (it.type != want[n].type)
			fail_msg("item %zu '%.*s': type '%c', expected '%c'", n, it.len, it.text,
				 it.type, want[n].type);
		assert_true(it.size == want[n].size);
		if (it.type != '%')
			assert_true(it.addr == want[n].addr);
		assert_int_equal(it.len, (int)strlen(want[n].text));
		assert_memory_equal(it.text, want[n].text, strlen(want[n].text));
		n++;
	}
	assert_int_equal(n, ARRAY_SIZE(want));
	pos = NULL;
	assert_false(memmap_next("quiet ro", &pos, &it));
	pos = NULL;
	assert_false(memmap_next("", &pos, &it));
}

/* pstore_cmdline_reservation() on a sysroot with this /proc/cmdline (NULL: none). */
static int reservation(const char *cmdline, struct pstore_range *r)
{
	char root[] = "/tmp/test-cmdline-XXXXXX", *dir = NULL, *file = NULL;
	struct pstore_ctx *ctx = NULL;
	int ret;

	assert_non_null(mkdtemp(root));
	assert_true(asprintf(&dir, "%s/proc", root) > 0);
	assert_true(asprintf(&file, "%s/cmdline", dir) > 0);
	assert_int_equal(mkdir(dir, 0755), 0);
	if (cmdline) {
		FILE *f = fopen(file, "we");

		assert_non_null(f);
		fputs(cmdline, f);
		assert_int_equal(fclose(f), 0);
	}
	assert_int_equal(pstore_new(root, &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);
	ret = pstore_cmdline_reservation(ctx, r);
	pstore_unref(ctx);
	unlink(file);
	rmdir(dir);
	rmdir(root);
	free(file);
	free(dir);
	return ret;
}

static void test_reservation(void **state)
{
	struct pstore_range r = { 0 };

	(void)state;
	assert_int_equal(reservation("ro memmap=1M$0x10000000 quiet\n", &r), 1);
	assert_true(r.start == 0x10000000 && r.size == 1 << 20);
	assert_int_equal(reservation("memmap=2M!0x20000000,64K@0x1000\n", &r), 1);
	assert_true(r.start == 0x20000000 && r.size == 2 << 20);
	/* none, or more than one: no answer */
	assert_int_equal(reservation("ro quiet\n", &r), 0);
	assert_int_equal(reservation("memmap=64K\n", &r), 0);
	assert_int_equal(reservation("memmap=1M$0x10000000 memmap=1M$0x20000000\n", &r), 0);
	/* no /proc/cmdline is a read error */
	assert_int_equal(reservation(NULL, &r), -ENOENT);
	assert_int_equal(pstore_cmdline_reservation(NULL, NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get),
		cmocka_unit_test(test_memparse),
		cmocka_unit_test(test_kstrtou64),
		cmocka_unit_test(test_memmap),
		cmocka_unit_test(test_reservation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
