/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel command line as the kernel reads it (lib/cmdline.h, private): the ramoops.*
 * and memmap= words, their sizes (memparse) and numbers (kstrtoull), as `check`, `plan`
 * and pstore_cmdline_reservation() take them from /proc/cmdline.
 */
#include "fuzz.h"
#include "cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "ramoops.mem_address", "ramoops.mem-size",
					    "ramoops.ecc", "memmap", "crashkernel", "" };
	char *s = fuzz_strndup(data, size);
	struct memmap_item it;
	const char *pos = NULL;
	unsigned items = 0;

	if (!s)
		return 0;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char *v = cmdline_get(s, keys[i]);
		uint64_t n;

		if (v) {
			(void)memparse(v, &n);
			(void)kstrtou64(v, &n);
			free(v);
		}
	}
	while (memmap_next(s, &pos, &it)) {
		if (it.len < 0 || it.text < s || it.text + it.len > s + size)
			abort(); /* an item is a piece of the command line */
		if (++items > size + 1)
			abort(); /* no endless walk */
	}
	free(s);
	return 0;
}
