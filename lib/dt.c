/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device trees: the /reserved-memory/ramoops node (ramoops.yaml), its DTS source, patching
 * a DTB with libfdt, reading the node back from a blob or the live tree, and the memory
 * map of a DTB for choosing a region offline.
 */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <sys/stat.h>

#include <libfdt.h>

#include "internal.h"

#define RAMOOPS_COMPATIBLE "ramoops"
#define LIVE_TREE "/sys/firmware/devicetree/base"
/* A patched blob never needs more than a few KiB; a runaway loop is a bug. */
#define PATCH_GROW_MAX (1u << 20)

/* ---- errors ---- */

static int fdt_to_errno(int fdterr)
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

/* ---- enums ---- */

static const char *const format_names[_PSTORE_DT_FORMAT_MAX] = {
	[PSTORE_DT_FORMAT_NODE] = "node",
	[PSTORE_DT_FORMAT_OVERLAY] = "overlay",
};

_public_ const char *pstore_dt_format_to_string(enum pstore_dt_format f)
{
	if ((unsigned)f >= ARRAY_SIZE(format_names))
		return NULL;
	return format_names[f];
}

_public_ int pstore_dt_format_from_string(const char *s)
{
	if (!s)
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(format_names); i++)
		if (streq(s, format_names[i]))
			return (int)i;
	return -EINVAL;
}

/* ---- the node description ---- */

_public_ void pstore_dt_node_init(struct pstore_dt_node *n)
{
	memset(n, 0, sizeof(*n));
	n->address_cells = 2;
	n->size_cells = 2;
}

_public_ void pstore_dt_node_from_layout(struct pstore_dt_node *n,
					 const struct pstore_layout_params *lp)
{
	struct pstore_layout_params fitted = *lp, *p = &fitted;

	pstore_layout_params_fit(p);
	n->address = p->mem_address;
	n->size = p->mem_size;
	n->has_record_size = p->record_size != 0;
	n->record_size = p->record_size;
	n->has_console_size = p->console_size != 0;
	n->console_size = p->console_size;
	n->has_ftrace_size = p->ftrace_size != 0;
	n->ftrace_size = p->ftrace_size;
	n->has_pmsg_size = p->pmsg_size != 0;
	n->pmsg_size = p->pmsg_size;
	n->has_ecc_size = p->ecc_size != 0;
	n->ecc_size = p->ecc_size;
	n->has_mem_type = p->mem_type >= 0;
	n->mem_type = n->has_mem_type ? (uint64_t)p->mem_type : 0;
	n->has_max_reason = p->max_reason >= 0;
	n->max_reason = n->has_max_reason ? (uint64_t)p->max_reason : 0;
	n->has_flags = p->flags != 0;
	n->flags = p->flags;
}

/*
 * A node found (path set) whose parent is not named reserved-memory (the unit address
 * aside, as of_node_name_eq() compares): ramoops straight under the root, as on old
 * Chromebooks.
 */
static bool outside_reserved_memory(const char *path)
{
	const char *slash = strrchr(path, '/'), *parent;
	size_t plen;

	if (!path[0] || !slash)
		return false;
	plen = (size_t)(slash - path);
	parent = memrchr(path, '/', plen);
	parent = parent ? parent + 1 : path;
	plen = (size_t)(slash - parent);
	if (memchr(parent, '@', plen))
		plen = (size_t)((const char *)memchr(parent, '@', plen) - parent);
	return !(plen == strlen("reserved-memory") && !strncmp(parent, "reserved-memory", plen));
}

_public_ void pstore_dt_node_to_layout(const struct pstore_dt_node *n,
				       struct pstore_layout_params *p)
{
	unsigned cpus;

	pstore_layout_params_init(p);
	p->defaults = 0; /* the node's values, not pstorectl's defaults */
	cpus = p->ftrace_cpus;
	p->mem_address = n->address;
	p->mem_size = n->size;
	/* DT defaults are 0 (disabled), unlike the module parameters' 4096. */
	p->record_size = n->has_record_size ? n->record_size : 0;
	p->console_size = n->has_console_size ? n->console_size : 0;
	p->ftrace_size = n->has_ftrace_size ? n->ftrace_size : 0;
	p->pmsg_size = n->has_pmsg_size ? n->pmsg_size : 0;
	p->ecc_size = n->has_ecc_size && n->ecc_size <= UINT32_MAX ? (uint32_t)n->ecc_size : 0;
	/* ramoops_parse_dt(): the deprecated booleans are the defaults of the new properties */
	p->mem_type = n->has_mem_type && n->mem_type <= INT32_MAX ? (int32_t)n->mem_type :
		      !n->has_mem_type && n->unbuffered ? 1 : -1;
	p->max_reason = n->has_max_reason && n->max_reason <= INT32_MAX ? (int32_t)n->max_reason :
			!n->has_max_reason && n->no_dump_oops ? 1 : -1;
	p->flags = n->has_flags && n->flags <= UINT32_MAX ? (uint32_t)n->flags : 0;
	p->ftrace_cpus = cpus;
	if (outside_reserved_memory(n->path) && !p->console_size && !p->ftrace_size &&
	    !p->pmsg_size && !p->ecc_size) {
		p->console_size = p->record_size;
		p->pmsg_size = p->record_size;
	}
}

static bool fits_cells(uint64_t v, unsigned cells)
{
	return cells >= 2 || v <= UINT32_MAX;
}

/* reg must fit the cells, and with one address cell so must its last byte. */
static int check_reg(struct pstore_ctx *ctx, uint64_t address, uint64_t size, unsigned ac,
		     unsigned sc)
{
	if (ac < 1 || ac > 2)
		return pstore_err(ctx, -EINVAL,
				  "#address-cells = <%u>: only 1 or 2 cells are supported", ac);
	if (sc < 1 || sc > 2)
		return pstore_err(ctx, -EINVAL,
				  "#size-cells = <%u>: only 1 or 2 cells are supported", sc);
	if (size == 0)
		return pstore_err(ctx, -EINVAL, "reg: the size is 0");
	if (address + size - 1 < address)
		return pstore_err(ctx, -ERANGE,
				  "reg: 0x%" PRIx64 " + 0x%" PRIx64 " wraps past 2^64", address,
				  size);
	if (!fits_cells(address + size - 1, ac))
		return pstore_err(ctx, -ERANGE,
				  "reg: the region 0x%" PRIx64 "-0x%" PRIx64
				  " does not fit #address-cells = <1> (32-bit addresses)",
				  address, address + size - 1);
	if (!fits_cells(size, sc))
		return pstore_err(ctx, -ERANGE,
				  "reg: the size 0x%" PRIx64
				  " does not fit #size-cells = <1> (32-bit sizes)",
				  size);
	return 0;
}

static int check_u32_prop(struct pstore_ctx *ctx, const char *name, bool has, uint64_t v)
{
	if (!has)
		return 0;
	if (v > UINT32_MAX)
		return pstore_err(ctx, -ERANGE,
				  "%s: 0x%" PRIx64 " does not fit a 32-bit cell", name, v);
	/* ramoops_parse_dt_u32() refuses every value above INT_MAX with -EOVERFLOW. */
	if (v > INT_MAX)
		return pstore_err(ctx, -EOVERFLOW,
				  "%s: 0x%" PRIx64
				  " is above INT_MAX (0x7fffffff): the kernel refuses the node",
				  name, v);
	return 0;
}

_public_ int pstore_dt_node_check(struct pstore_ctx *ctx, const struct pstore_dt_node *n,
				  struct pstore_layout **ret)
{
	struct pstore_layout_params p;
	struct pstore_layout *l = NULL;
	int r;

	r = check_reg(ctx, n->address, n->size, n->address_cells, n->size_cells);
	if (r < 0)
		return r;
	r = check_u32_prop(ctx, "record-size", n->has_record_size, n->record_size);
	if (r == 0)
		r = check_u32_prop(ctx, "console-size", n->has_console_size, n->console_size);
	if (r == 0)
		r = check_u32_prop(ctx, "ftrace-size", n->has_ftrace_size, n->ftrace_size);
	if (r == 0)
		r = check_u32_prop(ctx, "pmsg-size", n->has_pmsg_size, n->pmsg_size);
	if (r == 0)
		r = check_u32_prop(ctx, "ecc-size", n->has_ecc_size, n->ecc_size);
	if (r == 0)
		r = check_u32_prop(ctx, "mem-type", n->has_mem_type, n->mem_type);
	if (r == 0)
		r = check_u32_prop(ctx, "max-reason", n->has_max_reason, n->max_reason);
	if (r == 0)
		r = check_u32_prop(ctx, "flags", n->has_flags, n->flags);
	if (r < 0)
		return r;
	if (n->has_mem_type && n->mem_type > 2)
		return pstore_err(ctx, -EINVAL,
				  "mem-type: %" PRIu64
				  " is not 0 (write-combined), 1 (unbuffered) or 2 (cached)",
				  n->mem_type);
	if (!(n->has_record_size && n->record_size) &&
	    !(n->has_console_size && n->console_size) &&
	    !(n->has_ftrace_size && n->ftrace_size) && !(n->has_pmsg_size && n->pmsg_size))
		return pstore_err(ctx, -EINVAL,
				  "no record-size, console-size, ftrace-size or pmsg-size: the "
				  "binding needs one and the kernel needs one non-zero");

	pstore_dt_node_to_layout(n, &p);
	if (n->disabled)
		warn(ctx,
		     "%s: its status is not \"okay\": the kernel neither reserves the memory nor probes ramoops",
		     n->path);
	else if (outside_reserved_memory(n->path))
		warn(ctx,
		     "%s: not a child of /reserved-memory, so the kernel does not reserve this memory%s", n->path,
		     p.console_size && !(n->has_console_size && n->console_size) ?
			     ", and the kernel sets console-size and pmsg-size to record-size" : "");
	r = pstore_layout_compute(ctx, &p, &l);
	if (r < 0)
		return r;
	if (ret)
		*ret = l;
	else
		pstore_layout_free(l);
	return 0;
}

/* ---- DTS source ---- */

static void sb_cells(struct strbuf *sb, uint64_t v, unsigned cells)
{
	if (cells >= 2)
		strbuf_printf(sb, "0x%" PRIx64 " 0x%" PRIx64, v >> 32, v & 0xffffffffu);
	else
		strbuf_printf(sb, "0x%" PRIx64, v);
}

static void sb_node(struct strbuf *sb, const struct pstore_dt_node *n, const char *ind)
{
	strbuf_printf(sb, "%sramoops@%" PRIx64 " {\n", ind, n->address);
	strbuf_printf(sb, "%s\tcompatible = \"" RAMOOPS_COMPATIBLE "\";\n", ind);
	strbuf_printf(sb, "%s\treg = <", ind);
	sb_cells(sb, n->address, n->address_cells);
	strbuf_printf(sb, " ");
	sb_cells(sb, n->size, n->size_cells);
	strbuf_printf(sb, ">;\n");
	if (n->has_record_size)
		strbuf_printf(sb, "%s\trecord-size = <0x%" PRIx64 ">;\n", ind, n->record_size);
	if (n->has_console_size)
		strbuf_printf(sb, "%s\tconsole-size = <0x%" PRIx64 ">;\n", ind, n->console_size);
	if (n->has_ftrace_size)
		strbuf_printf(sb, "%s\tftrace-size = <0x%" PRIx64 ">;\n", ind, n->ftrace_size);
	if (n->has_pmsg_size)
		strbuf_printf(sb, "%s\tpmsg-size = <0x%" PRIx64 ">;\n", ind, n->pmsg_size);
	if (n->has_ecc_size)
		strbuf_printf(sb, "%s\tecc-size = <%" PRIu64 ">;\n", ind, n->ecc_size);
	if (n->has_mem_type)
		strbuf_printf(sb, "%s\tmem-type = <%" PRIu64 ">;\n", ind, n->mem_type);
	if (n->has_max_reason)
		strbuf_printf(sb, "%s\tmax-reason = <%" PRIu64 ">;\n", ind, n->max_reason);
	if (n->has_flags)
		strbuf_printf(sb, "%s\tflags = <0x%" PRIx64 ">;\n", ind, n->flags);
	if (n->no_map)
		strbuf_printf(sb, "%s\tno-map;\n", ind);
	strbuf_printf(sb, "%s};\n", ind);
}

_public_ int pstore_dt_node_source(struct pstore_ctx *ctx, const struct pstore_dt_node *n,
				   enum pstore_dt_format format, char **ret)
{
	struct strbuf sb = { 0 };

	switch (format) {
	case PSTORE_DT_FORMAT_NODE:
		sb_node(&sb, n, "");
		break;
	case PSTORE_DT_FORMAT_OVERLAY:
		strbuf_printf(&sb, "/dts-v1/;\n/plugin/;\n\n");
		if (n->have_parent) {
			strbuf_printf(&sb, "&{/reserved-memory} {\n");
			sb_node(&sb, n, "\t");
		} else {
			/* The overlay brings /reserved-memory; its cells must equal the
			 * root's, and an empty ranges maps it 1:1 (the kernel needs both). */
			strbuf_printf(&sb, "&{/} {\n\treserved-memory {\n");
			strbuf_printf(&sb, "\t\t#address-cells = <%u>;\n", n->address_cells);
			strbuf_printf(&sb, "\t\t#size-cells = <%u>;\n", n->size_cells);
			strbuf_printf(&sb, "\t\tranges;\n\n");
			sb_node(&sb, n, "\t\t");
			strbuf_printf(&sb, "\t};\n");
		}
		strbuf_printf(&sb, "};\n");
		break;
	default:
		return pstore_err(ctx, -EINVAL, "unknown DTS format %d", (int)format);
	}
	*ret = strbuf_steal(&sb);
	if (!*ret)
		return pstore_err(ctx, -ENOMEM, "DTS source: out of memory");
	return 0;
}

/* ---- reading and checking blobs ---- */

_public_ int pstore_dt_check_blob(struct pstore_ctx *ctx, const void *fdt, size_t len,
				  const char *origin)
{
	const unsigned char *p = fdt;
	uint32_t magic, total;
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
	r = fdt_check_full(fdt, len);
	if (r < 0)
		return pstore_err(ctx, fdt_to_errno(r), "%s: corrupt DTB: %s", origin,
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

/* ---- tree helpers ---- */

static uint64_t read_cells(const fdt32_t *c, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v = v << 32 | fdt32_to_cpu(c[i]);
	return v;
}

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

struct tree {
	const void *fdt;
	unsigned ac, sc; /* root cells */
	int rm;          /* /reserved-memory offset or < 0 */
	unsigned rm_ac, rm_sc;
	bool rm_ok;      /* cells equal the root's and ranges present */
	char rm_problem[160];
};

static int tree_open(struct pstore_ctx *ctx, const void *fdt, size_t len, struct tree *t)
{
	int r;

	memset(t, 0, sizeof(*t));
	r = pstore_dt_check_blob(ctx, fdt, len, NULL);
	if (r < 0)
		return r;
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

	*addr = read_cells(e, ac);
	*size = read_cells(e + ac, sc);
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

static bool is_ramoops(const void *fdt, int node)
{
	return fdt_node_check_compatible(fdt, node, RAMOOPS_COMPATIBLE) == 0;
}

static int node_path(const void *fdt, int node, char *buf, int len)
{
	int r = fdt_get_path(fdt, node, buf, len);

	if (r < 0)
		snprintf(buf, (size_t)len, "(node at offset %d)", node);
	return 0;
}

/* ---- memory map ---- */

_public_ int pstore_dt_memmap(struct pstore_ctx *ctx, const void *fdt, size_t len,
			      struct pstore_memmap **ret)
{
	struct pstore_memmap *m = NULL;
	struct tree t;
	char path[256], name[320];
	int node, r, n, plen, nrsv;
	uint64_t a, s;

	r = tree_open(ctx, fdt, len, &t);
	if (r < 0)
		return r;
	r = pstore_memmap_new(&m);
	if (r < 0)
		return pstore_err(ctx, r, "memory map: %s", strerror(-r));

	fdt_for_each_subnode(node, fdt, 0) {
		const fdt32_t *reg;
		const char *pname;

		if (!is_memory_node(fdt, node))
			continue;
		node_path(fdt, node, path, sizeof(path));
		reg = memory_reg(fdt, node, &plen, &pname);
		if (!reg)
			continue;
		n = reg_count(ctx, path, pname, plen, t.ac, t.sc);
		if (n < 0) {
			r = n;
			goto err;
		}
		for (int i = 0; i < n; i++) {
			reg_get(reg, i, t.ac, t.sc, &a, &s);
			if (!s)
				continue;
			r = pstore_memmap_add_ram(m, a, s, path);
			if (r < 0)
				goto oom;
		}
	}
	if (pstore_memmap_ram_count(m) == 0) {
		r = pstore_err(ctx, -ENOENT,
			       "no /memory node with a reg (device_type = \"memory\"): "
			       "no RAM to choose from");
		goto err;
	}

	nrsv = fdt_num_mem_rsv(fdt);
	for (int i = 0; i < nrsv; i++) {
		if (fdt_get_mem_rsv(fdt, i, &a, &s) < 0 || !s)
			continue;
		snprintf(name, sizeof(name), "/memreserve/ entry %d", i);
		r = pstore_memmap_add_busy(m, a, s, name);
		if (r < 0)
			goto oom;
	}

	if (t.rm >= 0) {
		fdt_for_each_subnode(node, fdt, t.rm) {
			const fdt32_t *reg, *ar;
			int arlen;

			node_path(fdt, node, path, sizeof(path));
			reg = fdt_getprop(fdt, node, "reg", &plen);
			if (reg) {
				n = reg_count(ctx, path, "reg", plen, t.rm_ac, t.rm_sc);
				if (n < 0) {
					r = n;
					goto err;
				}
				for (int i = 0; i < n; i++) {
					reg_get(reg, i, t.rm_ac, t.rm_sc, &a, &s);
					if (!s)
						continue;
					r = pstore_memmap_add_busy(m, a, s, path);
					if (r < 0)
						goto oom;
				}
				continue;
			}
			/* Placed at boot somewhere inside alloc-ranges: all of it is taken. */
			ar = fdt_getprop(fdt, node, "alloc-ranges", &arlen);
			if (!ar)
				continue;
			n = reg_count(ctx, path, "alloc-ranges", arlen, t.rm_ac, t.rm_sc);
			if (n < 0) {
				r = n;
				goto err;
			}
			snprintf(name, sizeof(name), "%s (alloc-ranges)", path);
			for (int i = 0; i < n; i++) {
				reg_get(ar, i, t.rm_ac, t.rm_sc, &a, &s);
				if (!s)
					continue;
				r = pstore_memmap_add_busy(m, a, s, name);
				if (r < 0)
					goto oom;
			}
		}
	}
	*ret = m;
	return 0;
oom:
	if (r == -EINVAL)
		r = pstore_err(ctx, r, "%s: a range 0x%" PRIx64 "+0x%" PRIx64
			       " wraps past 2^64", path, a, s);
	else
		r = pstore_err(ctx, r, "memory map: %s", strerror(-r));
err:
	pstore_memmap_free(m);
	return r;
}

_public_ int pstore_dt_cells(struct pstore_ctx *ctx, const void *fdt, size_t len,
			     unsigned *ret_address_cells, unsigned *ret_size_cells,
			     bool *ret_have_parent)
{
	struct tree t;
	int r;

	r = tree_open(ctx, fdt, len, &t);
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

/* ---- checking a region against a tree ---- */

static int check_region(struct pstore_ctx *ctx, const struct tree *t,
			const struct pstore_dt_node *n, unsigned flags)
{
	const void *fdt = t->fdt;
	uint64_t start = n->address, size = n->size, end = n->address + n->size - 1;
	uint64_t a, s;
	char path[256];
	int node, plen, cnt, r;
	bool in_ram = false, any_memory = false;

	if (t->rm >= 0 && !t->rm_ok)
		return pstore_err(ctx, -EINVAL,
				  "/reserved-memory: %s: the kernel ignores such a node",
				  t->rm_problem);
	r = check_reg(ctx, start, size, t->rm >= 0 ? t->rm_ac : t->ac,
		      t->rm >= 0 ? t->rm_sc : t->sc);
	if (r < 0)
		return r;

	/* Only one ramoops instance can probe; a second node would be silently useless. */
	node = fdt_node_offset_by_compatible(fdt, -1, RAMOOPS_COMPATIBLE);
	if (node >= 0 && !(flags & PSTORE_DT_REPLACE)) {
		node_path(fdt, node, path, sizeof(path));
		return pstore_err(ctx, -EEXIST, "the DTB already has a ramoops node: %s", path);
	}

	fdt_for_each_subnode(node, fdt, 0) {
		const fdt32_t *reg;
		const char *pname;

		if (!is_memory_node(fdt, node))
			continue;
		any_memory = true;
		node_path(fdt, node, path, sizeof(path));
		reg = memory_reg(fdt, node, &plen, &pname);
		if (!reg)
			continue;
		cnt = reg_count(ctx, path, pname, plen, t->ac, t->sc);
		if (cnt < 0)
			return cnt;
		for (int i = 0; i < cnt; i++) {
			reg_get(reg, i, t->ac, t->sc, &a, &s);
			if (s && start >= a && end <= a + (s - 1))
				in_ram = true;
		}
	}
	if (!any_memory)
		return pstore_err(ctx, -EBUSY,
				  "the DTB has no /memory node: cannot check that 0x%" PRIx64
				  "-0x%" PRIx64 " is RAM",
				  start, end);
	if (!in_ram)
		return pstore_err(ctx, -EBUSY,
				  "region 0x%" PRIx64 "-0x%" PRIx64
				  " is not inside any /memory node's reg",
				  start, end);

	cnt = fdt_num_mem_rsv(fdt);
	for (int i = 0; i < cnt; i++) {
		if (fdt_get_mem_rsv(fdt, i, &a, &s) < 0)
			continue;
		if (overlaps(start, size, a, s))
			return pstore_err(ctx, -EBUSY,
					  "region 0x%" PRIx64 "-0x%" PRIx64
					  " overlaps /memreserve/ entry %d (0x%" PRIx64
					  "-0x%" PRIx64 ")",
					  start, end, i, a, a + s - 1);
	}

	if (t->rm < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, t->rm) {
		const fdt32_t *reg, *ar;

		if ((flags & PSTORE_DT_REPLACE) && is_ramoops(fdt, node))
			continue;
		node_path(fdt, node, path, sizeof(path));
		reg = fdt_getprop(fdt, node, "reg", &plen);
		if (reg) {
			cnt = reg_count(ctx, path, "reg", plen, t->rm_ac, t->rm_sc);
			if (cnt < 0)
				return cnt;
			for (int i = 0; i < cnt; i++) {
				reg_get(reg, i, t->rm_ac, t->rm_sc, &a, &s);
				if (overlaps(start, size, a, s))
					return pstore_err(ctx, -EBUSY,
							  "region 0x%" PRIx64 "-0x%" PRIx64
							  " overlaps %s (0x%" PRIx64
							  "-0x%" PRIx64 ")",
							  start, end, path, a, a + s - 1);
			}
			continue;
		}
		/* The kernel places dynamic regions around static ones, so this is not
		 * a conflict, but it narrows where that region can go. */
		ar = fdt_getprop(fdt, node, "alloc-ranges", &plen);
		if (!ar)
			continue;
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

_public_ int pstore_dt_check_region(struct pstore_ctx *ctx, const void *fdt, size_t len,
				    const struct pstore_dt_node *n, unsigned flags)
{
	struct tree t;
	int r;

	r = tree_open(ctx, fdt, len, &t);
	if (r < 0)
		return r;
	return check_region(ctx, &t, n, flags);
}

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

_public_ int pstore_dt_patch(struct pstore_ctx *ctx, const void *fdt, size_t len,
			     const struct pstore_dt_node *n, unsigned flags, void **ret_fdt,
			     size_t *ret_len)
{
	struct pstore_dt_node node = *n;
	struct tree t;
	const char *what = "";
	char name[64];
	size_t total, cap, grow;
	void *buf = NULL;
	int r;

	r = tree_open(ctx, fdt, len, &t);
	if (r < 0)
		return r;
	/* reg is written in the cells of the parent it will have. */
	node.address_cells = t.rm >= 0 ? t.rm_ac : t.ac;
	node.size_cells = t.rm >= 0 ? t.rm_sc : t.sc;
	r = check_region(ctx, &t, &node, flags);
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
		return pstore_err(ctx, fdt_to_errno(r), "%s: %s", what, fdt_strerror(r));
	}
	r = fdt_pack(buf);
	if (r == 0)
		r = fdt_check_full(buf, fdt_totalsize(buf));
	if (r < 0) {
		free(buf);
		return pstore_err(ctx, -EINVAL, "the patched tree is invalid: %s",
				  fdt_strerror(r));
	}
	*ret_len = fdt_totalsize(buf);
	*ret_fdt = buf;
	return 0;
}

_public_ int pstore_dt_write(struct pstore_ctx *ctx, const char *path, const void *fdt,
			     size_t len, mode_t mode)
{
	struct pstore_atomic a;
	int r;

	if (streq(path, "-")) {
		r = pstore_write_all(STDOUT_FILENO, fdt, len);
		if (r < 0)
			return pstore_err(ctx, r, "(stdout): %s", strerror(-r));
		return 0;
	}
	r = pstore_atomic_open(ctx, path, mode, &a);
	if (r < 0)
		return r;
	r = pstore_write_all(a.fd, fdt, len);
	if (r < 0) {
		pstore_atomic_abort(&a);
		return pstore_err(ctx, r, "%s: %s", path, strerror(-r));
	}
	return pstore_atomic_commit(ctx, &a);
}

/* ---- reading ramoops nodes back ---- */

/* One property source: a blob node or a live-tree directory. */
struct props {
	const void *fdt;
	int node;
	int dirfd;
	const char *path;
	struct pstore_ctx *ctx;
};

/* Returns length (>= 0) with a malloc'd copy in *ret, -ENOENT when absent. */
static int props_get(const struct props *p, const char *name, void **ret)
{
	if (p->fdt) {
		int len;
		const void *v = fdt_getprop(p->fdt, p->node, name, &len);

		if (!v)
			return -ENOENT;
		*ret = malloc(len > 0 ? (size_t)len : 1);
		if (!*ret)
			return -ENOMEM;
		memcpy(*ret, v, (size_t)len);
		return len;
	}
	_cleanup_close_ int fd = pstore_openat_sys(p->dirfd, name, O_RDONLY | O_NOFOLLOW);
	char *buf = NULL;
	size_t len = 0;
	int r;

	if (fd < 0)
		return errno == ENOENT ? -ENOENT : -errno;
	r = pstore_read_fd(fd, 1u << 20, &buf, &len);
	if (r < 0)
		return r;
	*ret = buf;
	return (int)len;
}

static int props_u32(const struct props *p, const char *name, bool *has, uint64_t *v)
{
	_cleanup_free_ void *buf = NULL;
	int len = props_get(p, name, &buf);

	*has = false;
	if (len == -ENOENT)
		return 0;
	if (len < 0)
		return pstore_err(p->ctx, len, "%s: %s: %s", p->path, name, strerror(-len));
	/* As of_property_read_u32(): the first cell counts, a shorter value is an error. */
	if (len < 4)
		return pstore_err(p->ctx, -EINVAL, "%s: %s is %d bytes, shorter than one cell",
				  p->path, name, len);
	*has = true;
	*v = fdt32_to_cpu(*(const fdt32_t *)buf);
	return 0;
}

static int fill_node(const struct props *p, unsigned ac, unsigned sc, struct pstore_dt_node *n)
{
	_cleanup_free_ void *reg = NULL;
	void *tmp = NULL;
	int len, r;

	pstore_dt_node_init(n);
	snprintf(n->path, sizeof(n->path), "%s", p->path);
	n->address_cells = ac;
	n->size_cells = sc;
	len = props_get(p, "reg", &reg);
	if (len == -ENOENT)
		return pstore_err(p->ctx, -EINVAL, "%s: no reg property", p->path);
	if (len < 0)
		return pstore_err(p->ctx, len, "%s: reg: %s", p->path, strerror(-len));
	if (len < (int)((ac + sc) * 4))
		return pstore_err(p->ctx, -EINVAL,
				  "%s: reg is %d bytes, shorter than %u+%u cells", p->path, len,
				  ac, sc);
	n->address = read_cells(reg, ac);
	n->size = read_cells((const fdt32_t *)reg + ac, sc);

	r = props_u32(p, "record-size", &n->has_record_size, &n->record_size);
	if (r == 0)
		r = props_u32(p, "console-size", &n->has_console_size, &n->console_size);
	if (r == 0)
		r = props_u32(p, "ftrace-size", &n->has_ftrace_size, &n->ftrace_size);
	if (r == 0)
		r = props_u32(p, "pmsg-size", &n->has_pmsg_size, &n->pmsg_size);
	if (r == 0)
		r = props_u32(p, "ecc-size", &n->has_ecc_size, &n->ecc_size);
	if (r == 0)
		r = props_u32(p, "mem-type", &n->has_mem_type, &n->mem_type);
	if (r == 0)
		r = props_u32(p, "max-reason", &n->has_max_reason, &n->max_reason);
	if (r == 0)
		r = props_u32(p, "flags", &n->has_flags, &n->flags);
	if (r < 0)
		return r;
	if (props_get(p, "no-map", &tmp) >= 0)
		n->no_map = true;
	free(tmp);
	tmp = NULL;
	if (props_get(p, "unbuffered", &tmp) >= 0)
		n->unbuffered = true;
	free(tmp);
	tmp = NULL;
	if (props_get(p, "no-dump-oops", &tmp) >= 0)
		n->no_dump_oops = true;
	free(tmp);
	tmp = NULL;
	/* of_device_is_available(): no status, "okay" or "ok" */
	len = props_get(p, "status", &tmp);
	if (len >= 0) {
		const char *st = tmp;
		bool is_str = len > 0 && st[len - 1] == '\0';

		n->disabled = !is_str || !(streq(st, "okay") || streq(st, "ok"));
	}
	free(tmp);
	return 0;
}

static int append_node(struct pstore_dt_node **arr, size_t *n, struct pstore_dt_node **ret)
{
	struct pstore_dt_node *na = realloc(*arr, (*n + 1) * sizeof(**arr));

	if (!na)
		return -ENOMEM;
	*arr = na;
	*ret = &na[(*n)++];
	return 0;
}

/*
 * Cells for the children of @node as the kernel reads them (of_bus_n_addr_cells(),
 * of_bus_n_size_cells()): the node's own property, else its nearest ancestor's, else 1
 * (OF_ROOT_NODE_*_CELLS_DEFAULT outside sparc). libfdt's fdt_address_cells() would stop
 * at the node and default to 2. -1 for a property that is not one cell.
 */
static int blob_cells(const void *fdt, int node, const char *name)
{
	for (; node >= 0; node = node ? fdt_parent_offset(fdt, node) : -1) {
		int len;
		const fdt32_t *v = fdt_getprop(fdt, node, name, &len);

		if (v)
			return len == 4 ? (int)fdt32_to_cpu(*v) : -1;
	}
	return 1;
}

_public_ int pstore_dt_find_ramoops(struct pstore_ctx *ctx, const void *fdt, size_t len,
				    struct pstore_dt_node **ret)
{
	struct pstore_dt_node *arr = NULL, *slot;
	size_t n = 0;
	char path[256];
	int node, r;

	r = pstore_dt_check_blob(ctx, fdt, len, NULL);
	if (r < 0)
		return r;
	for (node = fdt_node_offset_by_compatible(fdt, -1, RAMOOPS_COMPATIBLE); node >= 0;
	     node = fdt_node_offset_by_compatible(fdt, node, RAMOOPS_COMPATIBLE)) {
		int parent = fdt_parent_offset(fdt, node);
		int ac = blob_cells(fdt, parent, "#address-cells"),
		    sc = blob_cells(fdt, parent, "#size-cells");
		struct props p = { .fdt = fdt, .node = node, .path = path, .ctx = ctx };

		node_path(fdt, node, path, sizeof(path));
		if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
			r = pstore_err(ctx, -EINVAL,
				       "%s: the parent's cells <%d>/<%d> are not supported",
				       path, ac, sc);
			goto err;
		}
		r = append_node(&arr, &n, &slot);
		if (r < 0) {
			r = pstore_err(ctx, r, "%s: %s", path, strerror(-r));
			goto err;
		}
		r = fill_node(&p, (unsigned)ac, (unsigned)sc, slot);
		if (r < 0)
			goto err;
	}
	*ret = arr;
	return (int)n;
err:
	free(arr);
	return r;
}

/* Cells of a live-tree directory, as the kernel reads them (walking up; defaults 1/1). */
static unsigned live_cells(int basefd, const char *dir, const char *name, unsigned dflt)
{
	char p[1024];

	snprintf(p, sizeof(p), "%s", dir);
	for (;;) {
		char f[1100];
		_cleanup_close_ int fd = -1;
		unsigned char b[4];

		snprintf(f, sizeof(f), "%s%s%s", p[0] ? p : "", p[0] ? "/" : "", name);
		fd = pstore_openat_sys(basefd, f, O_RDONLY);
		if (fd >= 0 && read(fd, b, 4) == 4)
			return (unsigned)b[0] << 24 | (unsigned)b[1] << 16 | (unsigned)b[2] << 8 |
			       b[3];
		if (!p[0])
			return dflt;
		char *slash = strrchr(p, '/');
		if (slash)
			*slash = '\0';
		else
			p[0] = '\0';
	}
}

static bool live_is_ramoops(int dirfd)
{
	_cleanup_close_ int fd = pstore_openat_sys(dirfd, "compatible", O_RDONLY);
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;

	if (fd < 0 || pstore_read_fd(fd, 1u << 20, &buf, &len) < 0)
		return false;
	for (size_t i = 0; i < len; i += strlen(buf + i) + 1)
		if (streq(buf + i, RAMOOPS_COMPATIBLE))
			return true;
	return false;
}

/* @rel: path below the base, "" for the root. */
static int live_walk(struct pstore_ctx *ctx, int basefd, const char *rel, unsigned depth,
		     struct pstore_dt_node **arr, size_t *n)
{
	_cleanup_close_ int dfd = -1;
	DIR *d;
	struct dirent *de;
	int r = 0;

	if (depth > 32)
		return 0;
	dfd = pstore_openat_sys(basefd, rel[0] ? rel : ".", O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	if (dfd < 0)
		return 0;
	if (rel[0] && live_is_ramoops(dfd)) {
		char parent[1024], path[1024];
		struct pstore_dt_node *slot;
		struct props p;
		unsigned ac, sc;
		char *slash;

		snprintf(parent, sizeof(parent), "%s", rel);
		slash = strrchr(parent, '/');
		if (slash)
			*slash = '\0';
		else
			parent[0] = '\0';
		ac = live_cells(basefd, parent, "#address-cells", 1);
		sc = live_cells(basefd, parent, "#size-cells", 1);
		snprintf(path, sizeof(path), "/%s", rel);
		if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
			return pstore_err(ctx, -EINVAL,
					  "%s: the parent's cells <%u>/<%u> are not supported", path,
					  ac, sc);
		r = append_node(arr, n, &slot);
		if (r < 0)
			return pstore_err(ctx, r, "%s: %s", path, strerror(-r));
		p = (struct props){ .dirfd = dfd, .path = path, .ctx = ctx };
		return fill_node(&p, ac, sc, slot);
	}
	int dup = fcntl(dfd, F_DUPFD_CLOEXEC, 3);
	if (dup < 0)
		return 0;
	d = fdopendir(dup);
	if (!d) {
		close(dup);
		return 0;
	}
	/* Sorted order would be nicer, but one ramoops node is the rule. */
	while ((de = readdir(d))) {
		char sub[1024];

		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if (de->d_type != DT_DIR &&
		    (de->d_type != DT_UNKNOWN ||
		     fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		     !S_ISDIR(st.st_mode)))
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s%s%s", rel, rel[0] ? "/" : "",
				     de->d_name) >= sizeof(sub))
			continue;
		r = live_walk(ctx, basefd, sub, depth + 1, arr, n);
		if (r < 0)
			break;
	}
	closedir(d);
	return r;
}

_public_ int pstore_dt_find_ramoops_live(struct pstore_ctx *ctx, struct pstore_dt_node **ret)
{
	_cleanup_close_ int basefd = -1;
	_cleanup_free_ char *full = NULL;
	struct pstore_dt_node *arr = NULL;
	size_t n = 0;
	int r;

	basefd = pstore_open_sys(ctx, LIVE_TREE, O_RDONLY | O_DIRECTORY);
	if (basefd < 0) {
		r = basefd;
		if (pstore_path(ctx, LIVE_TREE, &full) < 0)
			full = NULL;
		if (r == -ENOENT)
			return pstore_err(ctx, r, "%s: not found: this system has no device tree",
					  full ? full : LIVE_TREE);
		return pstore_err(ctx, r, "%s: %s", full ? full : LIVE_TREE, strerror(-r));
	}
	r = live_walk(ctx, basefd, "", 0, &arr, &n);
	if (r < 0) {
		free(arr);
		return r;
	}
	*ret = arr;
	return (int)n;
}
