/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pstorectl dts: print, patch into a DTB, or show a /reserved-memory/ramoops node. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "planopts.h"
#include "pstorectl.h"

enum {
	OPT_ADDRESS_CELLS = CHAR_MAX + 1,
	OPT_SIZE_CELLS,
	OPT_NO_MAP,
	OPT_PATCH,
	OPT_IN_PLACE,
	OPT_REPLACE,
	OPT_SHOW,
	OPT_OUTPUT,
};

/* Selection options that ask for a new region rather than keeping a replaced one. */
#define SELECT_SET                                                                       \
	(PLAN_SET_SIZE | PLAN_SET_ALIGN | PLAN_SET_ADDRESS | PLAN_SET_BELOW |             \
	 PLAN_SET_ABOVE | PLAN_SET_PREFER)

struct dts_opts {
	struct plan_opts plan;
	enum pstore_dt_format format;
	long address_cells, size_cells; /* 0 = not given */
	bool no_map, in_place, replace, show, json;
	const char *patch, *output;
};

static void help(void)
{
	fputs("Usage: pstorectl dts [options]\n"
	      "       pstorectl dts --patch IN.dtb (--output OUT.dtb | --in-place) [options]\n"
	      "       pstorectl dts --show [DTB] [--json]\n"
	      "\n"
	      "Print a /reserved-memory/ramoops node as DTS source, add it to a compiled\n"
	      "device tree, or show the ramoops node of a DTB or of the running system.\n"
	      "\n"
	      "Options:\n"
	      "  -f, --format FORMAT    node (default): the node to paste into a board's\n"
	      "                         /reserved-memory; overlay: a complete overlay for dtc -@\n"
	      "      --address-cells N  #address-cells of /reserved-memory (1 or 2, default 2,\n"
	      "                         or taken from --dtb; an overlay needs it or --dtb)\n"
	      "      --size-cells N     #size-cells of /reserved-memory (1 or 2, default 2,\n"
	      "                         or taken from --dtb; an overlay needs it or --dtb)\n"
	      "      --no-map           add the no-map property (ramoops then ioremaps)\n"
	      "      --patch IN.dtb     add the node to a compiled device tree\n"
	      "      --output FILE      where --patch writes ('-' for stdout)\n"
	      "      --in-place         --patch replaces IN.dtb itself (atomically)\n"
	      "      --replace          replace an existing ramoops node instead of refusing\n"
	      "      --show             show the ramoops node of DTB, or of the running system\n"
	      "                         (/sys/firmware/devicetree/base) when none is given\n"
	      "  -J, --json             --show prints JSON\n"
	      "  -h, --help             show this help\n",
	      stdout);
	plan_opts_help_select(stdout);
	plan_opts_help_layout(stdout);
	fputs("\nWithout --address the region is chosen as `pstorectl plan` does: from --dtb,\n"
	      "from the DTB being patched, or from --iomem / /proc/iomem.\n",
	      stdout);
}

/* ---- --show ---- */

static void show_prop(const struct pstore_dt_node *d, enum pstore_dt_prop p, bool size)
{
	const char *name = pstore_dt_prop_to_string(p);
	char buf[SIZE_BUFLEN];
	uint64_t v;

	if (pstore_dt_node_get_prop(d, p, &v) < 0)
		return;
	if (size)
		printf("  %-14s %s\n", name, format_size(v, false, buf, sizeof(buf)));
	else
		printf("  %-14s %" PRIu64 "\n", name, v);
}

static void json_prop(struct json *j, const char *key, const struct pstore_dt_node *d,
		      enum pstore_dt_prop p)
{
	uint64_t v;

	if (pstore_dt_node_get_prop(d, p, &v) == 0)
		json_u64(j, key, v);
	else
		json_null(j, key);
}

static void dt_node_freep(struct pstore_dt_node **n)
{
	pstore_dt_node_free(*n);
}

static void dt_node_list_freep(struct pstore_dt_node ***nodes, int n)
{
	pstore_dt_node_list_free(*nodes, n > 0 ? (size_t)n : 0);
	*nodes = NULL;
}

/* A DTB is read and checked once per command: every question after that takes the dtb. */
static void dtb_freep(struct pstore_dtb **d)
{
	pstore_dtb_free(*d);
}

static int do_show(struct pstore_ctx *ctx, const char *file, bool json)
{
	_cleanup_(dtb_freep) struct pstore_dtb *dtb = NULL;
	struct pstore_dt_node **nodes = NULL;
	int n, r, ret = EXIT_OK;

	if (file) {
		r = pstore_dtb_read(ctx, file, &dtb);
		if (r < 0)
			return lib_error(ctx, r);
		n = pstore_dtb_find_ramoops(ctx, dtb, &nodes);
		if (n < 0)
			return lib_error_what(ctx, n, file);
	} else {
		n = pstore_dt_find_ramoops_live(ctx, &nodes);
		if (n < 0)
			return lib_error(ctx, n);
	}

	if (json) {
		struct json j;

		json_init(&j, stdout);
		json_open(&j, NULL);
		json_open_array(&j, "ramoops");
		for (int i = 0; i < n; i++) {
			const struct pstore_dt_node *d = nodes[i];

			json_open(&j, NULL);
			json_str(&j, "path", pstore_dt_node_get_path(d));
			json_u64(&j, "address", pstore_dt_node_get_address(d));
			json_u64(&j, "size", pstore_dt_node_get_size(d));
			json_prop(&j, "record_size", d, PSTORE_DT_RECORD_SIZE);
			json_prop(&j, "console_size", d, PSTORE_DT_CONSOLE_SIZE);
			json_prop(&j, "ftrace_size", d, PSTORE_DT_FTRACE_SIZE);
			json_prop(&j, "pmsg_size", d, PSTORE_DT_PMSG_SIZE);
			json_prop(&j, "ecc_size", d, PSTORE_DT_ECC_SIZE);
			json_prop(&j, "mem_type", d, PSTORE_DT_MEM_TYPE);
			json_prop(&j, "max_reason", d, PSTORE_DT_MAX_REASON);
			json_prop(&j, "flags", d, PSTORE_DT_FLAGS);
			json_bool(&j, "no_map", pstore_dt_node_get_bool(d, PSTORE_DT_NO_MAP));
			json_bool(&j, "unbuffered",
				  pstore_dt_node_get_bool(d, PSTORE_DT_UNBUFFERED));
			json_bool(&j, "no_dump_oops",
				  pstore_dt_node_get_bool(d, PSTORE_DT_NO_DUMP_OOPS));
			json_bool(&j, "disabled", pstore_dt_node_get_bool(d, PSTORE_DT_DISABLED));
			json_close(&j);
		}
		json_close_array(&j);
		json_close(&j);
		if (json_finish(&j) < 0)
			ret = EXIT_FAIL;
	} else {
		if (n == 0)
			printf("no ramoops node in %s\n",
			       file ? file : "the running system's device tree");
		for (int i = 0; i < n; i++) {
			const struct pstore_dt_node *d = nodes[i];
			uint64_t address = pstore_dt_node_get_address(d);
			uint64_t size = pstore_dt_node_get_size(d), flags;
			char buf[SIZE_BUFLEN];

			printf("%s%s\n", i ? "\n" : "", pstore_dt_node_get_path(d));
			printf("  %-14s 0x%" PRIx64 "-0x%" PRIx64 "\n", "region", address,
			       address + size - 1);
			printf("  %-14s %s\n", "size", format_size(size, false, buf, sizeof(buf)));
			show_prop(d, PSTORE_DT_RECORD_SIZE, true);
			show_prop(d, PSTORE_DT_CONSOLE_SIZE, true);
			show_prop(d, PSTORE_DT_FTRACE_SIZE, true);
			show_prop(d, PSTORE_DT_PMSG_SIZE, true);
			show_prop(d, PSTORE_DT_ECC_SIZE, false);
			show_prop(d, PSTORE_DT_MEM_TYPE, false);
			show_prop(d, PSTORE_DT_MAX_REASON, false);
			if (pstore_dt_node_get_prop(d, PSTORE_DT_FLAGS, &flags) == 0)
				printf("  %-14s 0x%" PRIx64 "\n", "flags", flags);
			if (pstore_dt_node_get_bool(d, PSTORE_DT_NO_MAP))
				printf("  %-14s yes\n", "no-map");
			if (pstore_dt_node_get_bool(d, PSTORE_DT_DISABLED))
				printf("  %-14s disabled (the kernel skips the node)\n", "status");
			if (pstore_dt_node_get_bool(d, PSTORE_DT_UNBUFFERED))
				printf("  %-14s yes (deprecated: mem-type 1 unless mem-type is set)\n",
				       "unbuffered");
			if (pstore_dt_node_get_bool(d, PSTORE_DT_NO_DUMP_OOPS))
				printf("  %-14s yes (deprecated: max-reason 1 unless max-reason is set)\n",
				       "no-dump-oops");
		}
	}
	/* Say what the kernel would make of each node. */
	for (int i = 0; i < n; i++) {
		struct pstore_layout *l = NULL;

		pstore_clear_error(ctx);
		r = pstore_dt_node_check(ctx, nodes[i], &l);
		if (r < 0) {
			warnx_("warning: %s: %s", pstore_dt_node_get_path(nodes[i]),
			       pstore_errmsg(ctx) ? pstore_errmsg(ctx) : strerror(-r));
			continue;
		}
		warn_layout(l, pstore_dt_node_get_path(nodes[i]));
		pstore_layout_free(l);
	}
	if (n > 1)
		warnx_("warning: %d ramoops nodes: only the first one that probes is used", n);
	dt_node_list_freep(&nodes, n);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		write_error(errno);
		return EXIT_FAIL;
	}
	return ret;
}

/* ---- the region and the node ---- */

/*
 * Fills n->address/size: --address as given (checked against the DTB when there is one),
 * the region of the ramoops node being replaced, or a choice as plan makes it.
 */
static int pick_region(struct pstore_ctx *ctx, struct dts_opts *o, const char *file,
		       const struct pstore_dtb *dtb, bool check, struct pstore_dt_node *n)
{
	struct plan_opts *p = &o->plan;
	struct pstore_range range;
	int r;

	if (dtb && o->replace && !(p->set & SELECT_SET)) {
		struct pstore_dt_node **old = NULL;

		r = pstore_dtb_find_ramoops(ctx, dtb, &old);
		if (r < 0)
			return lib_error_what(ctx, r, file);
		if (r > 0) {
			p->layout.mem_address = pstore_dt_node_get_address(old[0]);
			p->layout.mem_size = pstore_dt_node_get_size(old[0]);
			dt_node_list_freep(&old, r);
			return 0;
		}
	}
	if (p->set & PLAN_SET_ADDRESS) {
		p->layout.mem_address = p->req.address;
		p->layout.mem_size = p->req.size;
		if (dtb) {
			if (!check)
				return 0;
			pstore_dt_node_set_reg(n, p->req.address, p->req.size);
			r = pstore_dtb_check_region(ctx, dtb, n,
						   o->replace ? PSTORE_DT_REPLACE : 0);
			return r < 0 ? lib_error_what(ctx, r, file) : 0;
		}
		if (!p->iomem)
			return 0; /* for another machine: nothing here to check against */
		return plan_opts_choose(ctx, p, &range);
	}
	if (dtb) {
		struct pstore_memmap *m = NULL;

		r = pstore_dtb_memmap(ctx, dtb, &m);
		if (r < 0)
			return lib_error_what(ctx, r, file);
		r = pstore_plan_choose(ctx, m, &p->req, &range);
		pstore_memmap_free(m);
		if (r < 0)
			return lib_error_what(ctx, r, file);
		p->layout.mem_address = range.start;
		p->layout.mem_size = range.size;
		return 0;
	}
	return plan_opts_choose(ctx, p, &range);
}

/*
 * Checks the node and prints what the kernel would round or drop; then the node carries
 * the sizes the kernel will use (rounded down to powers of two by the layout's rules), as
 * plan's other formats do.
 */
static int check_node(struct pstore_ctx *ctx, struct pstore_dt_node *n)
{
	const struct pstore_layout_params *p;
	struct pstore_layout *l = NULL;
	int r;

	r = pstore_dt_node_check(ctx, n, &l);
	if (r < 0)
		return lib_error(ctx, r);
	warn_layout(l, NULL);
	p = pstore_layout_get_params(l);
	const struct {
		enum pstore_dt_prop prop;
		uint64_t rounded;
	} sizes[] = {
		{ PSTORE_DT_RECORD_SIZE, p->record_size },
		{ PSTORE_DT_CONSOLE_SIZE, p->console_size },
		{ PSTORE_DT_FTRACE_SIZE, p->ftrace_size },
		{ PSTORE_DT_PMSG_SIZE, p->pmsg_size },
	};
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		uint64_t v;

		if (pstore_dt_node_get_prop(n, sizes[i].prop, &v) == 0)
			pstore_dt_node_set_prop(n, sizes[i].prop, sizes[i].rounded);
	}
	pstore_layout_free(l);
	return 0;
}

static int do_print(struct pstore_ctx *ctx, struct dts_opts *o)
{
	_cleanup_(dtb_freep) struct pstore_dtb *dtb = NULL;
	_cleanup_free_ char *src = NULL;
	_cleanup_(dt_node_freep) struct pstore_dt_node *n = NULL;
	int r;

	if (pstore_dt_node_new(&n) < 0)
		return lib_error(ctx, -ENOMEM);
	pstore_dt_node_set_bool(n, PSTORE_DT_NO_MAP, o->no_map);
	if (o->plan.dtb) {
		unsigned ac, sc;
		bool have_parent;

		r = pstore_dtb_read(ctx, o->plan.dtb, &dtb);
		if (r < 0)
			return lib_error(ctx, r);
		r = pstore_dtb_cells(ctx, dtb, &ac, &sc, &have_parent);
		if (r < 0)
			return lib_error_what(ctx, r, o->plan.dtb);
		if ((o->address_cells && o->address_cells != (long)ac) ||
		    (o->size_cells && o->size_cells != (long)sc))
			return usage_error("--address-cells/--size-cells %ld/%ld differ from the "
					   "DTB's /reserved-memory cells %u/%u",
					   o->address_cells ? o->address_cells : (long)ac,
					   o->size_cells ? o->size_cells : (long)sc, ac, sc);
		pstore_dt_node_set_bool(n, PSTORE_DT_HAVE_PARENT, have_parent);
		pstore_dt_node_set_cells(n, ac, sc);
	} else {
		pstore_dt_node_set_cells(n,
					 o->address_cells ? (unsigned)o->address_cells :
							    pstore_dt_node_get_address_cells(n),
					 o->size_cells ? (unsigned)o->size_cells :
							 pstore_dt_node_get_size_cells(n));
	}
	r = pick_region(ctx, o, o->plan.dtb, dtb, true, n);
	if (r)
		return r;
	pstore_dt_node_from_layout(n, &o->plan.layout);
	r = check_node(ctx, n);
	if (r)
		return r;
	r = pstore_dt_node_source(ctx, n, o->format, &src);
	if (r < 0)
		return lib_error(ctx, r);
	fputs(src, stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		write_error(errno);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int write_output(struct pstore_ctx *ctx, const char *path, mode_t mode,
			const void *buf, size_t len)
{
	int r;

	if (streq(path, "-") && isatty(STDOUT_FILENO)) {
		warnx_("refusing to write a binary DTB to a terminal");
		return EXIT_FAIL;
	}
	r = pstore_dt_write(ctx, path, buf, len, mode);
	return r < 0 ? lib_error(ctx, r) : EXIT_OK;
}

/*
 * --replace updates the node: the properties of the old one stay unless an option sets
 * them (the region was already kept by pick_region() unless a selection option was given).
 */
static int update_old(struct pstore_ctx *ctx, const struct dts_opts *o,
		      const struct pstore_dtb *dtb, struct pstore_dt_node **np)
{
	struct pstore_dt_node **old = NULL, *keep, *n = *np;
	struct pstore_layout_params eff;
	unsigned set = o->plan.set;
	uint64_t v;
	int r;

	r = pstore_dtb_find_ramoops(ctx, dtb, &old);
	if (r < 0)
		return lib_error_what(ctx, r, o->patch);
	if (r == 0)
		return 0;
	keep = old[0];
	old[0] = NULL;
	dt_node_list_freep(&old, r);
	/* The new node lies in /reserved-memory and has no deprecated property: spell out
	 * what the kernel made of the old one (pstore_dt_node_to_layout) so it keeps working
	 * the same way. */
	pstore_layout_params_init(&eff);
	pstore_dt_node_to_layout(keep, &eff);
	if (pstore_dt_node_get_prop(keep, PSTORE_DT_MEM_TYPE, &v) < 0 && eff.mem_type >= 0)
		pstore_dt_node_set_prop(keep, PSTORE_DT_MEM_TYPE, (uint64_t)eff.mem_type);
	if (pstore_dt_node_get_prop(keep, PSTORE_DT_MAX_REASON, &v) < 0 && eff.max_reason >= 0)
		pstore_dt_node_set_prop(keep, PSTORE_DT_MAX_REASON, (uint64_t)eff.max_reason);
	if (!(pstore_dt_node_get_prop(keep, PSTORE_DT_CONSOLE_SIZE, &v) == 0 && v) &&
	    eff.console_size)
		pstore_dt_node_set_prop(keep, PSTORE_DT_CONSOLE_SIZE, eff.console_size);
	if (!(pstore_dt_node_get_prop(keep, PSTORE_DT_PMSG_SIZE, &v) == 0 && v) &&
	    eff.pmsg_size)
		pstore_dt_node_set_prop(keep, PSTORE_DT_PMSG_SIZE, eff.pmsg_size);
	pstore_dt_node_set_bool(keep, PSTORE_DT_UNBUFFERED, false);
	pstore_dt_node_set_bool(keep, PSTORE_DT_NO_DUMP_OOPS, false);
	pstore_dt_node_set_reg(keep, pstore_dt_node_get_address(n), pstore_dt_node_get_size(n));
	pstore_dt_node_set_cells(keep, pstore_dt_node_get_address_cells(n),
				 pstore_dt_node_get_size_cells(n));
	pstore_dt_node_set_bool(keep, PSTORE_DT_NO_MAP,
				pstore_dt_node_get_bool(n, PSTORE_DT_NO_MAP) ||
					pstore_dt_node_get_bool(keep, PSTORE_DT_NO_MAP));
	pstore_dt_node_set_path(keep, NULL);
#define UPDATE(bit, prop)                                                                \
	if (set & (bit)) {                                                               \
		if (pstore_dt_node_get_prop(n, prop, &v) == 0)                           \
			pstore_dt_node_set_prop(keep, prop, v);                          \
		else                                                                     \
			pstore_dt_node_unset_prop(keep, prop);                           \
	}
	UPDATE(PLAN_SET_RECORD, PSTORE_DT_RECORD_SIZE)
	UPDATE(PLAN_SET_CONSOLE, PSTORE_DT_CONSOLE_SIZE)
	UPDATE(PLAN_SET_FTRACE, PSTORE_DT_FTRACE_SIZE)
	UPDATE(PLAN_SET_PMSG, PSTORE_DT_PMSG_SIZE)
	UPDATE(PLAN_SET_ECC, PSTORE_DT_ECC_SIZE)
	UPDATE(PLAN_SET_MEM_TYPE, PSTORE_DT_MEM_TYPE)
	UPDATE(PLAN_SET_MAX_REASON, PSTORE_DT_MAX_REASON)
	UPDATE(PLAN_SET_FLAGS, PSTORE_DT_FLAGS)
#undef UPDATE
	pstore_dt_node_free(n);
	*np = keep;
	return 0;
}

static int do_patch(struct pstore_ctx *ctx, struct dts_opts *o)
{
	_cleanup_(dtb_freep) struct pstore_dtb *dtb = NULL;
	_cleanup_free_ void *out = NULL;
	_cleanup_free_ char *real = NULL;
	_cleanup_(dt_node_freep) struct pstore_dt_node *n = NULL;
	const char *target = o->output;
	mode_t mode = 0644;
	size_t outlen = 0;
	int r;

	if (o->in_place) {
		struct stat st;

		/* Replace the file a symlink points to, not the link; keep its mode. */
		real = realpath(o->patch, NULL);
		if (!real || stat(real, &st) < 0) {
			warnx_("%s: %s", o->patch, strerror(errno));
			return EXIT_FAIL;
		}
		mode = st.st_mode & 07777;
		target = real;
	}
	r = pstore_dtb_read(ctx, o->patch, &dtb);
	if (r < 0)
		return lib_error(ctx, r);
	if (pstore_dt_node_new(&n) < 0)
		return lib_error(ctx, -ENOMEM);
	pstore_dt_node_set_bool(n, PSTORE_DT_NO_MAP, o->no_map);
	{
		unsigned ac, sc;

		r = pstore_dtb_cells(ctx, dtb, &ac, &sc, NULL);
		if (r < 0)
			return lib_error_what(ctx, r, o->patch);
		pstore_dt_node_set_cells(n, ac, sc);
	}
	r = pick_region(ctx, o, o->patch, dtb, false, n);
	if (r)
		return r;
	pstore_dt_node_from_layout(n, &o->plan.layout);
	if (o->replace) {
		r = update_old(ctx, o, dtb, &n);
		if (r)
			return r;
	}
	r = check_node(ctx, n);
	if (r)
		return r;
	r = pstore_dtb_patch(ctx, dtb, n, o->replace ? PSTORE_DT_REPLACE : 0, &out, &outlen);
	if (r == -EEXIST && !o->replace && pstore_errmsg(ctx)) {
		warnx_("%s: %s (--replace updates it)", o->patch, pstore_errmsg(ctx));
		return EXIT_FAIL;
	}
	if (r < 0)
		return lib_error_what(ctx, r, o->patch);
	r = write_output(ctx, target, mode, out, outlen);
	if (r)
		return r;
	if (!streq(target, "-")) {
		char buf[SIZE_BUFLEN];

		printf("%s: /reserved-memory/ramoops@%" PRIx64 ": %s at 0x%" PRIx64 "\n",
		       o->in_place ? o->patch : target, pstore_dt_node_get_address(n),
		       format_size(pstore_dt_node_get_size(n), false, buf, sizeof(buf)),
		       pstore_dt_node_get_address(n));
	}
	return EXIT_OK;
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "format",        required_argument, NULL, 'f' },
		{ "address-cells", required_argument, NULL, OPT_ADDRESS_CELLS },
		{ "size-cells",    required_argument, NULL, OPT_SIZE_CELLS },
		{ "no-map",        no_argument,       NULL, OPT_NO_MAP },
		{ "patch",         required_argument, NULL, OPT_PATCH },
		{ "output",        required_argument, NULL, OPT_OUTPUT },
		{ "in-place",      no_argument,       NULL, OPT_IN_PLACE },
		{ "replace",       no_argument,       NULL, OPT_REPLACE },
		{ "show",          no_argument,       NULL, OPT_SHOW },
		{ "json",          no_argument,       NULL, 'J' },
		{ "help",          no_argument,       NULL, 'h' },
		PLAN_SELECT_LONGOPTS,
		PLAN_LAYOUT_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct dts_opts o = { .format = PSTORE_DT_FORMAT_NODE };
	const char *show_file = NULL;
	int c, r;

	plan_opts_init(&o.plan);
	while ((c = getopt_long(argc, argv, "f:o:Jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			r = pstore_dt_format_from_string(optarg);
			if (r < 0)
				return usage_error("--format: '%s' is not one of: node, overlay",
						   optarg);
			o.format = (enum pstore_dt_format)r;
			break;
		case OPT_ADDRESS_CELLS:
			if (opt_int("address-cells", optarg, 1, 2, &o.address_cells) < 0)
				return EXIT_USAGE;
			break;
		case OPT_SIZE_CELLS:
			if (opt_int("size-cells", optarg, 1, 2, &o.size_cells) < 0)
				return EXIT_USAGE;
			break;
		case OPT_NO_MAP:
			o.no_map = true;
			break;
		case OPT_PATCH:
			o.patch = optarg;
			break;
		case 'o':
			/* -o selects columns in every other command: here it is kept for old
			 * scripts only. */
			warnx_("warning: -o FILE is deprecated in dts: use --output FILE");
			o.output = optarg;
			break;
		case OPT_OUTPUT:
			o.output = optarg;
			break;
		case OPT_IN_PLACE:
			o.in_place = true;
			break;
		case OPT_REPLACE:
			o.replace = true;
			break;
		case OPT_SHOW:
			o.show = true;
			break;
		case 'J':
			o.json = true;
			break;
		case 'h':
			help();
			return EXIT_OK;
		default:
			r = plan_opts_parse(&o.plan, c, optarg);
			if (r < 0)
				return EXIT_USAGE;
			if (r == 0)
				return usage_error("unknown option");
		}
	}

	if (o.show) {
		if (o.patch || o.output || o.in_place || o.replace || o.no_map ||
		    o.address_cells || o.size_cells || o.plan.set || o.plan.dtb || o.plan.iomem)
			return usage_error("--show takes no other option than --json");
		if (optind < argc)
			show_file = argv[optind++];
		if (optind < argc)
			return usage_error("unexpected argument '%s'", argv[optind]);
		return do_show(ctx, show_file, o.json);
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (o.json)
		return usage_error("--json goes with --show");
	if ((o.patch || o.plan.dtb) && (o.plan.set & PLAN_SET_INITRD_ROOM))
		return usage_error("--initrd-room applies to /proc/iomem or --iomem, not to a DTB");

	if (o.patch) {
		if (!o.output == !o.in_place)
			return usage_error("--patch needs either --output FILE or --in-place");
		if (o.in_place && streq(o.patch, "-"))
			return usage_error("--in-place needs a file, not stdin");
		if (o.plan.dtb || o.plan.iomem)
			return usage_error("--patch takes the memory map from %s itself; drop %s",
					   o.patch, o.plan.dtb ? "--dtb" : "--iomem");
		if (o.address_cells || o.size_cells)
			return usage_error("--patch takes the cells from %s itself", o.patch);
		if (o.format != PSTORE_DT_FORMAT_NODE)
			return usage_error("--format does not apply to --patch");
		return do_patch(ctx, &o);
	}
	if (o.output || o.in_place)
		return usage_error("%s goes with --patch", o.output ? "--output" : "--in-place");
	if (o.replace && !o.plan.dtb)
		return usage_error("--replace goes with --patch or --dtb");
	/* An overlay's /reserved-memory must have the base tree's cells, or the kernel
	 * ignores it: they cannot be guessed. */
	if (o.format == PSTORE_DT_FORMAT_OVERLAY && !o.plan.dtb &&
	    !(o.address_cells && o.size_cells))
		return usage_error("--format overlay needs the board's cells: give --dtb BOARD.dtb, or --address-cells N and --size-cells N");
	return do_print(ctx, &o);
}

const struct pstorectl_cmd cmd_dts = {
	.name = "dts",
	.help = "emit, show or patch a device-tree ramoops node",
	.run = run,
};
