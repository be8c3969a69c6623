/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* /proc/self/mountinfo (pstore_mountinfo_find), as `mount`, `status` and the mount source
 * read it: the pstore mount point, octal escapes decoded. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = { "pstore", "tmpfs", "" };
	char *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		char *mnt = NULL;

		if (pstore_mountinfo_find(buf, size, types[i], &mnt) == 0) {
			if (!mnt)
				abort();
			free(mnt);
		}
	}
	free(buf);
	return 0;
}
