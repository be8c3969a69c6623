/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The region-selection and layout options shared by plan, dts and load. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "planopts.h"
#include "pstorectl.h"

void plan_opts_init(struct plan_opts *o)
{
	memset(o, 0, sizeof(*o));
	pstore_plan_request_init(&o->req);
	pstore_layout_params_init(&o->layout);
	o->initrd_room = PSTORE_INITRD_ROOM_DEFAULT;
}

static int parse_kernel(const char *arg, unsigned *ret)
{
	unsigned long a, b = 0;
	char *end;

	errno = 0;
	a = strtoul(arg, &end, 10);
	if (errno || end == arg || a > 255)
		return -1;
	if (*end == '.') {
		const char *s = end + 1;

		b = strtoul(s, &end, 10);
		if (errno || end == s || b > 255)
			return -1;
		/* ignore a patch level or a distribution suffix: 6.1.0-56-cloud-amd64 */
	}
	if (*end && *end != '.' && *end != '-' && *end != '+')
		return -1;
	*ret = PSTORE_KERNEL_VERSION((unsigned)a, (unsigned)b, 0);
	return 0;
}

/* --below, --above, --address: an address the request may name. */
static int opt_req_address(struct plan_opts *o, const char *opt, const char *arg,
			   bool *has, uint64_t *addr, unsigned set)
{
	uint64_t v;

	if (opt_size(opt, arg, &v) < 0)
		return -1;
	*has = true;
	*addr = v;
	o->set |= set;
	return 1;
}

/*
 * --record-size, --console-size, ...: a zone size, no longer a default (@dflt, may be 0).
 * Any size: the layout rounds it down to a power of two as the kernel does, and warns.
 */
static int opt_zone_size(struct plan_opts *o, const char *opt, const char *arg,
			 uint64_t *size, unsigned set, unsigned dflt)
{
	if (opt_size(opt, arg, size) < 0)
		return -1;
	o->set |= set;
	o->layout.defaults &= ~dflt;
	return 1;
}

int plan_opts_parse(struct plan_opts *o, int c, const char *arg)
{
	uint64_t v;
	long l;
	int r;

	switch (c) {
	case OPT_PLAN_SIZE:
		if (opt_size("size", arg, &v) < 0)
			return -1;
		if (v == 0)
			return usage_error("--size: must be non-zero"), -1;
		o->req.size = v;
		o->set |= PLAN_SET_SIZE;
		return 1;
	case OPT_PLAN_ALIGN:
		if (opt_size("align", arg, &v) < 0)
			return -1;
		if (v < PSTORE_PLAN_MIN_ALIGN || (v & (v - 1)))
			return usage_error("--align: '%s' is not a power of two of at least 4K",
					   arg),
			       -1;
		o->req.align = v;
		o->set |= PLAN_SET_ALIGN;
		return 1;
	case OPT_PLAN_PREFER:
		r = pstore_prefer_from_string(arg);
		if (r < 0)
			return usage_error("--prefer: '%s' is not one of: high, low", arg), -1;
		o->req.prefer = (enum pstore_prefer)r;
		o->set |= PLAN_SET_PREFER;
		return 1;
	case OPT_PLAN_BELOW:
		return opt_req_address(o, "below", arg, &o->req.has_below, &o->req.below,
				       PLAN_SET_BELOW);
	case OPT_PLAN_ABOVE:
		return opt_req_address(o, "above", arg, &o->req.has_above, &o->req.above,
				       PLAN_SET_ABOVE);
	case OPT_PLAN_ADDRESS:
		return opt_req_address(o, "address", arg, &o->req.has_address, &o->req.address,
				       PLAN_SET_ADDRESS);
	case OPT_PLAN_IOMEM:
		o->iomem = arg;
		return 1;
	case OPT_PLAN_DTB:
		o->dtb = arg;
		return 1;
	case OPT_PLAN_INITRD_ROOM:
		if (opt_size("initrd-room", arg, &o->initrd_room) < 0)
			return -1;
		o->set |= PLAN_SET_INITRD_ROOM;
		return 1;
	case OPT_PLAN_RECORD_SIZE:
		return opt_zone_size(o, "record-size", arg, &o->layout.record_size,
				     PLAN_SET_RECORD, PSTORE_LAYOUT_DEFAULT_RECORD);
	case OPT_PLAN_CONSOLE_SIZE:
		return opt_zone_size(o, "console-size", arg, &o->layout.console_size,
				     PLAN_SET_CONSOLE, PSTORE_LAYOUT_DEFAULT_CONSOLE);
	case OPT_PLAN_PMSG_SIZE:
		return opt_zone_size(o, "pmsg-size", arg, &o->layout.pmsg_size, PLAN_SET_PMSG,
				     PSTORE_LAYOUT_DEFAULT_PMSG);
	case OPT_PLAN_FTRACE_SIZE:
		return opt_zone_size(o, "ftrace-size", arg, &o->layout.ftrace_size,
				     PLAN_SET_FTRACE, 0);
	case OPT_PLAN_ECC:
		if (opt_int("ecc", arg, 0, 255, &l) < 0)
			return -1;
		/* as the module parameter: ecc=1 means 16 bytes of parity */
		o->layout.ecc_size = l == 1 ? 16 : (uint32_t)l;
		o->set |= PLAN_SET_ECC;
		return 1;
	case OPT_PLAN_MAX_REASON:
		/* ramoops.yaml: up to INT_MAX ("store all kmsg dumps"); above 5 the layout
		 * warns that every reason is stored */
		if (opt_int("max-reason", arg, 0, INT_MAX, &l) < 0)
			return -1;
		o->layout.max_reason = (int32_t)l;
		o->set |= PLAN_SET_MAX_REASON;
		return 1;
	case OPT_PLAN_MEM_TYPE:
		if (streq(arg, "wc") || streq(arg, "write-combined"))
			l = 0;
		else if (streq(arg, "unbuffered") || streq(arg, "noncached"))
			l = 1;
		else if (streq(arg, "cached") || streq(arg, "normal"))
			l = 2;
		else if (opt_int("mem-type", arg, 0, 2, &l) < 0)
			return -1;
		o->layout.mem_type = (int32_t)l;
		o->set |= PLAN_SET_MEM_TYPE;
		return 1;
	case OPT_PLAN_FLAGS:
		if (opt_u64("flags", arg, &v) < 0)
			return -1;
		if (v > UINT32_MAX)
			return usage_error("--flags: '%s' does not fit 32 bits", arg), -1;
		o->layout.flags = (uint32_t)v;
		o->set |= PLAN_SET_FLAGS;
		return 1;
	case OPT_PLAN_FTRACE_CPUS:
		if (opt_int("cpus", arg, 1, 8192, &l) < 0)
			return -1;
		o->layout.ftrace_cpus = (unsigned)l;
		return 1;
	case OPT_PLAN_KERNEL:
		if (parse_kernel(arg, &o->kernel_version) < 0)
			return usage_error("--kernel: '%s' is not a kernel version like 6.1", arg),
			       -1;
		return 1;
	}
	return 0;
}

void plan_opts_help_select(FILE *f)
{
	fputs("\nRegion selection:\n"
	      "      --size SIZE        region size (default 1M; K/M/G suffixes, 0x hex)\n"
	      "      --align SIZE       alignment, a power of two >= 4K (default 1M)\n"
	      "      --prefer high|low  search from the top of RAM (default) or the bottom\n"
	      "      --below ADDR       the region ends at or below ADDR (e.g. 4G)\n"
	      "      --above ADDR       the region starts at or above ADDR\n"
	      "      --address ADDR     check this start address instead of searching\n"
	      "      --iomem FILE       read the memory map from FILE ('-' for stdin)\n"
	      "                         instead of /proc/iomem\n"
	      "      --initrd-room SIZE keep SIZE free below 1G, 2G and the top of RAM under\n"
	      "                         4G, where boot loaders put the initrd before the\n"
	      "                         kernel reserves anything (default 128M; 0 = off;\n"
	      "                         not with --dtb)\n"
	      "      --dtb FILE         read the memory map from a flattened device tree\n",
	      f);
}

void plan_opts_help_layout(FILE *f)
{
	fputs("\nRamoops layout:\n"
	      "      --record-size SIZE   dmesg zone size (default 64K; in a small region\n"
	      "                           a quarter of what the sizes given leave)\n"
	      "      --console-size SIZE  console zone size (default as record; 0 = none)\n"
	      "      --pmsg-size SIZE     pmsg zone size (default as record; 0 = none)\n"
	      "      --ftrace-size SIZE   ftrace zone size (default 0 = none)\n"
	      "      --ecc N, --ecc-size N\n"
	      "                           Reed-Solomon parity bytes per 128-byte block\n"
	      "                           (default 0 = off; 1 means 16, as ramoops.ecc=1)\n"
	      "      --max-reason N       largest kmsg dump reason kept (1 panic, 2 oops,\n"
	      "                           3 emergency, 4 shutdown, 5 or more all;\n"
	      "                           kernel default 2)\n"
	      "      --mem-type TYPE      0|wc, 1|unbuffered, 2|cached (kernel default 0)\n"
	      "      --flags N            ramoops flags (bit 0: ftrace per CPU)\n",
	      f);
}

int plan_opts_load_map(struct pstore_ctx *ctx, const struct plan_opts *o,
		       struct pstore_memmap **ret_map)
{
	struct pstore_iomem *io = NULL;
	int r;

	if (o->dtb) {
		struct pstore_dtb *dtb = o->dtb_read;

		/* A caller that asks more of the DTB reads it once into o->dtb_read. */
		if (!dtb) {
			r = pstore_dtb_read(ctx, o->dtb, &dtb);
			if (r < 0)
				return lib_error(ctx, r);
		}
		r = pstore_dtb_memmap(ctx, dtb, ret_map);
		if (dtb != o->dtb_read)
			pstore_dtb_free(dtb);
		return r < 0 ? lib_error_what(ctx, r, o->dtb) : 0;
	}
	r = pstore_iomem_read(ctx, o->iomem, &io);
	if (r < 0)
		return lib_error(ctx, r);
	r = pstore_memmap_from_iomem(ctx, io, ret_map);
	pstore_iomem_free(io);
	if (r < 0)
		return lib_error(ctx, r);
	r = pstore_memmap_add_initrd_room_noted(*ret_map, o->initrd_room, "--initrd-room");
	if (r < 0) {
		pstore_memmap_free(*ret_map);
		*ret_map = NULL;
		return lib_error(ctx, r);
	}
	return 0;
}

/*
 * libpstore words a plan error in its own terms and says which part of the request it is
 * about: name the option behind it. The address checked is --address; the initrd areas
 * carry "(--initrd-room)" in their names (plan_opts_load_map), and a message that blames
 * the room kept for them ends naming it.
 */
static int plan_error(struct pstore_ctx *ctx, int err, unsigned fault)
{
	const char *msg = pstore_errmsg(ctx);

	if (!msg)
		return lib_error(ctx, err);
	warnx_("%s%s%s", fault & PSTORE_PLAN_FAULT_ADDRESS ? "--" : "", msg,
	       fault & PSTORE_PLAN_FAULT_INITRD ? " (--initrd-room)" : "");
	return EXIT_FAIL;
}

int plan_opts_choose_map(struct pstore_ctx *ctx, struct plan_opts *o, struct pstore_range *ret,
			 struct pstore_memmap **ret_map)
{
	struct pstore_plan_request req = o->req;
	struct pstore_memmap *m = NULL;
	unsigned fault = 0;
	int r;

	r = plan_opts_load_map(ctx, o, &m);
	if (r)
		return r;
	/* A user's own address needs only page alignment unless --align says more. */
	if (req.has_address && !(o->set & PLAN_SET_ALIGN))
		req.align = PSTORE_PLAN_MIN_ALIGN;
	r = pstore_plan_choose_fault(ctx, m, &req, ret, &fault);
	if (r < 0) {
		pstore_memmap_free(m);
		return plan_error(ctx, r, fault);
	}
	o->layout.mem_address = ret->start;
	o->layout.mem_size = ret->size;
	if (ret_map)
		*ret_map = m;
	else
		pstore_memmap_free(m);
	return 0;
}

int plan_opts_choose(struct pstore_ctx *ctx, struct plan_opts *o, struct pstore_range *ret)
{
	return plan_opts_choose_map(ctx, o, ret, NULL);
}
