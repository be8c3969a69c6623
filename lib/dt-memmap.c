/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device trees, the memory map of a checked DTB (its /memory, /memreserve/ and
 * /reserved-memory) and checking a region against it, by the one "is it free?" rule of
 * lib/memmap.c.
 */
#include <inttypes.h>

#include "dt.h"
#include "memmap.h"

unsigned long dt_path_walks;

static void count_path_walk(void)
{
	__atomic_fetch_add(&dt_path_walks, 1, __ATOMIC_RELAXED);
}

/* ---- reading reg-like properties ---- */

/* Iterate the (address, size) pairs of a reg-like property. */
static int reg_count(struct pstore_ctx *ctx, const char *path, const char *name, int len,
		     unsigned ac, unsigned sc)
{
	int entry = (int)(ac + sc) * 4;

	if (len < 0 || len % entry)
		return pstore_err(ctx, -EINVAL,
				  "%s: %s is %d bytes, not a multiple of %u+%u cells", path, name,
				  len, ac, sc);
	return len / entry;
}

static void reg_get(const fdt32_t *p, int i, unsigned ac, unsigned sc, uint64_t *addr,
		    uint64_t *size)
{
	const fdt32_t *e = p + (size_t)i * (ac + sc);

	*addr = dt_read_cells(e, ac);
	*size = dt_read_cells(e + ac, sc);
}

static bool overlaps(uint64_t a, uint64_t asz, uint64_t b, uint64_t bsz)
{
	if (!asz || !bsz)
		return false;
	return a <= b + (bsz - 1) && b <= a + (asz - 1);
}

static bool is_memory_node(const void *fdt, int node)
{
	const char *dt = fdt_getprop(fdt, node, "device_type", NULL);
	const char *status = fdt_getprop(fdt, node, "status", NULL);

	if (!dt || strcmp(dt, "memory") != 0)
		return false;
	return !status || streq(status, "okay") || streq(status, "ok");
}

/* The RAM of a /memory node as early_init_dt_scan_memory() takes it: a
 * "linux,usable-memory" property (kdump, kexec) replaces reg. *ret_name says which. */
static const fdt32_t *memory_reg(const void *fdt, int node, int *len, const char **ret_name)
{
	const fdt32_t *reg = fdt_getprop(fdt, node, "linux,usable-memory", len);

	*ret_name = "linux,usable-memory";
	if (reg)
		return reg;
	*ret_name = "reg";
	return fdt_getprop(fdt, node, "reg", len);
}

static int node_path(const void *fdt, int node, char *buf, int len)
{
	int r;

	count_path_walk();
	r = fdt_get_path(fdt, node, buf, len);

	if (r < 0)
		snprintf(buf, (size_t)len, "(node at offset %d)", node);
	return 0;
}

/*
 * The path of a child of the node at @parent_path ("" for the root), from the child's own
 * name: fdt_get_path() walks from the root, which over every child of a node made the
 * walk quadratic.
 */
static void child_path(const void *fdt, const char *parent_path, int node, char *buf,
		       size_t len)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	int w = name ? snprintf(buf, len, "%s/%s", parent_path, name) : -1;

	if (w < 0 || (size_t)w >= len)
		snprintf(buf, len, "(node at offset %d)", node);
}

/* ---- memory map ---- */

static int map_err(struct pstore_ctx *ctx, int r, const char *path, uint64_t a, uint64_t s)
{
	if (r == -EINVAL)
		return pstore_err(ctx, r, "%s: a range 0x%" PRIx64 "+0x%" PRIx64
				  " wraps past 2^64", path, a, s);
	return pstore_err_sys(ctx, r, "memory map");
}

/*
 * Adds the non-empty ranges of the reg-like property @pname (@len bytes at @reg) of the
 * node at @path to @m, as RAM or as busy, under the name @name.
 */
static int add_ranges(struct pstore_ctx *ctx, struct pstore_memmap *m, bool ram,
		      const fdt32_t *reg, const char *pname, int len, unsigned ac, unsigned sc,
		      const char *path, const char *name)
{
	int n = reg_count(ctx, path, pname, len, ac, sc);
	uint64_t a, s;
	int r;

	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		reg_get(reg, i, ac, sc, &a, &s);
		if (!s)
			continue;
		r = ram ? pstore_memmap_add_ram(m, a, s, name) : pstore_memmap_add_busy(m, a, s, name);
		if (r < 0)
			return map_err(ctx, r, name, a, s);
	}
	return 0;
}

enum {
	MAP_ALLOC_RANGES = 1 << 0, /* a node placed inside alloc-ranges takes all of them */
	MAP_SKIP_RAMOOPS = 1 << 1, /* leave out the ramoops nodes (about to be replaced) */
};

/*
 * The memory map of a tree: RAM from the /memory nodes, busy ranges from the /memreserve/
 * entries and the /reserved-memory children, in that order and named by their path.
 * *ret_any_memory tells "no /memory node" from "a /memory node without a reg".
 */
static int build_map(struct pstore_ctx *ctx, const struct tree *t, unsigned how,
		     struct pstore_memmap **ret, bool *ret_any_memory)
{
	_cleanup_(memmap_freep) struct pstore_memmap *m = NULL;
	const void *fdt = t->fdt;
	char path[256], name[320];
	int node, r, plen, nrsv;
	uint64_t a = 0, s = 0;
	bool any_memory = false;

	r = pstore_memmap_new(&m);
	if (r < 0)
		return pstore_err_sys(ctx, r, "memory map");

	fdt_for_each_subnode(node, fdt, 0) {
		const fdt32_t *reg;
		const char *pname;

		if (!is_memory_node(fdt, node))
			continue;
		any_memory = true;
		child_path(fdt, "", node, path, sizeof(path));
		reg = memory_reg(fdt, node, &plen, &pname);
		if (!reg)
			continue;
		r = add_ranges(ctx, m, true, reg, pname, plen, t->ac, t->sc, path, path);
		if (r < 0)
			return r;
	}

	nrsv = fdt_num_mem_rsv(fdt);
	for (int i = 0; i < nrsv; i++) {
		if (fdt_get_mem_rsv(fdt, i, &a, &s) < 0 || !s)
			continue;
		snprintf(name, sizeof(name), "/memreserve/ entry %d", i);
		r = pstore_memmap_add_busy(m, a, s, name);
		if (r < 0)
			return map_err(ctx, r, name, a, s);
	}

	if (t->rm >= 0) {
		fdt_for_each_subnode(node, fdt, t->rm) {
			const fdt32_t *reg, *ar;
			int arlen;

			if ((how & MAP_SKIP_RAMOOPS) && dt_is_ramoops(fdt, node))
				continue;
			child_path(fdt, "/reserved-memory", node, path, sizeof(path));
			reg = fdt_getprop(fdt, node, "reg", &plen);
			if (reg) {
				r = add_ranges(ctx, m, false, reg, "reg", plen, t->rm_ac, t->rm_sc,
					       path, path);
				if (r < 0)
					return r;
				continue;
			}
			if (!(how & MAP_ALLOC_RANGES))
				continue;
			/* Placed at boot somewhere inside alloc-ranges: all of it is taken. */
			ar = fdt_getprop(fdt, node, "alloc-ranges", &arlen);
			if (!ar)
				continue;
			snprintf(name, sizeof(name), "%s (alloc-ranges)", path);
			r = add_ranges(ctx, m, false, ar, "alloc-ranges", arlen, t->rm_ac,
				       t->rm_sc, path, name);
			if (r < 0)
				return r;
		}
	}
	*ret = TAKE_PTR(m);
	if (ret_any_memory)
		*ret_any_memory = any_memory;
	return 0;
}

_public_ int pstore_dtb_memmap(struct pstore_ctx *ctx, const struct pstore_dtb *dtb,
			       struct pstore_memmap **ret)
{
	struct pstore_memmap *m = NULL;
	struct tree t;
	int r;

	if (!dtb || !ret)
		return -EINVAL;
	r = dt_tree_open(ctx, dtb, &t);
	if (r < 0)
		return r;
	r = build_map(ctx, &t, MAP_ALLOC_RANGES, &m, NULL);
	if (r < 0)
		return r;
	if (pstore_memmap_ram_count(m) == 0) {
		pstore_memmap_free(m);
		return pstore_err(ctx, -ENOENT,
				  "no /memory node with a reg (device_type = \"memory\"): "
				  "no RAM to choose from");
	}
	*ret = m;
	return 0;
}

_public_ int pstore_dt_memmap(struct pstore_ctx *ctx, const void *fdt, size_t len,
			      struct pstore_memmap **ret)
{
	struct pstore_dtb v;
	int r = dt_dtb_view(ctx, fdt, len, &v);

	return r < 0 ? r : pstore_dtb_memmap(ctx, &v, ret);
}

/* ---- checking a region against a tree ---- */

int dt_check_region(struct pstore_ctx *ctx, const struct tree *t,
			const struct pstore_dt_node *n, unsigned flags)
{
	_cleanup_(memmap_freep) struct pstore_memmap *m = NULL;
	const void *fdt = t->fdt;
	uint64_t start = n->address, size = n->size, end = n->address + n->size - 1;
	uint64_t a, s;
	struct memmap_where w;
	char path[256];
	int node, plen, cnt, r;
	bool any_memory = false;

	if (t->rm >= 0 && !t->rm_ok)
		return pstore_err(ctx, -EINVAL,
				  "/reserved-memory: %s: the kernel ignores such a node",
				  t->rm_problem);
	r = dt_check_reg(ctx, start, size, t->rm >= 0 ? t->rm_ac : t->ac,
			 t->rm >= 0 ? t->rm_sc : t->sc);
	if (r < 0)
		return r;

	/* Only one ramoops instance can probe; a second node would be silently useless. */
	node = fdt_node_offset_by_compatible(fdt, -1, RAMOOPS_COMPATIBLE);
	if (node >= 0 && !(flags & PSTORE_DT_REPLACE)) {
		node_path(fdt, node, path, sizeof(path));
		return pstore_err(ctx, -EEXIST, "the DTB already has a ramoops node: %s", path);
	}

	/* Free as plan means it (lib/memmap.c), the node being replaced aside. */
	r = build_map(ctx, t, (flags & PSTORE_DT_REPLACE) ? MAP_SKIP_RAMOOPS : 0, &m,
		      &any_memory);
	if (r < 0)
		return r;
	if (!any_memory)
		return pstore_err(ctx, -EBUSY,
				  "the DTB has no /memory node: cannot check that 0x%" PRIx64
				  "-0x%" PRIx64 " is RAM",
				  start, end);
	memmap_locate(m, start, end, &w);
	if (w.ram < 0)
		return pstore_err(ctx, -EBUSY,
				  "region 0x%" PRIx64 "-0x%" PRIx64
				  " is not inside any /memory node's reg",
				  start, end);
	if (w.nbusy) {
		const struct memmap_range *b = &m->busy[w.busy[0]];

		return pstore_err(ctx, -EBUSY,
				  "region 0x%" PRIx64 "-0x%" PRIx64 " overlaps %s (0x%" PRIx64
				  "-0x%" PRIx64 ")",
				  start, end, b->name, b->start, b->last);
	}

	if (t->rm < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, t->rm) {
		const fdt32_t *ar;

		/* The kernel places dynamic regions around static ones, so this is not
		 * a conflict, but it narrows where that region can go. */
		if (((flags & PSTORE_DT_REPLACE) && dt_is_ramoops(fdt, node)) ||
		    fdt_getprop(fdt, node, "reg", NULL))
			continue;
		ar = fdt_getprop(fdt, node, "alloc-ranges", &plen);
		if (!ar)
			continue;
		child_path(fdt, "/reserved-memory", node, path, sizeof(path));
		cnt = reg_count(ctx, path, "alloc-ranges", plen, t->rm_ac, t->rm_sc);
		if (cnt < 0)
			return cnt;
		for (int i = 0; i < cnt; i++) {
			reg_get(ar, i, t->rm_ac, t->rm_sc, &a, &s);
			if (overlaps(start, size, a, s))
				warn(ctx,
				     "region 0x%" PRIx64 "-0x%" PRIx64
				     " lies in the alloc-ranges of %s: less room for it at boot",
				     start, end, path);
		}
	}
	return 0;
}

_public_ int pstore_dtb_check_region(struct pstore_ctx *ctx, const struct pstore_dtb *dtb,
				     const struct pstore_dt_node *n, unsigned flags)
{
	struct tree t;
	int r;

	if (!dtb || !n)
		return -EINVAL;
	r = dt_tree_open(ctx, dtb, &t);
	if (r < 0)
		return r;
	return dt_check_region(ctx, &t, n, flags);
}

_public_ int pstore_dt_check_region(struct pstore_ctx *ctx, const void *fdt, size_t len,
				    const struct pstore_dt_node *n, unsigned flags)
{
	struct pstore_dtb v;
	int r = dt_dtb_view(ctx, fdt, len, &v);

	return r < 0 ? r : pstore_dtb_check_region(ctx, &v, n, flags);
}
