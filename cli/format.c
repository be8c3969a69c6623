/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Human forms of values: sizes, times, and the warnings of a layout. */
#include <inttypes.h>
#include <time.h>

#include "pstorectl.h"

char *format_size(uint64_t size, bool bytes, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	unsigned i = 0;
	uint64_t div = 1024;

	if (bytes || size < 1024) {
		snprintf(buf, len, "%" PRIu64, size);
		return buf;
	}
	while (i + 1 < sizeof(units) - 1 && size / div >= 1024) {
		div *= 1024;
		i++;
	}
	if (size % div == 0)
		snprintf(buf, len, "%" PRIu64 "%c", size / div, units[i]);
	else
		snprintf(buf, len, "%.1f%c", (double)size / (double)div, units[i]);
	return buf;
}

const char *format_time(int64_t sec, char *buf, size_t len)
{
	time_t tt = (time_t)sec;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return NULL;
	return buf;
}

void warn_layout(const struct pstore_layout *l, const char *what)
{
	for (size_t i = 0; i < pstore_layout_warning_count(l); i++)
		warnx_("warning: %s%s%s", what ? what : "", what ? ": " : "",
		       pstore_layout_get_warning(l, i));
}
