/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device trees, the node: struct pstore_dt_node (ramoops.yaml) to and from a layout, its
 * checks, its DTS source, and reading its properties from a blob node or a live directory.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>

#include "dt.h"
#include "strtab.h"

/* ---- enums ---- */

static const char format_names[_PSTORE_DT_FORMAT_MAX][8] = {
	[PSTORE_DT_FORMAT_NODE] = "node",
	[PSTORE_DT_FORMAT_OVERLAY] = "overlay",
};

_public_ const char *pstore_dt_format_to_string(enum pstore_dt_format f)
{
	return STRTAB_NAME(format_names, f);
}

_public_ int pstore_dt_format_from_string(const char *s)
{
	return STRTAB_VALUE(format_names, s);
}

/* ---- the node description ---- */

void dt_node_init(struct pstore_dt_node *n)
{
	memset(n, 0, sizeof(*n));
	n->address_cells = 2;
	n->size_cells = 2;
}

_public_ int pstore_dt_node_new(struct pstore_dt_node **ret)
{
	struct pstore_dt_node *n = malloc(sizeof(*n));

	if (!n)
		return -ENOMEM;
	dt_node_init(n);
	*ret = n;
	return 0;
}

_public_ int pstore_dt_node_dup(const struct pstore_dt_node *n, struct pstore_dt_node **ret)
{
	struct pstore_dt_node *c = malloc(sizeof(*c));

	if (!c)
		return -ENOMEM;
	*c = *n;
	*ret = c;
	return 0;
}

_public_ void pstore_dt_node_free(struct pstore_dt_node *n)
{
	free(n);
}

_public_ void pstore_dt_node_list_free(struct pstore_dt_node **nodes, size_t n)
{
	for (size_t i = 0; nodes && i < n; i++)
		free(nodes[i]);
	free(nodes);
}

_public_ const char *pstore_dt_node_get_path(const struct pstore_dt_node *n)
{
	return n->path;
}

_public_ int pstore_dt_node_set_path(struct pstore_dt_node *n, const char *path)
{
	if (path && strlen(path) >= sizeof(n->path))
		return -ENAMETOOLONG;
	snprintf(n->path, sizeof(n->path), "%s", path ? path : "");
	return 0;
}

_public_ uint64_t pstore_dt_node_get_address(const struct pstore_dt_node *n)
{
	return n->address;
}

_public_ uint64_t pstore_dt_node_get_size(const struct pstore_dt_node *n)
{
	return n->size;
}

_public_ void pstore_dt_node_set_reg(struct pstore_dt_node *n, uint64_t address, uint64_t size)
{
	n->address = address;
	n->size = size;
}

_public_ unsigned pstore_dt_node_get_address_cells(const struct pstore_dt_node *n)
{
	return n->address_cells;
}

_public_ unsigned pstore_dt_node_get_size_cells(const struct pstore_dt_node *n)
{
	return n->size_cells;
}

_public_ void pstore_dt_node_set_cells(struct pstore_dt_node *n, unsigned address_cells,
				       unsigned size_cells)
{
	n->address_cells = address_cells;
	n->size_cells = size_cells;
}

/*
 * The optional u32 properties in the order a person writes them (ramoops.yaml): the one
 * list that the accessors, the checks, the DTS writer and the reader walk. @hex: the DTS
 * writer shows the value in hex (sizes, flags), else in decimal.
 */
#define DT_PROP(e, n, f, x)                                                              \
	[e] = { n, offsetof(struct pstore_dt_node, has_##f),                             \
		offsetof(struct pstore_dt_node, f), x }
static const struct dt_prop_desc {
	char name[13]; /* an array, not a pointer, as in strtab.h */
	uint16_t has_off, val_off;
	bool hex;
} dt_props[_PSTORE_DT_PROP_MAX] = {
	DT_PROP(PSTORE_DT_RECORD_SIZE, "record-size", record_size, true),
	DT_PROP(PSTORE_DT_CONSOLE_SIZE, "console-size", console_size, true),
	DT_PROP(PSTORE_DT_FTRACE_SIZE, "ftrace-size", ftrace_size, true),
	DT_PROP(PSTORE_DT_PMSG_SIZE, "pmsg-size", pmsg_size, true),
	DT_PROP(PSTORE_DT_ECC_SIZE, "ecc-size", ecc_size, false),
	DT_PROP(PSTORE_DT_MEM_TYPE, "mem-type", mem_type, false),
	DT_PROP(PSTORE_DT_MAX_REASON, "max-reason", max_reason, false),
	DT_PROP(PSTORE_DT_FLAGS, "flags", flags, true),
};
#undef DT_PROP

_public_ const char *pstore_dt_prop_to_string(enum pstore_dt_prop p)
{
	return (unsigned)p < ARRAY_SIZE(dt_props) ? dt_props[p].name : NULL;
}

/* The has_* flag and the value of property @p, or false for an unknown one. */
static bool prop_fields(const struct pstore_dt_node *cn, enum pstore_dt_prop p, bool **has,
			uint64_t **v)
{
	char *n = (char *)cn;

	if ((unsigned)p >= ARRAY_SIZE(dt_props))
		return false;
	*has = (bool *)(n + dt_props[p].has_off);
	*v = (uint64_t *)(n + dt_props[p].val_off);
	return true;
}

_public_ int pstore_dt_node_get_prop(const struct pstore_dt_node *n, enum pstore_dt_prop p,
				     uint64_t *ret)
{
	bool *has;
	uint64_t *v;

	if (!prop_fields(n, p, &has, &v))
		return -EINVAL;
	if (!*has)
		return -ENODATA;
	*ret = *v;
	return 0;
}

_public_ int pstore_dt_node_set_prop(struct pstore_dt_node *n, enum pstore_dt_prop p,
				     uint64_t value)
{
	bool *has;
	uint64_t *v;

	if (!prop_fields(n, p, &has, &v))
		return -EINVAL;
	*has = true;
	*v = value;
	return 0;
}

_public_ int pstore_dt_node_unset_prop(struct pstore_dt_node *n, enum pstore_dt_prop p)
{
	bool *has;
	uint64_t *v;

	if (!prop_fields(n, p, &has, &v))
		return -EINVAL;
	*has = false;
	*v = 0;
	return 0;
}

static bool *bool_field(const struct pstore_dt_node *cn, enum pstore_dt_bool b)
{
	struct pstore_dt_node *n = (struct pstore_dt_node *)cn;

	switch (b) {
	case PSTORE_DT_NO_MAP: return &n->no_map;
	case PSTORE_DT_HAVE_PARENT: return &n->have_parent;
	case PSTORE_DT_UNBUFFERED: return &n->unbuffered;
	case PSTORE_DT_NO_DUMP_OOPS: return &n->no_dump_oops;
	case PSTORE_DT_DISABLED: return &n->disabled;
	default: return NULL;
	}
}

_public_ bool pstore_dt_node_get_bool(const struct pstore_dt_node *n, enum pstore_dt_bool b)
{
	bool *f = bool_field(n, b);

	return f && *f;
}

_public_ int pstore_dt_node_set_bool(struct pstore_dt_node *n, enum pstore_dt_bool b, bool v)
{
	bool *f = bool_field(n, b);

	if (!f)
		return -EINVAL;
	*f = v;
	return 0;
}

_public_ int pstore_dt_node_from_layout(struct pstore_dt_node *n,
					const struct pstore_layout_params *lp)
{
	struct pstore_layout_params fitted, *p = &fitted;

	if (!n || !SIZED_OK(lp))
		return -EINVAL;
	fitted = *lp;
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
	return 0;
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

_public_ int pstore_dt_node_to_layout(const struct pstore_dt_node *n,
				      struct pstore_layout_params *p)
{
	unsigned cpus;

	if (!n || !SIZED_OK(p))
		return -EINVAL;
	cpus = p->ftrace_cpus; /* the node has no CPU count: the caller's is kept */
	pstore_layout_params_init_sz(p, p->struct_size);
	p->defaults = 0; /* the node's values, not pstorectl's defaults */
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
	return 0;
}

static bool fits_cells(uint64_t v, unsigned cells)
{
	return cells >= 2 || v <= UINT32_MAX;
}

int dt_check_reg(struct pstore_ctx *ctx, uint64_t address, uint64_t size, unsigned ac,
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

	pstore_layout_params_init(&p);
	r = dt_check_reg(ctx, n->address, n->size, n->address_cells, n->size_cells);
	if (r < 0)
		return r;
	for (unsigned i = 0; i < ARRAY_SIZE(dt_props); i++) {
		bool *has;
		uint64_t *v;

		prop_fields(n, i, &has, &v);
		r = check_u32_prop(ctx, dt_props[i].name, *has, *v);
		if (r < 0)
			return r;
	}
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
	for (unsigned i = 0; i < ARRAY_SIZE(dt_props); i++) {
		bool *has;
		uint64_t *v;

		prop_fields(n, i, &has, &v);
		if (*has)
			strbuf_printf(sb, dt_props[i].hex ? "%s\t%s = <0x%" PRIx64 ">;\n" :
							    "%s\t%s = <%" PRIu64 ">;\n",
				      ind, dt_props[i].name, *v);
	}
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

/* ---- reading a node's properties ---- */

uint64_t dt_read_cells(const fdt32_t *c, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v = v << 32 | fdt32_to_cpu(c[i]);
	return v;
}

/* Returns length (>= 0) with a malloc'd copy in *ret, -ENOENT when absent. */
static int props_get(const struct dt_props *p, const char *name, void **ret)
{
	if (p->fdt) {
		int len;
		const void *v = fdt_getprop(p->fdt, p->node, name, &len);

		if (!v)
			return -ENOENT;
		if (len < 0) /* a length past INT_MAX that libfdt 1.6.1 hands out (fuzz-dtb) */
			return -EBADMSG;
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

static int props_u32(const struct dt_props *p, const char *name, bool *has, uint64_t *v)
{
	_cleanup_free_ void *buf = NULL;
	int len = props_get(p, name, &buf);

	*has = false;
	if (len == -ENOENT)
		return 0;
	if (len < 0)
		return pstore_err_sys(p->ctx, len, "%s: %s", p->path, name);
	/* As of_property_read_u32(): the first cell counts, a shorter value is an error. */
	if (len < 4)
		return pstore_err(p->ctx, -EINVAL, "%s: %s is %d bytes, shorter than one cell",
				  p->path, name, len);
	*has = true;
	*v = fdt32_to_cpu(*(const fdt32_t *)buf);
	return 0;
}

/* A boolean property: present or not (a read error counts as absent). */
static bool props_has(const struct dt_props *p, const char *name)
{
	_cleanup_free_ void *buf = NULL;

	return props_get(p, name, &buf) >= 0;
}

int dt_fill_node(const struct dt_props *p, unsigned ac, unsigned sc, struct pstore_dt_node *n)
{
	_cleanup_free_ void *reg = NULL;
	void *tmp = NULL;
	int len, r;

	dt_node_init(n);
	snprintf(n->path, sizeof(n->path), "%s", p->path);
	n->address_cells = ac;
	n->size_cells = sc;
	len = props_get(p, "reg", &reg);
	if (len == -ENOENT)
		return pstore_err(p->ctx, -EINVAL, "%s: no reg property", p->path);
	if (len < 0)
		return pstore_err_sys(p->ctx, len, "%s: reg", p->path);
	if (len < (int)((ac + sc) * 4))
		return pstore_err(p->ctx, -EINVAL,
				  "%s: reg is %d bytes, shorter than %u+%u cells", p->path, len,
				  ac, sc);
	n->address = dt_read_cells(reg, ac);
	n->size = dt_read_cells((const fdt32_t *)reg + ac, sc);

	for (unsigned i = 0; i < ARRAY_SIZE(dt_props); i++) {
		bool *has;
		uint64_t *v;

		prop_fields(n, i, &has, &v);
		r = props_u32(p, dt_props[i].name, has, v);
		if (r < 0)
			return r;
	}
	n->no_map = props_has(p, "no-map");
	n->unbuffered = props_has(p, "unbuffered");
	n->no_dump_oops = props_has(p, "no-dump-oops");
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

int dt_append_node(struct pstore_dt_node ***arr, size_t *n, struct pstore_dt_node **ret)
{
	struct pstore_dt_node **na = *arr;
	struct pstore_dt_node *node;

	/* The capacity is implied by the count (4, then doubling at each power of two), so
	 * that appending N nodes copies O(N) pointers, not O(N^2). */
	if (*n == 0 || (*n >= 4 && !(*n & (*n - 1)))) {
		na = reallocarray(*arr, *n ? *n * 2 : 4, sizeof(**arr));
		if (!na)
			return -ENOMEM;
		*arr = na;
	}
	node = malloc(sizeof(*node));
	if (!node)
		return -ENOMEM;
	dt_node_init(node);
	na[(*n)++] = node;
	*ret = node;
	return 0;
}
