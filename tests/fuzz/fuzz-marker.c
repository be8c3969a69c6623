/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The lines `pstorectl write --marker` leaves in pmsg (pstore_marker_parse), and back. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = eol ? (size_t)(eol - p) + 1 : (size_t)(end - p);
		struct pstore_marker m = PSTORE_STRUCT_INIT(struct pstore_marker);
		char *line = malloc(len ? len : 1), *s = NULL;

		if (!line)
			return 0;
		memcpy(line, p, len);
		if (pstore_marker_parse(line, len, &m) == 0 && pstore_marker_format(&m, &s) == 0)
			free(s);
		free(line);
		p += len;
	}
	return 0;
}
