/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to lib/dt-*.c: what the node model, the blob code, its memory map and the
 * live-tree walk share.
 */
#ifndef LIBPSTORE_DT_H
#define LIBPSTORE_DT_H

#include <libfdt.h>

#include "internal.h"

#define RAMOOPS_COMPATIBLE "ramoops"

static inline bool dt_is_ramoops(const void *fdt, int node)
{
	return fdt_node_check_compatible(fdt, node, RAMOOPS_COMPATIBLE) == 0;
}

/* The opaque node of libpstore.h (also read by lib/check*.c through this header). */
struct pstore_dt_node {
	char path[256];         /* where it was found (pstore_dt_find_ramoops), else "" */
	uint64_t address, size; /* reg */
	unsigned address_cells; /* #address-cells / #size-cells of the parent node */
	unsigned size_cells;
	bool has_record_size, has_console_size, has_ftrace_size, has_pmsg_size;
	bool has_ecc_size, has_mem_type, has_max_reason, has_flags;
	uint64_t record_size, console_size, ftrace_size, pmsg_size, ecc_size;
	uint64_t mem_type, max_reason, flags;
	bool no_map;            /* the reserved-memory "no-map" property */
	bool have_parent;       /* overlay: the base tree already has /reserved-memory */
	bool unbuffered, no_dump_oops;
	bool disabled;          /* found with a status other than "okay" */
};

/* Nothing set, cells 2/2 (dt-node.c). */
void dt_node_init(struct pstore_dt_node *n);

/*
 * How many times fdt_check_full() has run in this process (dt-blob.c): a test seam that
 * shows a command checks its DTB once.
 */
extern unsigned long dt_full_checks;
/*
 * How many times a libfdt call that walks the blob from its root to find a node's path or
 * parent (fdt_get_path, fdt_parent_offset) has run: a test seam that shows a walk over N
 * nodes does not cost N of those (dt-memmap.c).
 */
extern unsigned long dt_path_walks;

/* reg must fit the cells, and with one address cell so must its last byte (dt-node.c). */
int dt_check_reg(struct pstore_ctx *ctx, uint64_t address, uint64_t size, unsigned ac,
		 unsigned sc);
/* A big-endian number of @n cells (dt-node.c). */
uint64_t dt_read_cells(const fdt32_t *c, unsigned n);

/* One property source for dt_fill_node(): a blob node or a live-tree directory. */
struct dt_props {
	const void *fdt;
	int node;
	int dirfd;
	const char *path;
	struct pstore_ctx *ctx;
};
/* Read a ramoops node's properties; @ac/@sc are its parent's cells (dt-node.c). */
int dt_fill_node(const struct dt_props *p, unsigned ac, unsigned sc, struct pstore_dt_node *n);
/* Grow a node array by one new node; *ret is it (dt-node.c). Geometric: the capacity is
 * implied by the count, so the array must only ever grow through this call. */
int dt_append_node(struct pstore_dt_node ***arr, size_t *n, struct pstore_dt_node **ret);

/* ---- the blob (dt-blob.c) and its memory map (dt-memmap.c), shared with patching
 * (dt-patch.c) ---- */

/*
 * A DTB the library has checked: every pstore_dtb_* call trusts it, so a command that
 * reads one blob runs fdt_check_full() on it once (the pstore_dt_* calls that take a raw
 * blob check it each time: they cannot know where it came from).
 */
struct pstore_dtb {
	void *fdt; /* malloc'd: 8-byte aligned for libfdt; NULL in a borrowed view */
	const void *blob;
	size_t len;      /* fdt_totalsize() */
	char *origin;
};

/* The root's cells and /reserved-memory of a checked blob. */
struct tree {
	const void *fdt;
	unsigned ac, sc; /* root cells */
	int rm;          /* /reserved-memory offset or < 0 */
	unsigned rm_ac, rm_sc;
	bool rm_ok;      /* cells equal the root's and ranges present */
	char rm_problem[160];
};

/* libfdt's -FDT_ERR_* as a negative errno. */
int dt_fdt_to_errno(int fdterr);
/* fdt_check_full(), counted in dt_full_checks. */
int dt_check_full(const void *fdt, size_t len);
/* A borrowed pstore_dtb over a blob checked here (for the pstore_dt_* calls). */
int dt_dtb_view(struct pstore_ctx *ctx, const void *fdt, size_t len, struct pstore_dtb *v);
int dt_tree_open(struct pstore_ctx *ctx, const struct pstore_dtb *dtb, struct tree *t);
/* pstore_dtb_check_region() on an opened tree (@flags: PSTORE_DT_*; dt-memmap.c). */
int dt_check_region(struct pstore_ctx *ctx, const struct tree *t, const struct pstore_dt_node *n,
		    unsigned flags);

#endif /* LIBPSTORE_DT_H */
