/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device trees, patching a blob: putting a ramoops node (and /reserved-memory when the
 * tree has none) into a checked DTB with libfdt, growing it as fdtput does, and writing
 * the result. Reading and checking blobs is lib/dt-blob.c.
 */
#include <inttypes.h>
#include <limits.h>

#include "dt.h"

/* A patched blob never needs more than a few KiB; a runaway loop is a bug. */
#define PATCH_GROW_MAX (1u << 20)

/* ---- patching ---- */

static int setprop_cells(void *fdt, int node, const char *name, uint64_t a, unsigned ac,
			 uint64_t s, unsigned sc)
{
	fdt32_t v[4];
	unsigned i = 0;

	if (ac == 2)
		v[i++] = cpu_to_fdt32((uint32_t)(a >> 32));
	v[i++] = cpu_to_fdt32((uint32_t)a);
	if (sc == 2)
		v[i++] = cpu_to_fdt32((uint32_t)(s >> 32));
	v[i++] = cpu_to_fdt32((uint32_t)s);
	return fdt_setprop(fdt, node, name, v, (int)(i * sizeof(v[0])));
}

/*
 * One attempt on a writable copy. Returns 0 or a -FDT_ERR_* code with *what saying which
 * step failed; -FDT_ERR_NOSPACE means grow the copy and retry from the original.
 */
static int apply_patch(void *fdt, const struct tree *t, const struct pstore_dt_node *n,
		       unsigned flags, const char *name, const char **what)
{
	uint32_t phandle = 0;
	int rm, node, r;

	if (flags & PSTORE_DT_REPLACE) {
		/* Remove every ramoops node; keep the first phandle so references hold. */
		while ((node = fdt_node_offset_by_compatible(fdt, -1, RAMOOPS_COMPATIBLE)) >= 0) {
			if (!phandle)
				phandle = fdt_get_phandle(fdt, node);
			*what = "deleting the old ramoops node";
			r = fdt_del_node(fdt, node);
			if (r < 0)
				return r;
		}
	}

	rm = fdt_path_offset(fdt, "/reserved-memory");
	if (rm == -FDT_ERR_NOTFOUND) {
		*what = "adding /reserved-memory";
		rm = fdt_add_subnode(fdt, 0, "reserved-memory");
		if (rm < 0)
			return rm;
		r = fdt_setprop_u32(fdt, rm, "#address-cells", t->ac);
		if (r == 0)
			r = fdt_setprop_u32(fdt, rm, "#size-cells", t->sc);
		if (r == 0)
			r = fdt_setprop_empty(fdt, rm, "ranges");
		if (r < 0)
			return r;
	} else if (rm < 0) {
		*what = "/reserved-memory";
		return rm;
	}

	*what = "adding the ramoops node";
	node = fdt_add_subnode(fdt, rm, name);
	if (node < 0)
		return node;

	/* A new property goes first in its node: set them last to first, so that the
	 * tree reads compatible, reg, sizes... as a person would write it. */
	r = 0;
	if (n->no_map)
		r = fdt_setprop_empty(fdt, node, "no-map");
#define SET_U32(has, prop, v)                                                            \
	if (r == 0 && (has))                                                             \
		r = fdt_setprop_u32(fdt, node, prop, (uint32_t)(v));
	SET_U32(phandle != 0 && phandle != (uint32_t)-1, "phandle", phandle)
	SET_U32(n->has_flags, "flags", n->flags)
	SET_U32(n->has_max_reason, "max-reason", n->max_reason)
	SET_U32(n->has_mem_type, "mem-type", n->mem_type)
	SET_U32(n->has_ecc_size, "ecc-size", n->ecc_size)
	SET_U32(n->has_pmsg_size, "pmsg-size", n->pmsg_size)
	SET_U32(n->has_ftrace_size, "ftrace-size", n->ftrace_size)
	SET_U32(n->has_console_size, "console-size", n->console_size)
	SET_U32(n->has_record_size, "record-size", n->record_size)
#undef SET_U32
	if (r == 0)
		r = setprop_cells(fdt, node, "reg", n->address, n->address_cells, n->size,
				  n->size_cells);
	if (r == 0)
		r = fdt_setprop_string(fdt, node, "compatible", RAMOOPS_COMPATIBLE);
	return r;
}

_public_ int pstore_dtb_patch(struct pstore_ctx *ctx, const struct pstore_dtb *dtb,
			      const struct pstore_dt_node *n, unsigned flags, void **ret_fdt,
			      size_t *ret_len)
{
	struct pstore_dt_node node;
	struct tree t;
	const void *fdt;
	const char *what = "";
	char name[64];
	size_t total, cap, grow;
	void *buf = NULL;
	int r;

	if (!dtb || !n || !ret_fdt || !ret_len)
		return -EINVAL;
	node = *n;
	fdt = dtb->blob;
	r = dt_tree_open(ctx, dtb, &t);
	if (r < 0)
		return r;
	/* reg is written in the cells of the parent it will have. */
	node.address_cells = t.rm >= 0 ? t.rm_ac : t.ac;
	node.size_cells = t.rm >= 0 ? t.rm_sc : t.sc;
	r = dt_check_region(ctx, &t, &node, flags);
	if (r < 0)
		return r;
	r = pstore_dt_node_check(ctx, &node, NULL);
	if (r < 0)
		return r;
	snprintf(name, sizeof(name), "ramoops@%" PRIx64, node.address);

	/* Start with no room at all, so the grow-and-retry path runs on every patch. */
	total = fdt_totalsize(fdt);
	for (cap = total, grow = 512;; cap += grow, grow *= 2) {
		if (cap > total + PATCH_GROW_MAX || cap > INT_MAX) {
			free(buf);
			return pstore_err(ctx, -ENOSPC,
					  "patching the DTB: it keeps growing past %zu bytes",
					  cap - grow / 2);
		}
		void *nbuf = realloc(buf, cap);
		if (!nbuf) {
			free(buf);
			return pstore_err(ctx, -ENOMEM, "patching the DTB: out of memory");
		}
		buf = nbuf;
		/* The copy is rebuilt from the untouched input on every attempt. */
		what = "opening the DTB for writing";
		r = fdt_open_into(fdt, buf, (int)cap);
		if (r == 0)
			r = apply_patch(buf, &t, &node, flags, name, &what);
		if (r != -FDT_ERR_NOSPACE)
			break;
		dbg(ctx, "DTB: no space in %zu bytes, growing", cap);
	}
	if (r == -FDT_ERR_EXISTS) {
		free(buf);
		return pstore_err(ctx, -EEXIST,
				  "/reserved-memory/%s already exists and is not a ramoops node",
				  name);
	}
	if (r < 0) {
		free(buf);
		return pstore_err(ctx, dt_fdt_to_errno(r), "%s: %s", what, fdt_strerror(r));
	}
	r = fdt_pack(buf);
	if (r == 0)
		r = dt_check_full(buf, fdt_totalsize(buf));
	if (r < 0) {
		free(buf);
		return pstore_err(ctx, -EINVAL, "the patched tree is invalid: %s",
				  fdt_strerror(r));
	}
	*ret_len = fdt_totalsize(buf);
	*ret_fdt = buf;
	return 0;
}

_public_ int pstore_dt_patch(struct pstore_ctx *ctx, const void *fdt, size_t len,
			     const struct pstore_dt_node *n, unsigned flags, void **ret_fdt,
			     size_t *ret_len)
{
	struct pstore_dtb v;
	int r = dt_dtb_view(ctx, fdt, len, &v);

	return r < 0 ? r : pstore_dtb_patch(ctx, &v, n, flags, ret_fdt, ret_len);
}

_public_ int pstore_dt_write(struct pstore_ctx *ctx, const char *path, const void *fdt,
			     size_t len, mode_t mode)
{
	struct pstore_atomic a;
	int r;

	if (streq(path, "-")) {
		r = pstore_write_all(STDOUT_FILENO, fdt, len);
		if (r < 0)
			return pstore_err_sys(ctx, r, "(stdout)");
		return 0;
	}
	r = pstore_atomic_open(ctx, path, mode, &a);
	if (r < 0)
		return r;
	r = pstore_write_all(a.fd, fdt, len);
	if (r < 0) {
		pstore_atomic_abort(&a);
		return pstore_err_sys(ctx, r, "%s", path);
	}
	return pstore_atomic_commit(ctx, &a);
}
