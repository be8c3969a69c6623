/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A record file name (pstore_record_name_parse): "<type>-<backend>-<id>[.enc.z]" and kin. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pstore_name n = PSTORE_STRUCT_INIT(struct pstore_name);
	char *s = fuzz_strndup(data, size);

	if (!s)
		return 0;
	if (pstore_record_name_parse(s, &n) == 0 && strnlen(n.backend, sizeof(n.backend)) ==
	    sizeof(n.backend))
		abort(); /* the backend must be a terminated string */
	free(s);
	return 0;
}
