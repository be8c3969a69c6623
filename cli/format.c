/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Human forms of values: sizes, times, and the warnings of a layout. */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "pstorectl.h"

/*
 * The numbers and times of a listing are formatted here by hand, not by snprintf() and
 * strftime(): for `ls` of 10,000 records, stdio's and strftime's machinery was a third of
 * the instructions pstorectl ran (issue 10). The output is byte for byte what the printf
 * formats in the comments give (tests/unit/test-format.c compares them).
 */

/* "%" PRIu64 */
char *format_u64(uint64_t v, char *buf, size_t len)
{
	char tmp[20];
	size_t n = 0;

	do {
		tmp[sizeof(tmp) - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (len == 0)
		return buf;
	/* the leading digits when buf is short, as snprintf truncates */
	memcpy(buf, tmp + sizeof(tmp) - n, n < len ? n : len - 1);
	buf[n < len ? n : len - 1] = '\0';
	return buf;
}

/* "%" PRId64 */
char *format_i64(int64_t v, char *buf, size_t len)
{
	if (v >= 0)
		return format_u64((uint64_t)v, buf, len);
	if (len < 2) {
		if (len)
			buf[0] = '\0';
		return buf;
	}
	buf[0] = '-';
	format_u64(-(uint64_t)v, buf + 1, len - 1);
	return buf;
}

char *format_size(uint64_t size, bool bytes, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	unsigned i = 0;
	uint64_t div = 1024, q, rem;
	size_t n;

	if (bytes || size < 1024)
		return format_u64(size, buf, len);
	while (i + 1 < sizeof(units) - 1 && size / div >= 1024) {
		div *= 1024;
		i++;
	}
	if (len < SIZE_BUFLEN) {
		/* the fast path writes without bounds checks */
		if (size % div == 0)
			snprintf(buf, len, "%" PRIu64 "%c", size / div, units[i]);
		else
			snprintf(buf, len, "%.1f%c", (double)size / (double)div, units[i]);
		return buf;
	}
	if (size % div == 0) {
		format_u64(size / div, buf, len);
		n = strlen(buf);
		buf[n] = units[i];
		buf[n + 1] = '\0';
		return buf;
	}
	if (size >= UINT64_C(1) << 53) {
		/* beyond a double's integers: (double)size itself rounds, as printf sees it */
		snprintf(buf, len, "%.1f%c", (double)size / (double)div, units[i]);
		return buf;
	}
	/* "%.1f" of size / div, which is exact in binary (div is a power of two): tenths,
	 * rounded to nearest, an exact tie to even, as glibc's printf rounds */
	q = size * 10 / div;
	rem = size * 10 % div;
	if (rem * 2 > div || (rem * 2 == div && (q & 1)))
		q++;
	format_u64(q / 10, buf, len);
	n = strlen(buf);
	buf[n] = '.';
	buf[n + 1] = (char)('0' + q % 10);
	buf[n + 2] = units[i];
	buf[n + 3] = '\0';
	return buf;
}

/* Two decimal digits of v (0..99) at p. */
static char *put2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

/*
 * The proleptic Gregorian date of @days since 1970-01-01 (days >= 0): the era arithmetic
 * of the civil calendar (400-year cycles of 146097 days, years starting on 1 March).
 */
static void civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t z = days + 719468, era = z / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* strftime "%Y-%m-%dT%H:%M:%SZ" of gmtime(sec) */
const char *format_time(int64_t sec, char *buf, size_t len)
{
	time_t tt = (time_t)sec;
	struct tm tm;

	/* 1970 to 9999, into a buffer that holds it: by hand */
	if (sec >= 0 && sec < INT64_C(253402300800) && len >= 21) {
		int64_t days = sec / 86400, y;
		unsigned s = (unsigned)(sec % 86400), m, d;
		char *p = buf;

		civil_from_days(days, &y, &m, &d);
		p = put2(p, (unsigned)y / 100);
		p = put2(p, (unsigned)y % 100);
		*p++ = '-';
		p = put2(p, m);
		*p++ = '-';
		p = put2(p, d);
		*p++ = 'T';
		p = put2(p, s / 3600);
		*p++ = ':';
		p = put2(p, s / 60 % 60);
		*p++ = ':';
		p = put2(p, s % 60);
		*p++ = 'Z';
		*p = '\0';
		return buf;
	}
	if ((int64_t)tt != sec || !gmtime_r(&tt, &tm) ||
	    !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return NULL;
	return buf;
}

void warn_layout(const struct pstore_layout *l, const char *what)
{
	for (size_t i = 0; i < pstore_layout_warning_count(l); i++)
		warnx_("warning: %s%s%s", what ? what : "", what ? ": " : "",
		       pstore_layout_get_warning(l, i));
}
