/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Memory maps: usable RAM ranges and the busy ranges in them (from /proc/iomem or a DTB),
 * their free ranges, and the one rule for "is this region free?" (memmap_where).
 */
#include <inttypes.h>

#include "internal.h"
#include "memmap.h"

_public_ int pstore_memmap_new(struct pstore_memmap **ret)
{
	struct pstore_memmap *m = calloc(1, sizeof(*m));

	if (!m)
		return -ENOMEM;
	*ret = m;
	return 0;
}

_public_ void pstore_memmap_free(struct pstore_memmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nram; i++)
		free(m->ram[i].name);
	for (size_t i = 0; i < m->nbusy; i++)
		free(m->busy[i].name);
	free(m->ram);
	free(m->busy);
	free(m);
}

void memmap_freep(struct pstore_memmap **m)
{
	pstore_memmap_free(*m);
}

static int range_add(struct memmap_range **v, size_t *n, size_t *cap, uint64_t start,
		     uint64_t last, const char *name)
{
	char *s;

	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct memmap_range *nv = reallocarray(*v, ncap, sizeof(**v));

		if (!nv)
			return -ENOMEM;
		*v = nv;
		*cap = ncap;
	}
	s = strdup(name);
	if (!s)
		return -ENOMEM;
	(*v)[(*n)++] = (struct memmap_range){ .start = start, .last = last, .name = s };
	return 0;
}

static int check_range(uint64_t start, uint64_t size)
{
	if (size == 0 || size - 1 > UINT64_MAX - start)
		return -EINVAL;
	return 0;
}

_public_ int pstore_memmap_add_ram(struct pstore_memmap *m, uint64_t start, uint64_t size,
				   const char *name)
{
	if (!m || check_range(start, size) < 0)
		return -EINVAL;
	return range_add(&m->ram, &m->nram, &m->capram, start, start + (size - 1),
			 name ? name : "System RAM");
}

_public_ int pstore_memmap_add_busy(struct pstore_memmap *m, uint64_t start, uint64_t size,
				    const char *name)
{
	if (!m || check_range(start, size) < 0)
		return -EINVAL;
	return range_add(&m->busy, &m->nbusy, &m->capbusy, start, start + (size - 1),
			 name ? name : "busy");
}

/*
 * Boot loaders load the initrd before the kernel runs, so before memmap= or a reserved-memory
 * node can protect anything, and they put it as high as they may: just below 1 GiB (GRUB's
 * cap for the x86 boot protocol), just below 2 GiB (the kernel's initrd_addr_max, which
 * QEMU's -initrd honours) or at the top of RAM below 4 GiB (EFI), each capped by the top of
 * RAM. A ramoops region there is overwritten on the next boot: seen with QEMU, where a
 * region at the top of 512 MiB of RAM came back empty after every reset.
 */
_public_ int pstore_memmap_add_initrd_room(struct pstore_memmap *m, uint64_t room)
{
	return pstore_memmap_add_initrd_room_noted(m, room, NULL);
}

_public_ int pstore_memmap_add_initrd_room_noted(struct pstore_memmap *m, uint64_t room,
						 const char *note)
{
	static const uint64_t ceilings[] = { 1ull << 30, 2ull << 30, 4ull << 30 };
	const uint64_t four_g = 4ull << 30;
	uint64_t top = 0, done[ARRAY_SIZE(ceilings)];
	size_t ndone = 0;
	int r;

	if (!m)
		return -EINVAL;
	if (room == 0)
		return 0;
	/* the end (exclusive) of the highest RAM below 4 GiB */
	for (size_t i = 0; i < m->nram; i++) {
		uint64_t end = m->ram[i].last >= four_g - 1 ? four_g : m->ram[i].last + 1;

		if (m->ram[i].start < four_g && end > top)
			top = end;
	}
	for (size_t c = 0; c < ARRAY_SIZE(ceilings) && top; c++) {
		uint64_t ceil = ceilings[c] < top ? ceilings[c] : top;
		uint64_t start = ceil > room ? ceil - room : 0;
		bool seen = false;
		char name[160];

		for (size_t k = 0; k < ndone; k++)
			seen = seen || done[k] == ceil;
		if (seen)
			continue;
		done[ndone++] = ceil;
		snprintf(name, sizeof(name), MEMMAP_INITRD_AREA " below 0x%" PRIx64 "%s%.100s%s",
			 ceil, note ? " (" : "", note ? note : "", note ? ")" : "");
		r = pstore_memmap_add_busy(m, start, ceil - start, name);
		if (r < 0)
			return r;
	}
	return 0;
}

_public_ size_t pstore_memmap_ram_count(const struct pstore_memmap *m)
{
	return m ? m->nram : 0;
}

_public_ size_t pstore_memmap_busy_count(const struct pstore_memmap *m)
{
	return m ? m->nbusy : 0;
}

static uint64_t range_size(const struct memmap_range *r)
{
	uint64_t s = r->last - r->start;

	/* [0, 2^64) cannot be told in 64 bits: one byte short is close enough */
	return s == UINT64_MAX ? s : s + 1;
}

static int range_get(const struct memmap_range *v, size_t n, size_t i,
		     struct pstore_range *ret, const char **ret_name)
{
	if (!v || i >= n)
		return -ENOENT;
	if (ret)
		*ret = (struct pstore_range){ v[i].start, range_size(&v[i]) };
	if (ret_name)
		*ret_name = v[i].name;
	return 0;
}

_public_ int pstore_memmap_get_ram(const struct pstore_memmap *m, size_t i,
				   struct pstore_range *ret, const char **ret_name)
{
	return m ? range_get(m->ram, m->nram, i, ret, ret_name) : -ENOENT;
}

_public_ int pstore_memmap_get_busy(const struct pstore_memmap *m, size_t i,
				    struct pstore_range *ret, const char **ret_name)
{
	return m ? range_get(m->busy, m->nbusy, i, ret, ret_name) : -ENOENT;
}

_public_ int pstore_memmap_get_ram_last(const struct pstore_memmap *m, size_t i,
					uint64_t *ret_last)
{
	if (!m || i >= m->nram || !ret_last)
		return -ENOENT;
	*ret_last = m->ram[i].last;
	return 0;
}

_public_ int pstore_memmap_find_ram(const struct pstore_memmap *m, const struct pstore_range *r,
				    size_t *ret_idx)
{
	struct memmap_where w;

	if (!m || !r || !r->size || r->size - 1 > UINT64_MAX - r->start)
		return -ENOENT;
	memmap_where_init(&w, r->start, r->start + (r->size - 1));
	for (size_t i = 0; i < m->nram; i++)
		memmap_where_ram(&w, m->ram[i].start, m->ram[i].last, i);
	if (w.ram < 0)
		return -ENOENT;
	if (ret_idx)
		*ret_idx = (size_t)w.ram;
	return 0;
}

static bool is_system_ram(const char *name)
{
	return streq(name, "System RAM");
}

_public_ int pstore_memmap_from_iomem(struct pstore_ctx *ctx, const struct pstore_iomem *io,
				      struct pstore_memmap **ret)
{
	_cleanup_(memmap_freep) struct pstore_memmap *m = NULL;
	size_t n = pstore_iomem_count(io);
	int r;

	r = pstore_memmap_new(&m);
	if (r < 0)
		return pstore_err(ctx, r, "out of memory");

	for (size_t i = 0; i < n; i++) {
		const struct pstore_iomem_entry *e = pstore_iomem_get(io, i);

		if (e->depth == 0 && is_system_ram(e->name)) {
			r = range_add(&m->ram, &m->nram, &m->capram, e->start, e->end, e->name);
			if (r < 0)
				return pstore_err(ctx, r, "out of memory");
		}
	}
	if (m->nram == 0)
		return pstore_err(ctx, -ENOENT, "%s: no top-level \"System RAM\" range",
				  pstore_iomem_get_origin(io));

	for (size_t i = 0; i < n; i++) {
		const struct pstore_iomem_entry *e = pstore_iomem_get(io, i);
		ssize_t a = (ssize_t)i;
		bool busy = false;

		if (e->depth > 0) {
			/* anything nested, at any depth, under a top-level System RAM */
			while (pstore_iomem_parent(io, (size_t)a) >= 0)
				a = pstore_iomem_parent(io, (size_t)a);
			busy = is_system_ram(pstore_iomem_get(io, (size_t)a)->name);
		} else if (!is_system_ram(e->name)) {
			/* a top-level sibling overlapping RAM (should not happen in a
			 * well-formed tree, but then it is surely not free) */
			for (size_t k = 0; k < m->nram && !busy; k++)
				busy = e->start <= m->ram[k].last && m->ram[k].start <= e->end;
		}
		if (!busy)
			continue;
		r = range_add(&m->busy, &m->nbusy, &m->capbusy, e->start, e->end, e->name);
		if (r < 0)
			return pstore_err(ctx, r, "out of memory");
	}
	*ret = TAKE_PTR(m);
	return 0;
}

static int cmp_range(const void *a, const void *b)
{
	const struct memmap_range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->last != y->last)
		return x->last < y->last ? -1 : 1;
	return 0;
}

static int cmp_free(const void *a, const void *b)
{
	const struct memmap_free *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/* Append @f to the growing array *@v of *@n entries (capacity *@cap). */
static int push_free(struct memmap_free **v, size_t *n, size_t *cap, struct memmap_free f)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct memmap_free *nv = reallocarray(*v, nc, sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = f;
	return 0;
}

/* Free ranges with inclusive ends, sorted. */
int memmap_free_list(const struct pstore_memmap *m, struct memmap_free **ret, size_t *ret_n)
{
	_cleanup_free_ struct memmap_range *busy = NULL;
	_cleanup_free_ struct memmap_free *out = NULL;
	size_t n = 0, cap = 0;

	if (m->nbusy) {
		busy = malloc(m->nbusy * sizeof(*busy));
		if (!busy)
			return -ENOMEM;
		memcpy(busy, m->busy, m->nbusy * sizeof(*busy));
		qsort(busy, m->nbusy, sizeof(*busy), cmp_range);
	}

	for (size_t i = 0; i < m->nram; i++) {
		uint64_t cur = m->ram[i].start, last = m->ram[i].last;
		bool done = false;

		for (size_t k = 0; k < m->nbusy && !done; k++) {
			if (busy[k].last < cur || busy[k].start > last)
				continue;
			if (busy[k].start > cur &&
			    push_free(&out, &n, &cap,
				      (struct memmap_free){ cur, busy[k].start - 1, i }) < 0)
				return -ENOMEM;
			if (busy[k].last >= last)
				done = true;
			else if (busy[k].last + 1 > cur)
				cur = busy[k].last + 1;
		}
		if (!done && push_free(&out, &n, &cap, (struct memmap_free){ cur, last, i }) < 0)
			return -ENOMEM;
	}
	if (n > 1)
		qsort(out, n, sizeof(*out), cmp_free);
	*ret = TAKE_PTR(out);
	*ret_n = n;
	return 0;
}

_public_ int pstore_memmap_free_ranges_ram(const struct pstore_memmap *m,
					   struct pstore_range **ret, size_t **ret_ram,
					   size_t *ret_n)
{
	_cleanup_free_ struct memmap_free *fr = NULL;
	_cleanup_free_ struct pstore_range *out = NULL;
	_cleanup_free_ size_t *ram = NULL;
	size_t n;
	int r;

	if (!m || !ret || !ret_n)
		return -EINVAL;
	r = memmap_free_list(m, &fr, &n);
	if (r < 0)
		return r;
	if (n) {
		out = calloc(n, sizeof(*out));
		ram = calloc(n, sizeof(*ram));
		if (!out || !ram)
			return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t s = fr[i].last - fr[i].start;

		out[i] = (struct pstore_range){ fr[i].start, s == UINT64_MAX ? s : s + 1 };
		ram[i] = fr[i].ram;
	}
	*ret = TAKE_PTR(out);
	if (ret_ram)
		*ret_ram = TAKE_PTR(ram);
	*ret_n = n;
	return 0;
}

_public_ int pstore_memmap_free_ranges(const struct pstore_memmap *m, struct pstore_range **ret,
				       size_t *ret_n)
{
	return pstore_memmap_free_ranges_ram(m, ret, NULL, ret_n);
}

/* Whether the initrd areas (pstore_memmap_add_initrd_room) cover what would be free. */
bool memmap_initrd_took_all(const struct pstore_memmap *m)
{
	_cleanup_free_ struct memmap_range *busy = calloc(m->nbusy ? m->nbusy : 1, sizeof(*busy));
	_cleanup_free_ struct memmap_free *fr = NULL;
	struct pstore_memmap t = *m;
	size_t n = 0;

	if (!busy)
		return false;
	t.nbusy = 0;
	for (size_t k = 0; k < m->nbusy; k++)
		if (strncmp(m->busy[k].name, MEMMAP_INITRD_AREA, strlen(MEMMAP_INITRD_AREA)) != 0)
			busy[t.nbusy++] = m->busy[k];
	if (t.nbusy == m->nbusy)
		return false;
	t.busy = busy;
	return memmap_free_list(&t, &fr, &n) == 0 && n > 0;
}

/* ---- is this region free? ---- */

void memmap_where_init(struct memmap_where *w, uint64_t start, uint64_t last)
{
	*w = (struct memmap_where){
		.start = start, .last = last,
		.ram = -1, .ram_part = -1, .ram_last = -1, .busy_whole = -1, .busy_last = -1,
	};
}

static bool range_overlaps(const struct memmap_where *w, uint64_t start, uint64_t last)
{
	return start <= w->last && w->start <= last;
}

static bool range_holds(const struct memmap_where *w, uint64_t start, uint64_t last)
{
	return start <= w->start && w->last <= last;
}

void memmap_where_ram(struct memmap_where *w, uint64_t start, uint64_t last, size_t idx)
{
	if (!range_overlaps(w, start, last))
		return;
	w->ram_last = (ssize_t)idx;
	if (range_holds(w, start, last))
		w->ram = (ssize_t)idx;
	else if (w->ram_part < 0)
		w->ram_part = (ssize_t)idx;
}

void memmap_where_busy(struct memmap_where *w, uint64_t start, uint64_t last, size_t idx)
{
	if (!range_overlaps(w, start, last))
		return;
	if (w->nbusy < MEMMAP_WHERE_BUSY_KEPT)
		w->busy[w->nbusy] = idx;
	w->nbusy++;
	w->busy_last = (ssize_t)idx;
	if (range_holds(w, start, last))
		w->busy_whole = (ssize_t)idx;
}

void memmap_locate(const struct pstore_memmap *m, uint64_t start, uint64_t last,
		   struct memmap_where *w)
{
	memmap_where_init(w, start, last);
	for (size_t i = 0; i < m->nram; i++)
		memmap_where_ram(w, m->ram[i].start, m->ram[i].last, i);
	for (size_t k = 0; k < m->nbusy; k++)
		memmap_where_busy(w, m->busy[k].start, m->busy[k].last, k);
}
