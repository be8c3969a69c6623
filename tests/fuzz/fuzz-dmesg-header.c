/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The first line of a dmesg record, "Panic#1 Part1" (pstore_dmesg_header_parse). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);

	/* an exact-size copy: a read past the end is ASan's to see */
	char *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (pstore_dmesg_header_parse(buf, size, &h) == 0 && (h.len == 0 || h.len > size))
		abort(); /* the header must lie inside the buffer */
	free(buf);
	return 0;
}
