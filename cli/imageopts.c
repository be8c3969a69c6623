/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The --image options and the way from an image file to its decoded records. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "imageopts.h"

struct image_opts image_source;

static void init(struct image_opts *o)
{
	if (o->inited)
		return;
	memset(o, 0, sizeof(*o));
	plan_opts_init(&o->po);
	o->compress = -1;
	o->inited = true;
}

int image_opts_parse(struct image_opts *o, int c, const char *arg)
{
	int r;

	init(o);
	switch (c) {
	case OPT_IMAGE:
		o->image = arg;
		return 1;
	case OPT_IMAGE_BASE:
		if (opt_size("base", arg, &o->base) < 0)
			return -1;
		o->has_base = true;
		return 1;
	case OPT_IMAGE_SCAN:
		o->scan = true;
		return 1;
	case OPT_IMAGE_MODULE:
		o->module_params = true;
		return 1;
	case OPT_IMAGE_COMPRESS:
		r = pstore_compress_from_string(arg);
		if (r < 0)
			return usage_error("--compress: '%s' is not one of: deflate, lzo, lz4, lz4hc, zstd",
					   arg),
			       -1;
		o->compress = r;
		return 1;
	}
	return plan_opts_parse(&o->po, c, arg);
}

void image_opts_help(FILE *f, bool with_image)
{
	if (with_image)
		fputs("\nReading from a memory image (see pstorectl-decode(8)):\n"
		      "      --image FILE         read the records from a memory image: a raw dump\n"
		      "                           of the region, /dev/mem or a kdump vmcore\n",
		      f);
	else
		fputs("\nThe image and its layout:\n", f);
	fputs("      --base ADDR          physical address of a raw dump's first byte\n"
	      "                           (default: the region's address)\n"
	      "      --address ADDR       the region's physical address (mem_address)\n"
	      "      --size SIZE          the region's size (mem_size; default: the rest of a\n"
	      "                           raw dump)\n"
	      "      --dtb FILE           the layout of the ramoops node of a DTB\n"
	      "      --module-params      the layout of the running ramoops module\n"
	      "      --scan               find the layout from the zone headers (the default\n"
	      "                           when no layout is given)\n"
	      "      --record-size, --console-size, --pmsg-size, --ftrace-size SIZE,\n"
	      "      --ecc N, --flags N, --cpus N\n"
	      "                           the layout, as for plan (they override --dtb and\n"
	      "                           --module-params)\n"
	      "      --kernel X.Y         zone order of that kernel (before 6.2: ftrace\n"
	      "                           before pmsg)\n"
	      "      --compress ALG       dmesg compression: deflate, lzo, lz4, lz4hc, zstd\n"
	      "                           (default: try each)\n",
	      f);
}

/* The size options the user gave override the layout from a DTB or the module. */
/* The sizes given on the command line win over a DTB's, the module's or a scan's; so do
 * --address/--size (@region), except after a scan: there they name the span searched,
 * and the region is the one the zone headers show. */
static void override(const struct image_opts *o, struct pstore_layout_params *p, bool region)
{
	const struct pstore_layout_params *u = &o->po.layout;

	if (o->po.set & PLAN_SET_RECORD)
		p->record_size = u->record_size;
	if (o->po.set & PLAN_SET_CONSOLE)
		p->console_size = u->console_size;
	if (o->po.set & PLAN_SET_PMSG)
		p->pmsg_size = u->pmsg_size;
	if (o->po.set & PLAN_SET_FTRACE)
		p->ftrace_size = u->ftrace_size;
	if (o->po.set & PLAN_SET_ECC)
		p->ecc_size = u->ecc_size;
	if (o->po.set & PLAN_SET_FLAGS)
		p->flags = u->flags;
	if (u->ftrace_cpus)
		p->ftrace_cpus = u->ftrace_cpus;
	if (region && (o->po.set & PLAN_SET_ADDRESS))
		p->mem_address = o->po.req.address;
	if (region && (o->po.set & PLAN_SET_SIZE))
		p->mem_size = o->po.req.size;
}

static const unsigned layout_bits = PLAN_SET_RECORD | PLAN_SET_CONSOLE | PLAN_SET_PMSG |
				    PLAN_SET_FTRACE | PLAN_SET_ECC | PLAN_SET_FLAGS;

/* The region: --address/--size, else a raw dump's base and the rest of it. A raw dump
 * starts at the region's address unless --base says otherwise. */
static void region(const struct image_opts *o, struct pstore_image *img, uint64_t *addr,
		   uint64_t *size)
{
	uint64_t base, fsz = pstore_image_get_size(img);

	*addr = (o->po.set & PLAN_SET_ADDRESS) ? o->po.req.address : o->has_base ? o->base : 0;
	base = o->has_base ? o->base : *addr;
	if (o->po.set & PLAN_SET_SIZE)
		*size = o->po.req.size;
	else if (pstore_image_get_kind(img) == PSTORE_IMAGE_RAW && *addr >= base &&
		 *addr - base < fsz)
		*size = fsz - (*addr - base);
	else
		*size = 0;
}

static int layout_params(struct pstore_ctx *ctx, struct image_opts *o, struct pstore_image *img,
			 bool notes, struct pstore_layout_params *p, unsigned *kver)
{
	uint64_t addr, size;
	int r;

	region(o, img, &addr, &size);
	*kver = o->po.kernel_version;
	if (o->po.dtb) {
		struct pstore_dt_node **nodes = NULL;
		void *fdt = NULL;
		size_t len = 0;

		r = pstore_dt_read(ctx, o->po.dtb, &fdt, &len);
		if (r < 0)
			return r;
		r = pstore_dt_find_ramoops(ctx, fdt, len, &nodes);
		free(fdt);
		if (r < 0)
			return r;
		if (r == 0) {
			warnx_("%s: no ramoops node: looking for zone headers instead", o->po.dtb);
			o->scan = true;
		} else {
			if (r > 1)
				warnx_("warning: %s: %d ramoops nodes: using %s", o->po.dtb, r,
				       pstore_dt_node_get_path(nodes[0]));
			pstore_dt_node_to_layout(nodes[0], p);
			pstore_dt_node_list_free(nodes, (size_t)r);
			override(o, p, true);
			return 0;
		}
	} else if (o->module_params) {
		struct pstore_ramoops_params mp = PSTORE_STRUCT_INIT(struct pstore_ramoops_params);

		r = pstore_ramoops_params_read(ctx, &mp);
		if (r < 0)
			return r;
		pstore_ramoops_params_to_layout(&mp, p);
		override(o, p, true);
		return 0;
	}
	if (!o->scan && (o->po.set & layout_bits)) {
		*p = o->po.layout;
		p->mem_address = addr;
		p->mem_size = size;
		return 0;
	}
	{
		struct pstore_scan *s = NULL;
		enum pstore_scan_confidence c;

		r = pstore_scan_image(ctx, img, addr, size, &s);
		if (r < 0)
			return r;
		c = pstore_scan_get_confidence(s);
		if (notes || c != PSTORE_SCAN_CERTAIN)
			for (size_t i = 0; i < pstore_scan_note_count(s); i++)
				warnx_("scan: %s", pstore_scan_get_note(s, i));
		if (notes || c != PSTORE_SCAN_CERTAIN)
			warnx_("scan: confidence: %s", pstore_scan_confidence_to_string(c));
		*p = *pstore_scan_get_params(s);
		if (!*kver)
			*kver = pstore_scan_get_kernel_version(s);
		pstore_scan_free(s);
		override(o, p, false);
	}
	return 0;
}

int image_decode(struct pstore_ctx *ctx, struct image_opts *o, const char *path, bool notes,
		 struct pstore_decode **ret)
{
	struct pstore_image *img = NULL;
	struct pstore_layout *l = NULL;
	struct pstore_layout_params p;
	struct pstore_decode_opts dopts = { .struct_size = sizeof(dopts), .compress = -1 };
	unsigned kver = 0;
	int r;

	init(o);
	dopts.compress = o->compress;
	r = pstore_image_open(ctx, path, &img);
	if (r < 0)
		return r;
	if (o->has_base)
		pstore_image_set_base(img, o->base);
	pstore_layout_params_init(&p);
	r = layout_params(ctx, o, img, notes, &p, &kver);
	if (r >= 0)
		r = pstore_layout_compute_for(ctx, &p, kver, &l);
	if (r >= 0) {
		if (notes)
			warn_layout(l, path);
		r = pstore_decode_image(ctx, img, l, &dopts, ret);
	}
	pstore_layout_free(l);
	pstore_image_free(img);
	return r;
}

int image_source_new(struct pstore_ctx *ctx, struct pstore_source **ret)
{
	struct pstore_decode *d = NULL;
	int r;

	r = image_decode(ctx, &image_source, image_source.image, G.verbose > 0, &d);
	if (r < 0)
		return r;
	return pstore_source_new_image(ctx, d, ret);
}
