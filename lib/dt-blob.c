/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device trees, the blob: reading a DTB and checking it once, its cells, and finding the
 * ramoops nodes in it. Its memory map and the region check are in lib/dt-memmap.c,
 * patching and writing a blob in lib/dt-patch.c.
 */
#include <inttypes.h>
#include <limits.h>

#include "dt.h"

/* The oldest DTB version libfdt can check (FDT_FIRST_SUPPORTED_VERSION says 2, but
 * fdt_check_full() crashes below 16). */
#define DTB_MIN_VERSION 16u

/* ---- errors ---- */

int dt_fdt_to_errno(int fdterr)
{
	switch (-fdterr) {
	case FDT_ERR_NOTFOUND:
		return -ENOENT;
	case FDT_ERR_EXISTS:
		return -EEXIST;
	case FDT_ERR_NOSPACE:
		return -ENOSPC;
	case FDT_ERR_BADMAGIC:
	case FDT_ERR_BADVERSION:
		return -ENOEXEC;
	default:
		return -EINVAL;
	}
}

/* ---- reading and checking blobs, once ---- */

unsigned long dt_full_checks;
int dt_check_full(const void *fdt, size_t len)
{
	__atomic_fetch_add(&dt_full_checks, 1, __ATOMIC_RELAXED);
	return fdt_check_full(fdt, len);
}

/*
 * Does every tag of the structure block move the walk forward? libfdt before 1.7.0
 * (Debian 12 has 1.6.1) lets a property's length wrap the next tag's offset back onto
 * the property itself (fixed upstream by "libfdt: prevent integer overflow in
 * fdt_next_tag"), and fdt_check_full() then never returns: found by tests/fuzz/fuzz-dtb.
 * Returns the offset of the first tag that does not advance, or -1.
 */
static int dt_stuck_tag(const void *fdt)
{
	int off = 0, next;
	uint32_t tag;

	for (;;) {
		tag = fdt_next_tag(fdt, off, &next);
		if (tag == FDT_END)
			return -1; /* the end, or a fault fdt_check_full() names */
		if (next <= off)
			return off;
		off = next;
	}
}

_public_ int pstore_dt_check_blob(struct pstore_ctx *ctx, const void *fdt, size_t len,
				  const char *origin)
{
	const unsigned char *p = fdt;
	uint32_t magic, total, version;
	int r;

	if (!origin)
		origin = "DTB";
	if (len == 0)
		return pstore_err(ctx, -EINVAL, "%s: empty file, not a DTB", origin);
	if (len < 4)
		return pstore_err(ctx, -EINVAL, "%s: truncated DTB (%zu bytes)", origin, len);
	magic = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	if (magic != FDT_MAGIC)
		return pstore_err(ctx, -ENOEXEC,
				  "%s: not a DTB (magic 0x%08x, expected 0x%08x)", origin, magic,
				  (unsigned)FDT_MAGIC);
	if (len < sizeof(struct fdt_header))
		return pstore_err(ctx, -EINVAL,
				  "%s: truncated DTB (%zu bytes, shorter than the header)", origin,
				  len);
	total = fdt_totalsize(fdt);
	if (total > len)
		return pstore_err(ctx, -EINVAL,
				  "%s: truncated DTB (the header says %" PRIu32
				  " bytes, there are %zu)",
				  origin, total, len);
	if ((uintptr_t)fdt % 8)
		return pstore_err(ctx, -EINVAL, "%s: DTB buffer is not 8-byte aligned", origin);
	/* libfdt 1.6.1's fdt_check_full() dereferences NULL on a blob older than version
	 * 16 (node names were full paths then): refuse those before asking it. */
	version = fdt_version(fdt);
	if (version < DTB_MIN_VERSION)
		return pstore_err(ctx, -ENOEXEC,
				  "%s: DTB version %" PRIu32 " is older than %u, which libfdt cannot check (recompile the source with a current dtc)",
				  origin, version, DTB_MIN_VERSION);
	r = dt_stuck_tag(fdt);
	if (r >= 0)
		return pstore_err(ctx, -EINVAL,
				  "%s: corrupt DTB: the property at offset %d of the structure block has a length that wraps around",
				  origin, r);
	r = dt_check_full(fdt, len);
	if (r < 0)
		return pstore_err(ctx, dt_fdt_to_errno(r), "%s: corrupt DTB: %s", origin,
				  fdt_strerror(r));
	return 0;
}

_public_ int pstore_dt_read(struct pstore_ctx *ctx, const char *path, void **ret_fdt,
			    size_t *ret_len)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r;

	r = pstore_read_userfile(ctx, path, &buf, &len);
	if (r < 0)
		return r;
	/* malloc'd memory is aligned for libfdt. */
	r = pstore_dt_check_blob(ctx, buf, len, streq(path, "-") ? "(stdin)" : path);
	if (r < 0)
		return r;
	*ret_fdt = TAKE_PTR(buf);
	*ret_len = fdt_totalsize(*ret_fdt);
	return 0;
}

_public_ int pstore_dtb_from_blob(struct pstore_ctx *ctx, const void *fdt, size_t len,
				  const char *origin, struct pstore_dtb **ret)
{
	struct pstore_dtb *d;
	void *copy;
	int r;

	if (!fdt || !ret)
		return -EINVAL;
	/* Checked in an aligned copy, so that any caller's buffer will do. */
	copy = malloc(len ? len : 1);
	if (!copy)
		return pstore_err(ctx, -ENOMEM, "%s: out of memory", origin ? origin : "DTB");
	memcpy(copy, fdt, len);
	r = pstore_dt_check_blob(ctx, copy, len, origin);
	if (r < 0) {
		free(copy);
		return r;
	}
	d = calloc(1, sizeof(*d));
	if (!d || (origin && !(d->origin = strdup(origin)))) {
		free(d);
		free(copy);
		return pstore_err(ctx, -ENOMEM, "%s: out of memory", origin ? origin : "DTB");
	}
	d->fdt = copy;
	d->blob = copy;
	d->len = fdt_totalsize(copy);
	*ret = d;
	return 0;
}

_public_ int pstore_dtb_read(struct pstore_ctx *ctx, const char *path, struct pstore_dtb **ret)
{
	_cleanup_free_ char *buf = NULL;
	struct pstore_dtb *d;
	const char *origin;
	size_t len = 0;
	int r;

	if (!path || !ret)
		return -EINVAL;
	r = pstore_read_userfile(ctx, path, &buf, &len);
	if (r < 0)
		return r;
	/* malloc'd memory is aligned for libfdt. */
	origin = streq(path, "-") ? "(stdin)" : path;
	r = pstore_dt_check_blob(ctx, buf, len, origin);
	if (r < 0)
		return r;
	d = calloc(1, sizeof(*d));
	if (!d || !(d->origin = strdup(origin))) {
		free(d);
		return pstore_err(ctx, -ENOMEM, "%s: out of memory", origin);
	}
	d->fdt = TAKE_PTR(buf);
	d->blob = d->fdt;
	d->len = fdt_totalsize(d->fdt);
	*ret = d;
	return 0;
}

_public_ void pstore_dtb_free(struct pstore_dtb *dtb)
{
	if (!dtb)
		return;
	free(dtb->fdt);
	free(dtb->origin);
	free(dtb);
}

_public_ const void *pstore_dtb_get_blob(const struct pstore_dtb *dtb, size_t *ret_len)
{
	if (!dtb)
		return NULL;
	if (ret_len)
		*ret_len = dtb->len;
	return dtb->blob;
}

_public_ const char *pstore_dtb_get_origin(const struct pstore_dtb *dtb)
{
	return dtb ? dtb->origin : NULL;
}

/* The raw-blob calls: check @fdt, then look at it through a borrowed pstore_dtb. */
int dt_dtb_view(struct pstore_ctx *ctx, const void *fdt, size_t len, struct pstore_dtb *v)
{
	int r = pstore_dt_check_blob(ctx, fdt, len, NULL);

	if (r < 0)
		return r;
	*v = (struct pstore_dtb){ .blob = fdt, .len = fdt_totalsize(fdt) };
	return 0;
}

/* ---- the tree's cells ---- */

/* A cells property of @node; -ENOENT when absent (no message), -EINVAL when bad. */
static int get_cells_prop(struct pstore_ctx *ctx, const void *fdt, int node, const char *path,
			  const char *name, unsigned *ret)
{
	const fdt32_t *v;
	int len;
	uint32_t c;

	v = fdt_getprop(fdt, node, name, &len);
	if (!v)
		return -ENOENT;
	if (len != 4)
		return pstore_err(ctx, -EINVAL, "%s: %s is %d bytes, not one cell", path, name,
				  len);
	c = fdt32_to_cpu(*v);
	if (c < 1 || c > 2)
		return pstore_err(ctx, -EINVAL,
				  "%s: %s = <%" PRIu32 ">: only 1 or 2 cells are supported", path,
				  name, c);
	*ret = c;
	return 0;
}

/* The cells and /reserved-memory of a checked blob. */
int dt_tree_open(struct pstore_ctx *ctx, const struct pstore_dtb *dtb, struct tree *t)
{
	const void *fdt = dtb->blob;
	int r;

	memset(t, 0, sizeof(*t));
	t->fdt = fdt;
	/* The spec has defaults, but a tree without them is almost always a mistake, and
	 * reg could not be read reliably. */
	r = get_cells_prop(ctx, fdt, 0, "/", "#address-cells", &t->ac);
	if (r == -ENOENT)
		return pstore_err(ctx, -EINVAL,
				  "/: no #address-cells property: cannot read any reg");
	if (r < 0)
		return r;
	r = get_cells_prop(ctx, fdt, 0, "/", "#size-cells", &t->sc);
	if (r == -ENOENT)
		return pstore_err(ctx, -EINVAL,
				  "/: no #size-cells property: cannot read any reg");
	if (r < 0)
		return r;

	t->rm = fdt_path_offset(fdt, "/reserved-memory");
	if (t->rm < 0)
		return 0;
	t->rm_ac = t->ac;
	t->rm_sc = t->sc;
	r = get_cells_prop(ctx, fdt, t->rm, "/reserved-memory", "#address-cells", &t->rm_ac);
	if (r < 0 && r != -ENOENT)
		return r;
	if (r == -ENOENT)
		snprintf(t->rm_problem, sizeof(t->rm_problem), "it has no #address-cells");
	r = get_cells_prop(ctx, fdt, t->rm, "/reserved-memory", "#size-cells", &t->rm_sc);
	if (r < 0 && r != -ENOENT)
		return r;
	if (r == -ENOENT && !t->rm_problem[0])
		snprintf(t->rm_problem, sizeof(t->rm_problem), "it has no #size-cells");
	if (!t->rm_problem[0] && (t->rm_ac != t->ac || t->rm_sc != t->sc))
		snprintf(t->rm_problem, sizeof(t->rm_problem),
			 "its cells <%u>/<%u> differ from the root's <%u>/<%u>", t->rm_ac,
			 t->rm_sc, t->ac, t->sc);
	if (!t->rm_problem[0] && !fdt_getprop(fdt, t->rm, "ranges", NULL))
		snprintf(t->rm_problem, sizeof(t->rm_problem), "it has no ranges property");
	t->rm_ok = !t->rm_problem[0];
	return 0;
}

_public_ int pstore_dtb_cells(struct pstore_ctx *ctx, const struct pstore_dtb *dtb,
			      unsigned *ret_address_cells, unsigned *ret_size_cells,
			      bool *ret_have_parent)
{
	struct tree t;
	int r;

	if (!dtb || !ret_address_cells || !ret_size_cells)
		return -EINVAL;
	r = dt_tree_open(ctx, dtb, &t);
	if (r < 0)
		return r;
	if (t.rm >= 0 && !t.rm_ok)
		return pstore_err(ctx, -EINVAL,
				  "/reserved-memory: %s: the kernel ignores such a node",
				  t.rm_problem);
	*ret_address_cells = t.rm >= 0 ? t.rm_ac : t.ac;
	*ret_size_cells = t.rm >= 0 ? t.rm_sc : t.sc;
	if (ret_have_parent)
		*ret_have_parent = t.rm >= 0;
	return 0;
}

_public_ int pstore_dt_cells(struct pstore_ctx *ctx, const void *fdt, size_t len,
			     unsigned *ret_address_cells, unsigned *ret_size_cells,
			     bool *ret_have_parent)
{
	struct pstore_dtb v;
	int r = dt_dtb_view(ctx, fdt, len, &v);

	return r < 0 ? r :
		       pstore_dtb_cells(ctx, &v, ret_address_cells, ret_size_cells,
					ret_have_parent);
}

/* ---- finding the ramoops nodes ---- */

/*
 * Cells for the children of a node as the kernel reads them (of_bus_n_addr_cells(),
 * of_bus_n_size_cells()): the node's own property, else its nearest ancestor's, else 1
 * (OF_ROOT_NODE_*_CELLS_DEFAULT outside sparc). libfdt's fdt_address_cells() would stop
 * at the node and default to 2. -1 for a property that is not one cell. @stack holds the
 * offsets of the node (stack[depth]) and of its ancestors, from the walk.
 */
static int stack_cells(const void *fdt, const int *stack, int depth, const char *name)
{
	for (; depth >= 0; depth--) {
		int len;
		const fdt32_t *v = fdt_getprop(fdt, stack[depth], name, &len);

		if (v)
			return len == 4 ? (int)fdt32_to_cpu(*v) : -1;
	}
	return 1;
}

/*
 * One walk over the tree in offset order (the order fdt_node_offset_by_compatible() gives),
 * keeping the offsets and path lengths of the current node's ancestors: each ramoops node
 * gets its path and its parent's cells without a lookup from the root.
 */
_public_ int pstore_dtb_find_ramoops(struct pstore_ctx *ctx, const struct pstore_dtb *dtb,
				     struct pstore_dt_node ***ret)
{
	_cleanup_free_ int *stack = NULL;
	_cleanup_free_ size_t *plen = NULL;
	_cleanup_(strbuf_free) struct strbuf path = { 0 };
	struct pstore_dt_node **arr = NULL, *slot;
	size_t n = 0, depthcap = 0;
	const void *fdt;
	int node, depth = 0, r;

	if (!dtb || !ret)
		return -EINVAL;
	fdt = dtb->blob;
	for (node = 0; node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		const char *name;
		struct dt_props p = { .fdt = fdt, .node = node, .ctx = ctx };
		int ac, sc;

		if (depth < 0)
			break;
		if ((size_t)depth >= depthcap) {
			size_t nc = depthcap ? depthcap * 2 : 16;
			int *ns = reallocarray(stack, nc, sizeof(*stack));
			size_t *nl = ns ? reallocarray(plen, nc, sizeof(*plen)) : NULL;

			if (ns)
				stack = ns;
			if (!ns || !nl) {
				r = pstore_err(ctx, -ENOMEM, "DTB: out of memory");
				goto err;
			}
			plen = nl;
			depthcap = nc;
		}
		stack[depth] = node;
		/* the path of the parent, then "/name" (the root is "" here, "/" alone) */
		path.len = depth ? plen[depth - 1] : 0;
		if (path.buf)
			path.buf[path.len] = '\0';
		if (depth) {
			name = fdt_get_name(fdt, node, NULL);
			strbuf_printf(&path, "/%s", name ? name : "?");
		}
		if (strbuf_failed(&path)) {
			r = pstore_err(ctx, -ENOMEM, "DTB: out of memory");
			goto err;
		}
		plen[depth] = path.len;
		if (!dt_is_ramoops(fdt, node))
			continue;

		p.path = depth ? path.buf : "/";
		ac = depth ? stack_cells(fdt, stack, depth - 1, "#address-cells") : 1;
		sc = depth ? stack_cells(fdt, stack, depth - 1, "#size-cells") : 1;
		if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
			r = pstore_err(ctx, -EINVAL,
				       "%s: the parent's cells <%d>/<%d> are not supported",
				       p.path, ac, sc);
			goto err;
		}
		r = dt_append_node(&arr, &n, &slot);
		if (r < 0) {
			r = pstore_err_sys(ctx, r, "%s", p.path);
			goto err;
		}
		r = dt_fill_node(&p, (unsigned)ac, (unsigned)sc, slot);
		if (r < 0)
			goto err;
		/* as fdt_get_path() did: a path that does not fit is named by its offset */
		if (strlen(p.path) >= sizeof(slot->path))
			snprintf(slot->path, sizeof(slot->path), "(node at offset %d)", node);
	}
	*ret = arr;
	return (int)n;
err:
	pstore_dt_node_list_free(arr, n);
	return r;
}

_public_ int pstore_dt_find_ramoops(struct pstore_ctx *ctx, const void *fdt, size_t len,
				    struct pstore_dt_node ***ret)
{
	struct pstore_dtb v;
	int r = dt_dtb_view(ctx, fdt, len, &v);

	return r < 0 ? r : pstore_dtb_find_ramoops(ctx, &v, ret);
}
