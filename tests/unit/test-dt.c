/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit tests of lib/dt-*.c: blob checks, the node rules, DTS text, patching, memory maps,
 * reading ramoops nodes back from a blob and from a live-tree directory. The DTBs are
 * built here with libfdt's sequential-write API, so they are tight (no free space). */
#include <fcntl.h>
#include <sys/stat.h>

#include <libfdt.h>

#include "unit.h"
#include "dt.h"

struct board {
	unsigned ac, sc;
	bool rm, ramoops, memreserve;
};

static void prop_reg(void *b, const char *name, uint64_t a, uint64_t s, unsigned ac,
		     unsigned sc)
{
	fdt32_t v[4];
	int i = 0;

	if (ac == 2)
		v[i++] = cpu_to_fdt32((uint32_t)(a >> 32));
	v[i++] = cpu_to_fdt32((uint32_t)a);
	if (sc == 2)
		v[i++] = cpu_to_fdt32((uint32_t)(s >> 32));
	v[i++] = cpu_to_fdt32((uint32_t)s);
	assert_int_equal(fdt_property(b, name, v, i * 4), 0);
}

/*
 * RAM 0x80000000-0x8fffffff; memreserve 0x80000000+64K; /reserved-memory/fw@8f000000
 * 0x8f000000+1M; ramoops@8e000000 1M (record 16K, console 32K, phandle 7); a dynamic
 * cma child with alloc-ranges 0x88000000+16M.
 */
static void *mkboard(const struct board *bd, size_t *len)
{
	size_t cap = 8192;
	void *b = malloc(cap);

	assert_non_null(b);
	assert_int_equal(fdt_create(b, (int)cap), 0);
	if (bd->memreserve)
		assert_int_equal(fdt_add_reservemap_entry(b, 0x80000000, 0x10000), 0);
	assert_int_equal(fdt_finish_reservemap(b), 0);
	assert_int_equal(fdt_begin_node(b, ""), 0);
	if (bd->ac)
		assert_int_equal(fdt_property_u32(b, "#address-cells", bd->ac), 0);
	if (bd->sc)
		assert_int_equal(fdt_property_u32(b, "#size-cells", bd->sc), 0);
	assert_int_equal(fdt_begin_node(b, "memory@80000000"), 0);
	assert_int_equal(fdt_property_string(b, "device_type", "memory"), 0);
	prop_reg(b, "reg", 0x80000000, 0x10000000, bd->ac ? bd->ac : 1, bd->sc ? bd->sc : 1);
	assert_int_equal(fdt_end_node(b), 0);
	if (bd->rm) {
		assert_int_equal(fdt_begin_node(b, "reserved-memory"), 0);
		assert_int_equal(fdt_property_u32(b, "#address-cells", bd->ac), 0);
		assert_int_equal(fdt_property_u32(b, "#size-cells", bd->sc), 0);
		assert_int_equal(fdt_property(b, "ranges", NULL, 0), 0);
		assert_int_equal(fdt_begin_node(b, "fw@8f000000"), 0);
		prop_reg(b, "reg", 0x8f000000, 0x100000, bd->ac, bd->sc);
		assert_int_equal(fdt_end_node(b), 0);
		assert_int_equal(fdt_begin_node(b, "cma"), 0);
		assert_int_equal(fdt_property_u32(b, "size", 0x400000), 0);
		prop_reg(b, "alloc-ranges", 0x88000000, 0x1000000, bd->ac, bd->sc);
		assert_int_equal(fdt_end_node(b), 0);
		if (bd->ramoops) {
			assert_int_equal(fdt_begin_node(b, "ramoops@8e000000"), 0);
			assert_int_equal(fdt_property_string(b, "compatible", "ramoops"), 0);
			prop_reg(b, "reg", 0x8e000000, 0x100000, bd->ac, bd->sc);
			assert_int_equal(fdt_property_u32(b, "record-size", 0x4000), 0);
			assert_int_equal(fdt_property_u32(b, "console-size", 0x8000), 0);
			assert_int_equal(fdt_property_u32(b, "phandle", 7), 0);
			assert_int_equal(fdt_end_node(b), 0);
		}
		assert_int_equal(fdt_end_node(b), 0);
	}
	assert_int_equal(fdt_end_node(b), 0);
	assert_int_equal(fdt_finish(b), 0);
	*len = fdt_totalsize(b);
	return b;
}

static void node_1m(struct pstore_dt_node *n, uint64_t addr)
{
	dt_node_init(n);
	n->address = addr;
	n->size = 0x100000;
	n->has_record_size = n->has_console_size = true;
	n->record_size = 0x4000;
	n->console_size = 0x4000;
}

static void test_check_blob(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct board bd = { 2, 2, true, false, true };
	size_t len;
	void *b = mkboard(&bd, &len);
	char *copy, want[160];
	int prop;

	(void)state;
	assert_int_equal(pstore_dt_check_blob(ctx, b, len, "x.dtb"), 0);
	assert_int_equal(pstore_dt_check_blob(ctx, b, 0, "x.dtb"), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "x.dtb: empty"));
	assert_int_equal(pstore_dt_check_blob(ctx, b, 3, "x.dtb"), -EINVAL);
	assert_int_equal(pstore_dt_check_blob(ctx, b, len - 1, "x.dtb"), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "truncated"));
	copy = malloc(len);
	memcpy(copy, b, len);
	copy[0] = 'X';
	assert_int_equal(pstore_dt_check_blob(ctx, copy, len, "x.dtb"), -ENOEXEC);
	assert_non_null(strstr(pstore_errmsg(ctx), "not a DTB"));
	memcpy(copy, b, len);
	/* the first structure token becomes garbage */
	*(fdt32_t *)(copy + fdt_off_dt_struct(b)) = cpu_to_fdt32(0x77);
	assert_true(pstore_dt_check_blob(ctx, copy, len, "x.dtb") < 0);
	assert_non_null(strstr(pstore_errmsg(ctx), "corrupt DTB"));
	/* a property length that wraps the next tag back onto the property (libfdt 1.6.1's
	 * fdt_check_full() loops forever on it): refused, and the check returns */
	memcpy(copy, b, len);
	prop = fdt_first_property_offset(copy, 0);
	assert_true(prop > 0);
	((struct fdt_property *)(copy + fdt_off_dt_struct(copy) + prop))->len =
		cpu_to_fdt32((uint32_t)-(int32_t)sizeof(struct fdt_property));
	assert_int_equal(pstore_dt_check_blob(ctx, copy, len, "x.dtb"), -EINVAL);
	snprintf(want, sizeof(want), "x.dtb: corrupt DTB: the property at offset %d of the "
				     "structure block has a length that wraps around", prop);
	assert_string_equal(pstore_errmsg(ctx), want);
	free(copy);
	free(b);
	pstore_unref(ctx);
}

/*
 * A property length past INT_MAX that still moves the tag walk forward (fuzz-dtb):
 * libfdt 1.6.1 passes the blob as sound and hands the property out with a negative
 * length. Reading the node refuses it by name; it is never copied.
 */
static void test_negative_prop_len(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct board bd = { 2, 2, true, true, false };
	struct pstore_dt_node **found = NULL;
	struct fdt_property *p;
	size_t len;
	void *b = mkboard(&bd, &len);
	int node, plen;

	(void)state;
	node = fdt_path_offset(b, "/reserved-memory/ramoops@8e000000");
	assert_true(node >= 0);
	p = (struct fdt_property *)fdt_get_property(b, node, "record-size", &plen);
	assert_non_null(p);
	assert_int_equal(plen, 4);
	/* -2: the tag walk goes on at the value, made a NOP, then at console-size */
	p->len = cpu_to_fdt32(UINT32_C(0xfffffffe));
	*(fdt32_t *)p->data = cpu_to_fdt32(FDT_NOP);
	assert_int_equal(pstore_dt_check_blob(ctx, b, len, "x.dtb"), 0);
	assert_non_null(fdt_getprop(b, node, "record-size", &plen));
	assert_int_equal(plen, -2);
	assert_int_equal(pstore_dt_find_ramoops(ctx, b, len, &found), -EBADMSG);
	assert_null(found);
	assert_non_null(strstr(pstore_errmsg(ctx), "/reserved-memory/ramoops@8e000000: "
						   "record-size: "));
	free(b);
	pstore_unref(ctx);
}

static void test_node_check(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_dt_node n;
	struct pstore_layout *l = NULL;

	(void)state;
	node_1m(&n, 0x8e000000);
	assert_int_equal(pstore_dt_node_check(ctx, &n, &l), 0);
	assert_non_null(l);
	pstore_layout_free(l);

	n.has_flags = true;
	n.flags = 0x80000000u;
	assert_int_equal(pstore_dt_node_check(ctx, &n, NULL), -EOVERFLOW);
	assert_non_null(strstr(pstore_errmsg(ctx), "flags"));
	n.flags = 0x100000000ull;
	assert_int_equal(pstore_dt_node_check(ctx, &n, NULL), -ERANGE);
	n.has_flags = false;

	n.has_mem_type = true;
	n.mem_type = 3;
	assert_int_equal(pstore_dt_node_check(ctx, &n, NULL), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "mem-type"));
	n.mem_type = 2;
	assert_int_equal(pstore_dt_node_check(ctx, &n, NULL), 0);

	n.has_record_size = n.has_console_size = false;
	assert_int_equal(pstore_dt_node_check(ctx, &n, NULL), -EINVAL);
	n.has_pmsg_size = true;
	n.pmsg_size = 0;
	assert_int_equal(pstore_dt_node_check(ctx, &n, NULL), -EINVAL);

	node_1m(&n, 0xfff00000);
	n.address_cells = n.size_cells = 1;
	assert_int_equal(pstore_dt_node_check(ctx, &n, NULL), 0);
	n.size = 0x200000; /* ends past 4G */
	assert_int_equal(pstore_dt_node_check(ctx, &n, NULL), -ERANGE);
	n.size = 0;
	assert_int_equal(pstore_dt_node_check(ctx, &n, NULL), -EINVAL);
	pstore_unref(ctx);
}

static void test_source(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_dt_node n;
	char *s = NULL;

	(void)state;
	node_1m(&n, 0x8e000000);
	n.address_cells = n.size_cells = 1;
	n.has_ecc_size = true;
	n.ecc_size = 16;
	n.no_map = true;
	assert_int_equal(pstore_dt_node_source(ctx, &n, PSTORE_DT_FORMAT_NODE, &s), 0);
	/* DTS syntax as in the binding's own example */
	assert_string_equal(s, "ramoops@8e000000 {\n"
			       "\tcompatible = \"ramoops\";\n"
			       "\treg = <0x8e000000 0x100000>;\n"
			       "\trecord-size = <0x4000>;\n"
			       "\tconsole-size = <0x4000>;\n"
			       "\tecc-size = <16>;\n"
			       "\tno-map;\n"
			       "};\n");
	free(s);
	n.address = 0x1c0000000ull;
	n.address_cells = n.size_cells = 2;
	assert_int_equal(pstore_dt_node_source(ctx, &n, PSTORE_DT_FORMAT_OVERLAY, &s), 0);
	assert_true(strncmp(s, "/dts-v1/;\n/plugin/;\n", 20) == 0);
	assert_non_null(strstr(s, "&{/} {\n\treserved-memory {\n\t\t#address-cells = <2>;\n"
				  "\t\t#size-cells = <2>;\n\t\tranges;\n"));
	assert_non_null(strstr(s, "\t\tramoops@1c0000000 {\n"));
	assert_non_null(strstr(s, "reg = <0x1 0xc0000000 0x0 0x100000>;"));
	free(s);
	n.have_parent = true;
	assert_int_equal(pstore_dt_node_source(ctx, &n, PSTORE_DT_FORMAT_OVERLAY, &s), 0);
	assert_non_null(strstr(s, "&{/reserved-memory} {\n\tramoops@1c0000000 {\n"));
	assert_null(strstr(s, "#address-cells"));
	free(s);
	assert_string_equal(pstore_dt_format_to_string(PSTORE_DT_FORMAT_OVERLAY), "overlay");
	assert_int_equal(pstore_dt_format_from_string("node"), PSTORE_DT_FORMAT_NODE);
	assert_int_equal(pstore_dt_format_from_string("yaml"), -EINVAL);
	pstore_unref(ctx);
}

static uint64_t getcells(const void *fdt, const char *path, const char *prop, int i, int n)
{
	int off = fdt_path_offset(fdt, path), len;
	const fdt32_t *v;
	uint64_t r = 0;

	assert_true(off >= 0);
	v = fdt_getprop(fdt, off, prop, &len);
	assert_non_null(v);
	assert_true(len >= (i + n) * 4);
	for (int k = 0; k < n; k++)
		r = r << 32 | fdt32_to_cpu(v[i + k]);
	return r;
}

static void test_patch(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct board bd = { 1, 1, false, false, true };
	struct pstore_dt_node n, **found = NULL;
	size_t len, olen = 0;
	void *b = mkboard(&bd, &len), *copy = malloc(len), *out = NULL;
	int lenp;

	(void)state;
	memcpy(copy, b, len);
	node_1m(&n, 0x8e000000);
	n.has_max_reason = true;
	n.max_reason = 4;
	/* A tight blob without /reserved-memory: grows, creates the parent. */
	assert_int_equal(pstore_dt_patch(ctx, b, len, &n, 0, &out, &olen), 0);
	assert_memory_equal(b, copy, len);
	assert_true(olen > len);
	assert_int_equal(fdt_check_full(out, olen), 0);
	assert_true(getcells(out, "/reserved-memory", "#address-cells", 0, 1) == 1);
	assert_true(getcells(out, "/reserved-memory", "#size-cells", 0, 1) == 1);
	assert_non_null(fdt_getprop(out, fdt_path_offset(out, "/reserved-memory"), "ranges", &lenp));
	assert_int_equal(lenp, 0);
	assert_true(getcells(out, "/reserved-memory/ramoops@8e000000", "reg", 0, 1) == 0x8e000000);
	assert_true(getcells(out, "/reserved-memory/ramoops@8e000000", "reg", 1, 1) == 0x100000);
	assert_true(getcells(out, "/reserved-memory/ramoops@8e000000", "max-reason", 0, 1) == 4);
	assert_null(fdt_getprop(out, fdt_path_offset(out, "/reserved-memory/ramoops@8e000000"),
				"pmsg-size", NULL));

	/* read back */
	assert_int_equal(pstore_dt_find_ramoops(ctx, out, olen, &found), 1);
	assert_string_equal(found[0]->path, "/reserved-memory/ramoops@8e000000");
	assert_true(found[0]->address == 0x8e000000 && found[0]->size == 0x100000);
	assert_true(found[0]->has_record_size && found[0]->record_size == 0x4000);
	assert_true(found[0]->has_max_reason && found[0]->max_reason == 4);
	assert_false(found[0]->has_pmsg_size);
	assert_int_equal(found[0]->address_cells, 1);
	pstore_dt_node_list_free(found, 1);

	/* a second one is refused; --replace updates */
	node_1m(&n, 0x8d000000);
	free(b);
	b = out;
	len = olen;
	out = NULL;
	assert_int_equal(pstore_dt_patch(ctx, b, len, &n, 0, &out, &olen), -EEXIST);
	assert_non_null(strstr(pstore_errmsg(ctx), "/reserved-memory/ramoops@8e000000"));
	assert_int_equal(pstore_dt_patch(ctx, b, len, &n, PSTORE_DT_REPLACE, &out, &olen), 0);
	assert_true(fdt_path_offset(out, "/reserved-memory/ramoops@8e000000") < 0);
	assert_true(fdt_path_offset(out, "/reserved-memory/ramoops@8d000000") >= 0);
	free(out);
	free(b);
	free(copy);
	pstore_unref(ctx);
}

static void test_conflicts(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct board bd = { 2, 2, true, true, true };
	struct pstore_dt_node n;
	size_t len, olen;
	void *b = mkboard(&bd, &len), *out = NULL;

	(void)state;
	node_1m(&n, 0x8f000000);
	assert_int_equal(pstore_dt_check_region(ctx, b, len, &n, PSTORE_DT_REPLACE), -EBUSY);
	assert_non_null(strstr(pstore_errmsg(ctx), "overlaps /reserved-memory/fw@8f000000"));
	node_1m(&n, 0x80000000);
	assert_int_equal(pstore_dt_check_region(ctx, b, len, &n, PSTORE_DT_REPLACE), -EBUSY);
	assert_non_null(strstr(pstore_errmsg(ctx), "/memreserve/ entry 0"));
	node_1m(&n, 0x90000000);
	assert_int_equal(pstore_dt_check_region(ctx, b, len, &n, PSTORE_DT_REPLACE), -EBUSY);
	assert_non_null(strstr(pstore_errmsg(ctx), "not inside any /memory"));
	/* a free region, but the tree already has a ramoops node */
	node_1m(&n, 0x8e800000);
	assert_int_equal(pstore_dt_check_region(ctx, b, len, &n, 0), -EEXIST);
	/* replacing: the old ramoops region itself is free, the phandle kept */
	node_1m(&n, 0x8e000000);
	assert_int_equal(pstore_dt_check_region(ctx, b, len, &n, PSTORE_DT_REPLACE), 0);
	assert_int_equal(pstore_dt_patch(ctx, b, len, &n, PSTORE_DT_REPLACE, &out, &olen), 0);
	assert_true(getcells(out, "/reserved-memory/ramoops@8e000000", "phandle", 0, 1) == 7);
	assert_true(getcells(out, "/reserved-memory/ramoops@8e000000", "reg", 0, 2) == 0x8e000000);
	free(out);
	free(b);

	/* a root without cells */
	bd = (struct board){ 0, 0, false, false, false };
	b = mkboard(&bd, &len);
	assert_int_equal(pstore_dt_patch(ctx, b, len, &n, 0, &out, &olen), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "#address-cells"));
	free(b);
	pstore_unref(ctx);
}

static void test_memmap(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct board bd = { 2, 2, true, true, true };
	struct pstore_memmap *m = NULL;
	struct pstore_range r;
	const char *name;
	size_t len;
	void *b = mkboard(&bd, &len);
	bool fw = false, cma = false, rsv = false, ramoops = false;

	(void)state;
	assert_int_equal(pstore_dt_memmap(ctx, b, len, &m), 0);
	assert_int_equal(pstore_memmap_ram_count(m), 1);
	assert_int_equal(pstore_memmap_get_ram(m, 0, &r, &name), 0);
	assert_true(r.start == 0x80000000 && r.size == 0x10000000);
	assert_string_equal(name, "/memory@80000000");
	assert_int_equal(pstore_memmap_busy_count(m), 4);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(pstore_memmap_get_busy(m, i, &r, &name), 0);
		if (streq(name, "/reserved-memory/fw@8f000000"))
			fw = r.start == 0x8f000000 && r.size == 0x100000;
		else if (streq(name, "/reserved-memory/cma (alloc-ranges)"))
			cma = r.start == 0x88000000 && r.size == 0x1000000;
		else if (streq(name, "/memreserve/ entry 0"))
			rsv = r.start == 0x80000000 && r.size == 0x10000;
		else if (streq(name, "/reserved-memory/ramoops@8e000000"))
			ramoops = r.start == 0x8e000000;
	}
	assert_true(fw && cma && rsv && ramoops);
	pstore_memmap_free(m);
	free(b);
	pstore_unref(ctx);
}

static void wfile(const char *dir, const char *name, const void *buf, size_t len)
{
	char *p;
	int fd;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(pstore_write_all(fd, buf, len), 0);
	close(fd);
	free(p);
}

static void test_live(void **state)
{
	char root[] = "/tmp/pstore-dt-unit.XXXXXX", *dir, *node;
	struct pstore_ctx *ctx = NULL;
	struct pstore_dt_node **found = NULL;
	const fdt32_t two = cpu_to_fdt32(2), one = cpu_to_fdt32(1);
	const fdt32_t reg[3] = { cpu_to_fdt32(0x1), cpu_to_fdt32(0x40000000),
				 cpu_to_fdt32(0x200000) };
	const fdt32_t rs = cpu_to_fdt32(0x8000);
	const unsigned char shortv[2] = { 0, 1 };
	char cmd[300];

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_true(asprintf(&dir, "%s/sys/firmware/devicetree/base/reserved-memory", root) > 0);
	assert_true(asprintf(&node, "%s/ramoops@140000000", dir) > 0);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", node);
	assert_int_equal(system(cmd), 0);
	wfile(dir, "#address-cells", &two, 4);
	wfile(dir, "#size-cells", &one, 4);
	wfile(node, "compatible", "vendor,thing\0ramoops", 21);
	wfile(node, "reg", reg, sizeof(reg));
	wfile(node, "record-size", &rs, 4);
	assert_int_equal(pstore_new(root, &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);
	assert_int_equal(pstore_dt_find_ramoops_live(ctx, &found), 1);
	assert_string_equal(found[0]->path, "/reserved-memory/ramoops@140000000");
	assert_true(found[0]->address == 0x140000000ull && found[0]->size == 0x200000);
	assert_true(found[0]->has_record_size && found[0]->record_size == 0x8000);
	assert_false(found[0]->has_console_size);
	assert_false(found[0]->unbuffered);
	pstore_dt_node_list_free(found, 1);
	wfile(node, "unbuffered", "", 0);
	wfile(node, "no-dump-oops", "", 0);
	assert_int_equal(pstore_dt_find_ramoops_live(ctx, &found), 1);
	assert_true(found[0]->unbuffered && found[0]->no_dump_oops);
	pstore_dt_node_list_free(found, 1);
	/* a property shorter than a cell is an error naming it */
	wfile(node, "pmsg-size", shortv, 2);
	assert_int_equal(pstore_dt_find_ramoops_live(ctx, &found), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "pmsg-size"));
	pstore_unref(ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);

	/* no device tree at all (a sysroot of DTS files only) */
	ctx = unit_ctx("dts");
	assert_int_equal(pstore_dt_find_ramoops_live(ctx, &found), -ENOENT);
	assert_non_null(strstr(pstore_errmsg(ctx), "no device tree"));
	pstore_unref(ctx);
	free(dir);
	free(node);
}

/*
 * How ramoops_parse_dt() (fs/pstore/ram.c, 6.1 and 6.12 alike) reads a node: "unbuffered"
 * and "no-dump-oops" are the defaults of mem-type and max-reason; a node whose parent is
 * not named reserved-memory and that has no console, ftrace, pmsg or ecc size gets
 * console_size = pmsg_size = record_size.
 */
static void test_parse_rules(void **state)
{
	struct pstore_layout_params p;
	struct pstore_dt_node n;

	(void)state;
	pstore_layout_params_init(&p);
	dt_node_init(&n);
	n.size = 0x100000;
	n.has_record_size = true;
	n.record_size = 0x4000;
	snprintf(n.path, sizeof(n.path), "/reserved-memory/ramoops@8e000000");
	p.ftrace_cpus = 4; /* the node carries no CPU count: the caller's stays */
	pstore_dt_node_to_layout(&n, &p);
	assert_int_equal(p.ftrace_cpus, 4);
	assert_true(p.console_size == 0 && p.pmsg_size == 0);
	assert_int_equal(p.mem_type, -1);
	assert_int_equal(p.max_reason, -1);

	/* the deprecated booleans, overridden by the new properties */
	n.unbuffered = n.no_dump_oops = true;
	pstore_dt_node_to_layout(&n, &p);
	assert_int_equal(p.mem_type, 1);
	assert_int_equal(p.max_reason, 1);
	n.has_mem_type = n.has_max_reason = true;
	n.mem_type = 2;
	n.max_reason = 3;
	pstore_dt_node_to_layout(&n, &p);
	assert_int_equal(p.mem_type, 2);
	assert_int_equal(p.max_reason, 3);

	/* the unit address does not matter to of_node_name_eq() */
	snprintf(n.path, sizeof(n.path), "/soc/reserved-memory@0/ramoops@8e000000");
	pstore_dt_node_to_layout(&n, &p);
	assert_true(p.console_size == 0 && p.pmsg_size == 0);

	/* ramoops under the root (old Chromebooks): console and pmsg as record */
	snprintf(n.path, sizeof(n.path), "/ramoops@8e000000");
	pstore_dt_node_to_layout(&n, &p);
	assert_true(p.console_size == 0x4000 && p.pmsg_size == 0x4000 && p.ftrace_size == 0);
	snprintf(n.path, sizeof(n.path), "/soc/reserved-mem/ramoops");
	pstore_dt_node_to_layout(&n, &p);
	assert_true(p.console_size == 0x4000 && p.pmsg_size == 0x4000);
	/* ... but not when any of console, ftrace, pmsg or ecc is set */
	n.has_ecc_size = true;
	n.ecc_size = 16;
	pstore_dt_node_to_layout(&n, &p);
	assert_true(p.console_size == 0 && p.pmsg_size == 0);
	n.ecc_size = 0; /* an explicit 0 is no size */
	n.has_console_size = true;
	n.console_size = 0;
	pstore_dt_node_to_layout(&n, &p);
	assert_true(p.console_size == 0x4000 && p.pmsg_size == 0x4000);
	n.has_ftrace_size = true;
	n.ftrace_size = 0x1000;
	pstore_dt_node_to_layout(&n, &p);
	assert_true(p.console_size == 0 && p.pmsg_size == 0);

	/* a node being built (no path) is never the legacy case */
	dt_node_init(&n);
	n.has_record_size = true;
	n.record_size = 0x4000;
	pstore_dt_node_to_layout(&n, &p);
	assert_true(p.console_size == 0 && p.pmsg_size == 0);
}

/*
 * A DTB is checked once per command: the calls `pstorectl dts --patch F --replace` makes
 * (read, cells, find the old node twice, patch) run fdt_check_full() once on the input and
 * once on the patched output. The raw-blob calls check on every call, as before (5 + 1).
 */
/* The opaque node through its public accessors only (libpstore.h "ABI rules"). */
static void test_accessors(void **state)
{
	struct pstore_dt_node *n = NULL, *c = NULL;
	char longpath[300];
	uint64_t v = 7;

	(void)state;
	assert_int_equal(pstore_dt_node_new(&n), 0);
	assert_string_equal(pstore_dt_node_get_path(n), "");
	assert_int_equal(pstore_dt_node_get_address_cells(n), 2);
	assert_int_equal(pstore_dt_node_get_size_cells(n), 2);
	for (int p = 0; p < _PSTORE_DT_PROP_MAX; p++)
		assert_int_equal(pstore_dt_node_get_prop(n, p, &v), -ENODATA);
	assert_int_equal(v, 7);
	assert_int_equal(pstore_dt_node_get_prop(n, _PSTORE_DT_PROP_MAX, &v), -EINVAL);
	assert_int_equal(pstore_dt_node_set_prop(n, _PSTORE_DT_PROP_MAX, 1), -EINVAL);
	assert_null(pstore_dt_prop_to_string(_PSTORE_DT_PROP_MAX));
	assert_string_equal(pstore_dt_prop_to_string(PSTORE_DT_MAX_REASON), "max-reason");

	pstore_dt_node_set_reg(n, 0x8e000000, 0x100000);
	pstore_dt_node_set_cells(n, 1, 1);
	assert_int_equal(pstore_dt_node_set_prop(n, PSTORE_DT_PMSG_SIZE, 0x4000), 0);
	assert_int_equal(pstore_dt_node_get_prop(n, PSTORE_DT_PMSG_SIZE, &v), 0);
	assert_int_equal(v, 0x4000);
	assert_int_equal(pstore_dt_node_set_bool(n, PSTORE_DT_NO_MAP, true), 0);
	assert_int_equal(pstore_dt_node_set_bool(n, _PSTORE_DT_BOOL_MAX, true), -EINVAL);
	assert_false(pstore_dt_node_get_bool(n, _PSTORE_DT_BOOL_MAX));
	assert_int_equal(pstore_dt_node_set_path(n, "/reserved-memory/ramoops@8e000000"), 0);
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	assert_int_equal(pstore_dt_node_set_path(n, longpath), -ENAMETOOLONG);
	assert_string_equal(pstore_dt_node_get_path(n), "/reserved-memory/ramoops@8e000000");

	assert_int_equal(pstore_dt_node_dup(n, &c), 0);
	pstore_dt_node_free(n);
	assert_true(pstore_dt_node_get_address(c) == 0x8e000000 &&
		    pstore_dt_node_get_size(c) == 0x100000);
	assert_int_equal(pstore_dt_node_get_address_cells(c), 1);
	assert_true(pstore_dt_node_get_bool(c, PSTORE_DT_NO_MAP));
	assert_int_equal(pstore_dt_node_unset_prop(c, PSTORE_DT_PMSG_SIZE), 0);
	assert_int_equal(pstore_dt_node_get_prop(c, PSTORE_DT_PMSG_SIZE, &v), -ENODATA);
	pstore_dt_node_free(c);
	pstore_dt_node_free(NULL);
	pstore_dt_node_list_free(NULL, 0);
}

static void test_checked_once(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct board bd = { 2, 2, true, true, true };
	struct pstore_dtb *dtb = NULL;
	struct pstore_dt_node n, **old = NULL;
	struct pstore_memmap *m = NULL;
	size_t len, olen = 0, blen = 0;
	void *b = mkboard(&bd, &len), *out = NULL;
	unsigned long before;

	(void)state;
	before = dt_full_checks;
	assert_int_equal(pstore_dtb_from_blob(ctx, b, len, "board.dtb", &dtb), 0);
	assert_string_equal(pstore_dtb_get_origin(dtb), "board.dtb");
	assert_true(pstore_dtb_get_blob(dtb, &blen) != b && blen == len);
	node_1m(&n, 0x8e000000);
	assert_int_equal(pstore_dtb_cells(ctx, dtb, &n.address_cells, &n.size_cells, NULL), 0);
	assert_int_equal(pstore_dtb_find_ramoops(ctx, dtb, &old), 1);
	pstore_dt_node_list_free(old, 1);
	assert_int_equal(pstore_dtb_find_ramoops(ctx, dtb, &old), 1);
	pstore_dt_node_list_free(old, 1);
	assert_int_equal(pstore_dtb_check_region(ctx, dtb, &n, PSTORE_DT_REPLACE), 0);
	assert_int_equal(pstore_dtb_memmap(ctx, dtb, &m), 0);
	pstore_memmap_free(m);
	assert_int_equal(dt_full_checks - before, 1);
	assert_int_equal(pstore_dtb_patch(ctx, dtb, &n, PSTORE_DT_REPLACE, &out, &olen), 0);
	assert_int_equal(dt_full_checks - before, 2); /* + the patched output */
	free(out);
	pstore_dtb_free(dtb);

	/* the raw-blob calls: each one checks what it is given */
	before = dt_full_checks;
	assert_int_equal(pstore_dt_cells(ctx, b, len, &n.address_cells, &n.size_cells, NULL), 0);
	assert_int_equal(pstore_dt_find_ramoops(ctx, b, len, &old), 1);
	pstore_dt_node_list_free(old, 1);
	assert_int_equal(pstore_dt_patch(ctx, b, len, &n, PSTORE_DT_REPLACE, &out, &olen), 0);
	assert_int_equal(dt_full_checks - before, 4);
	free(out);

	/* a bad blob never becomes a pstore_dtb */
	((unsigned char *)b)[0] ^= 0xff;
	assert_int_equal(pstore_dtb_from_blob(ctx, b, len, "bad.dtb", &dtb), -ENOEXEC);
	assert_non_null(strstr(pstore_errmsg(ctx), "bad.dtb: not a DTB"));
	pstore_dtb_free(NULL);
	free(b);
	pstore_unref(ctx);
}

/*
 * Issue 11.6: dts --show and plan --dtb grew with the square of the node count, because
 * every node's path and parent were looked up by libfdt calls that walk the blob from its
 * root. Finding N ramoops nodes, the memory map and a region check over N reserved-memory
 * children now cost a constant number of such walks, whatever N (dt_path_walks counts
 * them), and every node still gets its path and its parent's cells.
 */
#define MANY_NODES 4000
static void test_many_nodes_linear(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_dtb *dtb = NULL;
	struct pstore_dt_node n, **nodes = NULL;
	struct pstore_memmap *m = NULL;
	size_t cap = (size_t)MANY_NODES * 160 + 4096;
	void *b = malloc(cap);
	unsigned long before;
	char name[64];

	(void)state;
	assert_non_null(b);
	assert_int_equal(fdt_create(b, (int)cap), 0);
	assert_int_equal(fdt_finish_reservemap(b), 0);
	assert_int_equal(fdt_begin_node(b, ""), 0);
	assert_int_equal(fdt_property_u32(b, "#address-cells", 1), 0);
	assert_int_equal(fdt_property_u32(b, "#size-cells", 1), 0);
	assert_int_equal(fdt_begin_node(b, "memory@0"), 0);
	assert_int_equal(fdt_property_string(b, "device_type", "memory"), 0);
	prop_reg(b, "reg", 0, 0x80000000, 1, 1);
	assert_int_equal(fdt_end_node(b), 0);
	assert_int_equal(fdt_begin_node(b, "reserved-memory"), 0);
	assert_int_equal(fdt_property_u32(b, "#address-cells", 1), 0);
	assert_int_equal(fdt_property_u32(b, "#size-cells", 1), 0);
	assert_int_equal(fdt_property(b, "ranges", NULL, 0), 0);
	for (unsigned i = 0; i < MANY_NODES; i++) {
		uint32_t a = 0x10000000 + i * 0x10000;

		snprintf(name, sizeof(name), "ramoops@%x", a);
		assert_int_equal(fdt_begin_node(b, name), 0);
		assert_int_equal(fdt_property_string(b, "compatible", "ramoops"), 0);
		prop_reg(b, "reg", a, 0x10000, 1, 1);
		assert_int_equal(fdt_property_u32(b, "record-size", 0x1000), 0);
		assert_int_equal(fdt_end_node(b), 0);
	}
	assert_int_equal(fdt_end_node(b), 0);
	assert_int_equal(fdt_end_node(b), 0);
	assert_int_equal(fdt_finish(b), 0);
	assert_int_equal(pstore_dtb_from_blob(ctx, b, fdt_totalsize(b), "many.dtb", &dtb), 0);

	before = dt_path_walks;
	assert_int_equal(pstore_dtb_find_ramoops(ctx, dtb, &nodes), MANY_NODES);
	assert_string_equal(nodes[0]->path, "/reserved-memory/ramoops@10000000");
	assert_string_equal(nodes[MANY_NODES - 1]->path, "/reserved-memory/ramoops@1f9f0000");
	assert_int_equal(nodes[MANY_NODES - 1]->address, 0x1f9f0000);
	assert_int_equal(nodes[MANY_NODES - 1]->address_cells, 1);
	assert_int_equal(nodes[MANY_NODES - 1]->size_cells, 1);
	pstore_dt_node_list_free(nodes, MANY_NODES);
	assert_int_equal(pstore_dtb_memmap(ctx, dtb, &m), 0);
	assert_int_equal(pstore_memmap_busy_count(m), MANY_NODES);
	pstore_memmap_free(m);
	node_1m(&n, 0x40000000);
	n.address_cells = n.size_cells = 1;
	assert_int_equal(pstore_dtb_check_region(ctx, dtb, &n, PSTORE_DT_REPLACE), 0);
	assert_true(dt_path_walks - before < 16);

	pstore_dtb_free(dtb);
	free(b);
	pstore_unref(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_blob), cmocka_unit_test(test_negative_prop_len),
		cmocka_unit_test(test_node_check),
		cmocka_unit_test(test_source),     cmocka_unit_test(test_patch),
		cmocka_unit_test(test_conflicts),  cmocka_unit_test(test_memmap),
		cmocka_unit_test(test_live),       cmocka_unit_test(test_parse_rules),
		cmocka_unit_test(test_checked_once), cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_many_nodes_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
