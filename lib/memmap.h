/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to lib/: the memory map's ranges and the one rule for "is this region free?"
 * (memmap_where), shared by plan.c, dt-blob.c and the iomem classification in check.c.
 */
#ifndef LIBPSTORE_MEMMAP_H
#define LIBPSTORE_MEMMAP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "libpstore.h"

struct memmap_range {
	uint64_t start, last; /* inclusive: a range may end at 2^64 - 1 */
	char *name;
};

struct pstore_memmap {
	struct memmap_range *ram, *busy;
	size_t nram, nbusy, capram, capbusy;
};

/* Name prefix of the busy ranges pstore_memmap_add_initrd_room() adds. */
#define MEMMAP_INITRD_AREA "boot loaders' initrd area"

/*
 * Where a region [start, last] lies among RAM ranges and busy ranges. It is free when one
 * RAM range holds all of it and it overlaps no busy range; when it is not, the fields name
 * the range that says why. Indices are the caller's (input order for a memmap); -1 = none.
 */
#define MEMMAP_WHERE_BUSY_KEPT 3
struct memmap_where {
	uint64_t start, last;
	ssize_t ram;        /* the last RAM range holding all of the region */
	ssize_t ram_part;   /* the first RAM range holding only part of it */
	ssize_t ram_last;   /* the last RAM range it overlaps at all */
	ssize_t busy_whole; /* the last busy range holding all of it */
	ssize_t busy_last;  /* the last busy range it overlaps */
	size_t nbusy;       /* how many busy ranges it overlaps; the first few: */
	size_t busy[MEMMAP_WHERE_BUSY_KEPT];
};

void memmap_where_init(struct memmap_where *w, uint64_t start, uint64_t last);
/* Feed one range; ranges may come in any order, from any source. */
void memmap_where_ram(struct memmap_where *w, uint64_t start, uint64_t last, size_t idx);
void memmap_where_busy(struct memmap_where *w, uint64_t start, uint64_t last, size_t idx);
/* The rule itself. */
static inline bool memmap_where_free(const struct memmap_where *w)
{
	return w->ram >= 0 && w->nbusy == 0;
}
/* memmap_where over every range of @m (indices into m->ram and m->busy). */
void memmap_locate(const struct pstore_memmap *m, uint64_t start, uint64_t last,
		   struct memmap_where *w);

/* Free ranges (inclusive ends), sorted by start; ram = index of the RAM range. */
struct memmap_free {
	uint64_t start, last;
	size_t ram;
};
int memmap_free_list(const struct pstore_memmap *m, struct memmap_free **ret, size_t *ret_n);
/* Whether the initrd areas alone take what would otherwise be free. */
bool memmap_initrd_took_all(const struct pstore_memmap *m);

void memmap_freep(struct pstore_memmap **m);

#endif /* LIBPSTORE_MEMMAP_H */
