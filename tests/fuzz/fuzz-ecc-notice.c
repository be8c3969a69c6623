/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The ECC notice ramoops appends to a record, "\nECC: ...\n" (pstore_ecc_notice_parse). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pstore_ecc_notice e = PSTORE_STRUCT_INIT(struct pstore_ecc_notice);
	char *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (pstore_ecc_notice_parse(buf, size, &e) == 0 && e.status != PSTORE_ECC_NONE &&
	    e.offset >= size)
		abort(); /* a notice found must start inside the buffer */
	free(buf);
	return 0;
}
