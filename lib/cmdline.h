/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private: the kernel command line as the kernel reads it (lib/cmdline.c). Pure functions
 * on a buffer (the text of /proc/cmdline); no I/O, no context. */
#ifndef LIBPSTORE_CMDLINE_H
#define LIBPSTORE_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The value of the last "key=value" word of @cmdline ("" for a bare "key"), or NULL when
 * the key is absent or on allocation failure. Names compare as the kernel's parameqn()
 * does: '-' and '_' are the same ("ramoops.mem-address" is "ramoops.mem_address").
 * Returns a malloc'd string.
 */
char *cmdline_get(const char *cmdline, const char *key);

/* A size as memparse() reads it ("1M", "0x1000K"): the character after it, or NULL. */
const char *memparse(const char *p, uint64_t *ret);

/* A ulong module parameter as kstrtoull(s, 0) reads it: false unless a plain number. */
bool kstrtou64(const char *p, uint64_t *ret);

/* One item of a memmap= option, as x86's parse_memmap_one() reads it. */
struct memmap_item {
	char type; /* '@' RAM, '#' ACPI data, '$' reserved, '!' persistent, '%' retype,
		    * 'L' a memory limit (a size followed by anything else), 'x' exactmap,
		    * '?' no size (ignored by the kernel) */
	uint64_t size, addr;
	const char *text; /* the item, up to ',' or the end of the word */
	int len;
};

/*
 * Walks the items of every memmap= word of @cmdline (memmap= takes a comma list, and may
 * be given several times). Start with *pos = NULL; returns false after the last item.
 */
bool memmap_next(const char *cmdline, const char **pos, struct memmap_item *it);

#endif /* LIBPSTORE_CMDLINE_H */
