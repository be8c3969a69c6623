/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests of cli/format.c's hand-written number and time formats: each must give what
 * the printf/strftime format it replaces gives, byte for byte (they are there for speed).
 */
#include <inttypes.h>
#include <time.h>

#include "unit.h"
#include "pstorectl.h"

/* cli/format.c's warn_layout() prints through the CLI's warnx_(); not tested here. */
void warnx_(const char *fmt, ...)
{
	(void)fmt;
}

/* xorshift64*: a fixed sequence, the same in every run */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * UINT64_C(2685821657736338717);
}

/* What format_size() gave before it was written by hand. */
static void printf_size(uint64_t size, bool bytes, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	unsigned i = 0;
	uint64_t div = 1024;

	if (bytes || size < 1024) {
		snprintf(buf, len, "%" PRIu64, size);
		return;
	}
	while (i + 1 < sizeof(units) - 1 && size / div >= 1024) {
		div *= 1024;
		i++;
	}
	if (size % div == 0)
		snprintf(buf, len, "%" PRIu64 "%c", size / div, units[i]);
	else
		snprintf(buf, len, "%.1f%c", (double)size / (double)div, units[i]);
}

static void check_size(uint64_t v)
{
	char got[SIZE_BUFLEN], want[SIZE_BUFLEN];

	printf_size(v, false, want, sizeof(want));
	assert_string_equal(format_size(v, false, got, sizeof(got)), want);
	printf_size(v, true, want, sizeof(want));
	assert_string_equal(format_size(v, true, got, sizeof(got)), want);
}

static void test_size(void **state)
{
	static const uint64_t edge[] = {
		0, 1, 1023, 1024, 1025, 1075, 1076, 1280, 1792, 2047, 2048, 10188, 65536,
		1048063, 1048064, 1048575, 1048576, 1572864, 0x7fffffffffffffff, UINT64_MAX,
		(UINT64_C(1) << 53) - 1, UINT64_C(1) << 53, (UINT64_C(1) << 53) + 1,
		UINT64_C(1) << 60, (UINT64_C(1) << 60) + 1,
	};
	uint64_t s = 1;
	char small[4];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(edge); i++)
		check_size(edge[i]);
	/* exact ties round to even, like printf: 1.25K is "1.2K", 1.75K "1.8K" */
	assert_string_equal(format_size(1280, false, (char[SIZE_BUFLEN]){ 0 }, SIZE_BUFLEN),
			    "1.2K");
	assert_string_equal(format_size(1792, false, (char[SIZE_BUFLEN]){ 0 }, SIZE_BUFLEN),
			    "1.8K");
	for (int i = 0; i < 200000; i++) {
		uint64_t v = rnd(&s);

		/* every magnitude, and the ties of every unit */
		check_size(v >> (v & 63));
		check_size(((v >> 20) & 0xfffff) * 1024 / 10 * (UINT64_C(1) << (v % 5 * 10)));
	}
	/* a short buffer truncates as snprintf does */
	assert_string_equal(format_size(123456, true, small, sizeof(small)), "123");
}

static void test_u64(void **state)
{
	char got[24], want[24], small[3];
	uint64_t s = 7;

	(void)state;
	for (int i = 0; i < 200000; i++) {
		uint64_t v = rnd(&s) >> (i % 64);

		snprintf(want, sizeof(want), "%" PRIu64, v);
		assert_string_equal(format_u64(v, got, sizeof(got)), want);
		snprintf(want, sizeof(want), "%" PRId64, (int64_t)v);
		assert_string_equal(format_i64((int64_t)v, got, sizeof(got)), want);
	}
	snprintf(want, sizeof(want), "%" PRId64, INT64_MIN);
	assert_string_equal(format_i64(INT64_MIN, got, sizeof(got)), want);
	assert_string_equal(format_u64(0, got, sizeof(got)), "0");
	assert_string_equal(format_u64(12345, small, sizeof(small)), "12");
	assert_string_equal(format_i64(-12345, small, sizeof(small)), "-1");
}

static void check_time(int64_t sec)
{
	char got[64], want[64];
	time_t tt = (time_t)sec;
	struct tm tm;
	const char *g = format_time(sec, got, sizeof(got));

	if (!gmtime_r(&tt, &tm) || !strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm)) {
		assert_null(g);
		return;
	}
	assert_non_null(g);
	assert_string_equal(g, want);
}

static void test_time(void **state)
{
	static const int64_t edge[] = {
		0, 59, 60, 86399, 86400, 951782400 /* 2000-02-29 */, 951868800, 4107542400,
		1795000000, 253402300799 /* 9999-12-31T23:59:59 */, 253402300800, -1, -86400,
		-62135596800, INT64_C(67767976233316800),
	};
	uint64_t s = 3;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(edge); i++)
		check_time(edge[i]);
	for (int i = 0; i < 200000; i++)
		check_time((int64_t)(rnd(&s) % UINT64_C(253402300800)));
	/* every day of 1970-2100, at a varying time of day */
	for (int64_t d = 0; d < 47482; d++)
		check_time(d * 86400 + (d * 7919) % 86400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_u64),
		cmocka_unit_test(test_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
