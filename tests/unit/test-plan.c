/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit tests of lib/memmap.c and lib/plan.c: memory maps, free ranges, the "is it free"
 * rule, choosing a region. */
#include "unit.h"
#include "memmap.h"

#define K 1024ull
#define M (1024ull * 1024)

static struct pstore_memmap *map_simple(void)
{
	struct pstore_memmap *m = NULL;

	assert_int_equal(pstore_memmap_new(&m), 0);
	/* RAM [0x1000, 0x100000) and [0x100000, 0x40000000): adjacent, never merged */
	assert_int_equal(pstore_memmap_add_ram(m, 0x1000, 0xff000, NULL), 0);
	assert_int_equal(pstore_memmap_add_ram(m, 0x100000, 0x3ff00000, "System RAM"), 0);
	assert_int_equal(pstore_memmap_add_busy(m, 0x2000, 0x1000, "a"), 0);
	assert_int_equal(pstore_memmap_add_busy(m, 0x2800, 0x1800, "b overlaps a"), 0);
	assert_int_equal(pstore_memmap_add_busy(m, 0xff000, 0x1000, "end of bank 0"), 0);
	assert_int_equal(pstore_memmap_add_busy(m, 0x1000000, 0x1000000, "Kernel code"), 0);
	assert_int_equal(pstore_memmap_add_busy(m, 0x3ff00000, 0x100000, "reserved"), 0);
	assert_int_equal(pstore_memmap_add_busy(m, 0x80000000, 0x1000, "outside RAM"), 0);
	return m;
}

static void test_free_ranges(void **state)
{
	struct pstore_memmap *m = map_simple();
	struct pstore_range *fr = NULL;
	size_t *ram = NULL, n = 0;
	static const struct pstore_range want[] = {
		{ 0x1000, 0x1000 },
		{ 0x4000, 0xff000 - 0x4000 },
		{ 0x100000, 0x1000000 - 0x100000 },
		{ 0x2000000, 0x3ff00000 - 0x2000000 },
	};

	(void)state;
	assert_int_equal(pstore_memmap_free_ranges_ram(m, &fr, &ram, &n), 0);
	assert_int_equal(n, ARRAY_SIZE(want));
	for (size_t i = 0; i < n; i++) {
		assert_true(fr[i].start == want[i].start);
		assert_true(fr[i].size == want[i].size);
	}
	assert_int_equal(ram[0], 0);
	assert_int_equal(ram[1], 0);
	assert_int_equal(ram[2], 1);
	free(fr);
	free(ram);

	/* wrong arguments */
	assert_int_equal(pstore_memmap_add_ram(m, 0, 0, NULL), -EINVAL);
	assert_int_equal(pstore_memmap_add_ram(m, UINT64_MAX, 2, NULL), -EINVAL);
	assert_int_equal(pstore_memmap_add_busy(m, UINT64_MAX, 1, NULL), 0);
	pstore_memmap_free(m);
}

static void test_fully_covered(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_memmap *m = NULL;
	struct pstore_plan_request req;
	struct pstore_range r, *fr = NULL;
	size_t n = 99;

	(void)state;
	assert_int_equal(pstore_memmap_new(&m), 0);
	assert_int_equal(pstore_memmap_add_ram(m, 0x100000, 16 * M, NULL), 0);
	assert_int_equal(pstore_memmap_add_busy(m, 0x100000, 8 * M, "Kernel code"), 0);
	assert_int_equal(pstore_memmap_add_busy(m, 0x100000 + 8 * M, 8 * M, "reserved"), 0);
	assert_int_equal(pstore_memmap_free_ranges(m, &fr, &n), 0);
	assert_int_equal(n, 0);
	free(fr);
	pstore_plan_request_init(&req);
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), -ENOSPC);
	assert_non_null(strstr(pstore_errmsg(ctx), "fully covered"));
	pstore_memmap_free(m);
	pstore_unref(ctx);
}

static void test_choose(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_memmap *m = map_simple();
	struct pstore_plan_request req;
	struct pstore_range r;

	(void)state;
	pstore_plan_request_init(&req);
	assert_true(req.size == M && req.align == M && req.prefer == PSTORE_PREFER_HIGH);

	/* high: the last aligned MiB below the reserved range at 0x3ff00000 */
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), 0);
	assert_true(r.start == 0x3fe00000 && r.size == M);

	/* low: the first aligned MiB: 0x100000 (bank 0 is too small for 1M) */
	req.prefer = PSTORE_PREFER_LOW;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), 0);
	assert_true(r.start == 0x100000);

	/* low with 4K alignment and 64K: fits at 0x4000 in bank 0 */
	req.size = 64 * K;
	req.align = 4 * K;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), 0);
	assert_true(r.start == 0x4000);

	/* --above skips the start; --below caps the top */
	req = (struct pstore_plan_request){ .struct_size = sizeof(req), .size = M, .align = M,
					    .prefer = PSTORE_PREFER_LOW, .has_above = true,
					    .above = 0x100001 };
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), 0);
	assert_true(r.start == 0x200000);
	req = (struct pstore_plan_request){ .struct_size = sizeof(req), .size = M, .align = M,
					    .prefer = PSTORE_PREFER_HIGH, .has_below = true,
					    .below = 0x1000000 };
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), 0);
	assert_true(r.start == 0xf00000 && r.start + r.size <= 0x1000000);
	/* below exactly at a range: end == below is allowed */
	req.below = 0x300000;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), 0);
	assert_true(r.start == 0x200000);

	/* a region never straddles two RAM ranges, even adjacent ones */
	{
		struct pstore_memmap *m2 = NULL;

		assert_int_equal(pstore_memmap_new(&m2), 0);
		assert_int_equal(pstore_memmap_add_ram(m2, 0, M, NULL), 0);
		assert_int_equal(pstore_memmap_add_ram(m2, M, M, NULL), 0);
		req = (struct pstore_plan_request){ .struct_size = sizeof(req), .size = M + M / 2,
						    .align = 4 * K };
		assert_int_equal(pstore_plan_choose(ctx, m2, &req, &r), -ENOSPC);
		req.size = M;
		assert_int_equal(pstore_plan_choose(ctx, m2, &req, &r), 0);
		assert_true(r.start == M);
		pstore_memmap_free(m2);
	}

	/* nothing fits: too big */
	pstore_plan_request_init(&req);
	req.size = 2ull << 30;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), -ENOSPC);
	assert_non_null(strstr(pstore_errmsg(ctx), "no free range"));

	/* bad requests */
	pstore_plan_request_init(&req);
	req.align = 0x3000;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), -EINVAL);
	req.align = 2048;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), -EINVAL);
	pstore_plan_request_init(&req);
	req.size = 0;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), -EINVAL);
	pstore_plan_request_init(&req);
	req.has_above = req.has_below = true;
	req.above = 0x2000000;
	req.below = 0x1000000;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), -EINVAL);

	pstore_memmap_free(m);
	pstore_unref(ctx);
}

static void test_address(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_memmap *m = map_simple();
	struct pstore_plan_request req;
	struct pstore_range r;

	(void)state;
	pstore_plan_request_init(&req);
	req.has_address = true;
	req.address = 0x10000000;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), 0);
	assert_true(r.start == 0x10000000 && r.size == M);

	/* overlaps the kernel: the message names it */
	req.address = 0x1800000;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), -EBUSY);
	assert_non_null(strstr(pstore_errmsg(ctx), "\"Kernel code\""));
	assert_non_null(strstr(pstore_errmsg(ctx), "0x1000000-0x1ffffff"));

	/* the end overlaps "reserved" */
	req.address = 0x3fe00000;
	req.size = 2 * M;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), -EBUSY);
	assert_non_null(strstr(pstore_errmsg(ctx), "\"reserved\""));

	/* outside RAM */
	req.size = M;
	req.address = 0x50000000;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), -EBUSY);
	assert_non_null(strstr(pstore_errmsg(ctx), "not inside any System RAM range"));

	/* unaligned: worded in the library's terms, the CLI names --address */
	req.address = 0x10001000;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), -EINVAL);
	assert_string_equal(pstore_errmsg(ctx), "address 0x10001000: not aligned to 0x100000");
	/* outside the above/below window */
	req.has_below = true;
	req.below = 0x10000000;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "address 0x10001000: region"));
	assert_null(strstr(pstore_errmsg(ctx), "--"));
	req.has_below = false;
	req.align = 4 * K;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), 0);

	pstore_memmap_free(m);
	pstore_unref(ctx);
}

static void test_from_iomem(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_iomem *io = NULL;
	struct pstore_memmap *m = NULL;
	struct pstore_range rr;
	const char *name;
	static const char text[] = "00000000-00000fff : Reserved\n"
				   "00100000-3fffffff : System RAM\n"
				   "  01000000-01ffffff : Kernel code\n"
				   "  20000000-2fffffff : reserved\n"
				   "    20000000-20ffffff : Crash kernel\n"
				   "3ff00000-40ffffff : overlapping sibling\n"
				   "880000000-8bfffffff : System RAM\n";

	(void)state;
	assert_int_equal(pstore_iomem_parse(ctx, text, strlen(text), "t", &io), 0);
	assert_int_equal(pstore_memmap_from_iomem(ctx, io, &m), 0);
	assert_int_equal(pstore_memmap_ram_count(m), 2);
	/* the children at any depth, and the sibling that overlaps RAM */
	assert_int_equal(pstore_memmap_busy_count(m), 4);
	assert_int_equal(pstore_memmap_get_busy(m, 2, &rr, &name), 0);
	assert_string_equal(name, "Crash kernel");
	assert_int_equal(pstore_memmap_get_ram(m, 1, &rr, &name), 0);
	assert_true(rr.start == 0x880000000ull && rr.size == 0x40000000ull);
	pstore_memmap_free(m);
	pstore_iomem_free(io);

	assert_int_equal(pstore_iomem_parse(ctx, "0-fff : Reserved\n", 17, "t", &io), 0);
	assert_int_equal(pstore_memmap_from_iomem(ctx, io, &m), -ENOENT);
	assert_non_null(strstr(pstore_errmsg(ctx), "System RAM"));
	pstore_iomem_free(io);
	pstore_unref(ctx);
}

static void test_sysroot(void **state)
{
	struct pstore_ctx *ctx = unit_ctx("iomem/sysroot");
	struct pstore_iomem *io = NULL;

	(void)state;
	assert_int_equal(pstore_iomem_read(ctx, NULL, &io), 0);
	assert_string_equal(pstore_iomem_get(io, 1)->name, "System RAM");
	assert_non_null(strstr(pstore_iomem_get_origin(io), "iomem/sysroot/proc/iomem"));
	pstore_iomem_free(io);
	pstore_unref(ctx);
}

/* The initrd room: busy windows below 1G, 2G and the top of RAM under 4G, capped by it. */
static void test_initrd_room(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_plan_request req;
	struct pstore_memmap *m;
	struct pstore_range r, b;
	const char *name;

	(void)state;
	/* 512 MiB guest: every ceiling is capped to the top of RAM, one window only */
	assert_int_equal(pstore_memmap_new(&m), 0);
	assert_int_equal(pstore_memmap_add_ram(m, 0x100000, 0x1ffe0000 - 0x100000, NULL), 0);
	assert_int_equal(pstore_memmap_add_initrd_room(m, 128ull << 20), 0);
	assert_int_equal(pstore_memmap_busy_count(m), 1);
	assert_int_equal(pstore_memmap_get_busy(m, 0, &b, &name), 0);
	assert_true(b.start == 0x1ffe0000 - (128ull << 20) && b.size == 128ull << 20);
	assert_string_equal(name, "boot loaders' initrd area below 0x1ffe0000");
	pstore_plan_request_init(&req);
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), 0);
	assert_true(r.start == 0x17e00000);
	/* a room as large as the RAM: the message blames it, in the library's words */
	assert_int_equal(pstore_memmap_add_initrd_room(m, 1ull << 30), 0);
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), -ENOSPC);
	assert_non_null(strstr(pstore_errmsg(ctx), "and the room kept for the initrd"));
	assert_null(strstr(pstore_errmsg(ctx), "--"));
	pstore_memmap_free(m);

	/* 3 GiB below 4G and RAM above: windows at 1G, 2G and 3G; the choice goes above 4G */
	assert_int_equal(pstore_memmap_new(&m), 0);
	assert_int_equal(pstore_memmap_add_ram(m, 0x100000, 0xc0000000 - 0x100000, NULL), 0);
	assert_int_equal(pstore_memmap_add_ram(m, 0x100000000ull, 1ull << 30, NULL), 0);
	assert_int_equal(pstore_memmap_add_initrd_room(m, 64ull << 20), 0);
	assert_int_equal(pstore_memmap_busy_count(m), 3);
	assert_int_equal(pstore_memmap_get_busy(m, 0, &b, NULL), 0);
	assert_true(b.start == (1ull << 30) - (64ull << 20) && b.size == 64ull << 20);
	assert_int_equal(pstore_memmap_get_busy(m, 1, &b, NULL), 0);
	assert_true(b.start == (2ull << 30) - (64ull << 20));
	assert_int_equal(pstore_memmap_get_busy(m, 2, &b, NULL), 0);
	assert_true(b.start == 0xc0000000 - (64ull << 20));
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), 0);
	assert_true(r.start == 0x13ff00000ull);
	/* below 4G, the highest slot is under the top window */
	req.has_below = true;
	req.below = 4ull << 30;
	assert_int_equal(pstore_plan_choose(ctx, m, &req, &r), 0);
	assert_true(r.start == 0xc0000000 - (64ull << 20) - (1 << 20));
	pstore_memmap_free(m);

	/* room 0 adds nothing; only RAM above 4G adds nothing */
	assert_int_equal(pstore_memmap_new(&m), 0);
	assert_int_equal(pstore_memmap_add_ram(m, 0x880000000ull, 1ull << 30, NULL), 0);
	assert_int_equal(pstore_memmap_add_initrd_room(m, 0), 0);
	assert_int_equal(pstore_memmap_add_initrd_room(m, 128ull << 20), 0);
	assert_int_equal(pstore_memmap_busy_count(m), 0);
	pstore_memmap_free(m);
	pstore_unref(ctx);
}

/* The one rule: inside one RAM range and overlapping no busy range, or the range that says why. */
static void test_where(void **state)
{
	struct pstore_memmap *m = map_simple();
	struct memmap_where w;

	(void)state;
	memmap_locate(m, 0x10000000, 0x100fffff, &w);
	assert_true(memmap_where_free(&w));
	assert_int_equal(w.ram, 1);
	assert_int_equal(w.nbusy, 0);

	/* over "a" and "b overlaps a": both named, first first */
	memmap_locate(m, 0x2000, 0x2fff, &w);
	assert_false(memmap_where_free(&w));
	assert_int_equal(w.nbusy, 2);
	assert_int_equal(w.busy[0], 0);
	assert_int_equal(w.busy[1], 1);
	assert_int_equal(w.busy_whole, 0); /* "a" holds all of it, "b" only part */
	assert_int_equal(w.busy_last, 1);

	/* across the two adjacent RAM ranges: in neither as a whole */
	memmap_locate(m, 0xfe000, 0x100fff, &w);
	assert_int_equal(w.ram, -1);
	assert_int_equal(w.ram_part, 0);
	assert_int_equal(w.ram_last, 1);
	assert_false(memmap_where_free(&w));

	/* no RAM at all */
	memmap_locate(m, 0x50000000, 0x500fffff, &w);
	assert_int_equal(w.ram, -1);
	assert_int_equal(w.ram_part, -1);
	assert_int_equal(w.nbusy, 0);

	/* the same rule fed range by range (as check.c feeds /proc/iomem entries) */
	memmap_where_init(&w, 0x1000, 0x1fff);
	memmap_where_ram(&w, 0, UINT64_MAX, 7);
	assert_true(memmap_where_free(&w));
	memmap_where_busy(&w, 0x1fff, 0x1fff, 9);
	assert_false(memmap_where_free(&w));
	assert_int_equal(w.busy[0], 9);
	assert_int_equal(w.busy_whole, -1);
	pstore_memmap_free(m);
}

static void test_strings(void **state)
{
	(void)state;
	assert_string_equal(pstore_prefer_to_string(PSTORE_PREFER_HIGH), "high");
	assert_int_equal(pstore_prefer_from_string("low"), PSTORE_PREFER_LOW);
	assert_int_equal(pstore_prefer_from_string("middle"), -EINVAL);
	assert_null(pstore_prefer_to_string((enum pstore_prefer)7));
}

/*
 * Issue 10: the CLI named its options in plan errors by pattern-matching the library's
 * wording. The library now says which part of the request is at fault, and lets the
 * caller note its own setting in the initrd ranges' names.
 */
static void test_plan_fault(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_plan_request req;
	struct pstore_memmap *m;
	struct pstore_range r;
	const char *name;
	unsigned fault = 99;

	(void)state;
	assert_int_equal(pstore_memmap_new(&m), 0);
	assert_int_equal(pstore_memmap_add_ram(m, 0x100000, 0x1ffe0000 - 0x100000, NULL), 0);
	assert_int_equal(pstore_memmap_add_initrd_room_noted(m, 128ull << 20, "my setting"), 0);
	assert_int_equal(pstore_memmap_get_busy(m, 0, NULL, &name), 0);
	assert_string_equal(name, "boot loaders' initrd area below 0x1ffe0000 (my setting)");
	pstore_plan_request_init(&req);
	assert_int_equal(pstore_plan_choose_fault(ctx, m, &req, &r, &fault), 0);
	assert_int_equal(fault, 0);

	/* an address the library checks itself: about the address */
	req.has_address = true;
	req.address = 0x10000001;
	assert_int_equal(pstore_plan_choose_fault(ctx, m, &req, &r, &fault), -EINVAL);
	assert_int_equal(fault, PSTORE_PLAN_FAULT_ADDRESS);
	assert_true(strncmp(pstore_errmsg(ctx), "address 0x", 10) == 0);
	/* an address over the initrd area: about the region, which names the area */
	req.address = 0x1ff00000 - (1u << 20);
	assert_int_equal(pstore_plan_choose_fault(ctx, m, &req, &r, &fault), -EBUSY);
	assert_int_equal(fault, 0);
	assert_non_null(strstr(pstore_errmsg(ctx), "initrd area below 0x1ffe0000 (my setting)"));
	/* the room takes everything: about the initrd room, named last */
	req.has_address = false;
	assert_int_equal(pstore_memmap_add_initrd_room(m, 1ull << 30), 0);
	assert_int_equal(pstore_plan_choose_fault(ctx, m, &req, &r, &fault), -ENOSPC);
	assert_int_equal(fault, PSTORE_PLAN_FAULT_INITRD);
	name = pstore_errmsg(ctx);
	assert_string_equal(name + strlen(name) - strlen("the room kept for the initrd"),
			    "the room kept for the initrd");
	pstore_memmap_free(m);
	pstore_unref(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_free_ranges), cmocka_unit_test(test_fully_covered),
		cmocka_unit_test(test_choose),      cmocka_unit_test(test_address),
		cmocka_unit_test(test_from_iomem),  cmocka_unit_test(test_sysroot),
		cmocka_unit_test(test_strings),     cmocka_unit_test(test_initrd_room), cmocka_unit_test(test_plan_fault),
		cmocka_unit_test(test_where),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
