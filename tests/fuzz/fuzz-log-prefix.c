/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The "<N>" syslog prefix of each line of a record (pstore_log_prefix_parse). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
		char *line = malloc(len ? len : 1);
		int level = -1, facility = -1;

		if (!line)
			return 0;
		memcpy(line, p, len);
		if (pstore_log_prefix_parse(line, len, &level, &facility) > len)
			abort(); /* the prefix cannot be longer than the line */
		if (level != -1)
			(void)pstore_log_level_to_string(level);
		free(line);
		p += len + 1;
	}
	return 0;
}
