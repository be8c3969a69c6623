/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The crash summary of a kernel log (pstore_crash_parse), what `info` and the viewer show. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pstore_ctx *ctx;
	struct pstore_crash *c = NULL;
	char *buf;

	if (!ctx && !(ctx = fuzz_ctx(NULL)))
		abort();
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (pstore_crash_parse(ctx, buf, size, &c) == 0)
		pstore_crash_free(c);
	free(buf);
	return 0;
}
