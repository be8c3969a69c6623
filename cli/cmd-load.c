/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pstorectl load: insert ramoops with a region and a layout, as modprobe would. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "planopts.h"
#include "pstorectl.h"

static void usage(FILE *f)
{
	fputs("Usage: pstorectl load [OPTIONS]\n"
	      "\n"
	      "Insert the ramoops module (its dependencies first, like modprobe) with a memory\n"
	      "region and a layout, for systems without a device-tree ramoops node. The region\n"
	      "must already be reserved at boot (memmap=SIZE$ADDR on x86): see pstorectl plan.\n"
	      "\n"
	      "Options:\n"
	      "      --mem-address ADDR   physical start of the region (also: --address)\n"
	      "      --mem-size SIZE      size of the region (also: --size; default 1M)\n"
	      "      --dry-run            print the equivalent modprobe command, insert nothing\n"
	      "      --force              insert even when /proc/iomem does not show the region\n"
	      "                           reserved\n"
	      "  -h, --help               show this help\n"
	      "\n"
	      "Without --mem-address, a single memmap=SIZE$ADDR of the kernel command line is\n"
	      "used, else a region is chosen as pstorectl plan does (the selection options).\n",
	      f);
	plan_opts_help_select(f);
	plan_opts_help_layout(f);
	fputs("\nThe module always splits the ftrace zone per CPU; --flags is refused.\n"
	      "Exit status: 0 loaded (or --dry-run), 1 failure, 2 bad usage.\n",
	      f);
}

/* The live parameters in the words modprobe takes (hex). */
static void print_params(const struct pstore_ramoops_params *p, char *buf, size_t len)
{
	struct pstore_layout_params lp;
	char *s = NULL;

	pstore_layout_params_init(&lp);
	pstore_ramoops_params_to_layout(p, &lp);
	if (pstore_ramoops_options(&lp, NULL, &s) < 0) {
		snprintf(buf, len, "(out of memory)");
		return;
	}
	snprintf(buf, len, "%s", s);
	free(s);
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	enum { OPT_MEM_ADDRESS = CHAR_MAX + 1, OPT_MEM_SIZE, OPT_DRY_RUN, OPT_FORCE };
	static const struct option longopts[] = {
		{ "mem-address", required_argument, NULL, OPT_MEM_ADDRESS },
		{ "mem-size",    required_argument, NULL, OPT_MEM_SIZE    },
		{ "dry-run",     no_argument,       NULL, OPT_DRY_RUN     },
		{ "force",       no_argument,       NULL, OPT_FORCE       },
		{ "help",        no_argument,       NULL, 'h'             },
		PLAN_SELECT_LONGOPTS,
		PLAN_LAYOUT_LONGOPTS,
		{}
	};
	struct plan_opts po;
	struct pstore_module *mod = NULL;
	struct pstore_layout *lay = NULL;
	char *options = NULL, *cmdopts = NULL;
	bool dry_run = false, force = false, have_addr = false, have_size = false;
	uint64_t addr = 0, size = 0;
	struct pstore_range reserved;
	int c, r, ret = EXIT_FAIL;

	plan_opts_init(&po);
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_MEM_ADDRESS:
			if (opt_size("mem-address", optarg, &addr) < 0)
				return EXIT_USAGE;
			have_addr = true;
			break;
		case OPT_MEM_SIZE:
			if (opt_size("mem-size", optarg, &size) < 0)
				return EXIT_USAGE;
			if (size == 0)
				return usage_error("--mem-size: must be non-zero");
			have_size = true;
			break;
		case OPT_DRY_RUN:
			dry_run = true;
			break;
		case OPT_FORCE:
			force = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			r = plan_opts_parse(&po, c, optarg);
			if (r < 0)
				return EXIT_USAGE;
			if (r == 0)
				return usage_error("unknown option");
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (po.set & PLAN_SET_FLAGS)
		return usage_error("--flags: not a module parameter (the module always splits the ftrace zone per CPU)");
	if (have_addr && (po.set & PLAN_SET_ADDRESS))
		return usage_error("--mem-address and --address: give one");
	if (have_size && (po.set & PLAN_SET_SIZE))
		return usage_error("--mem-size and --size: give one");
	if (po.set & PLAN_SET_ADDRESS) {
		addr = po.req.address;
		have_addr = true;
	}
	if (po.set & PLAN_SET_SIZE) {
		size = po.req.size;
		have_size = true;
	}

	/* What the module is and whether it is there, before anything else. */
	r = pstore_module_lookup(ctx, "ramoops", NULL, &mod);
	if (r < 0)
		return lib_error(ctx, r);
	/* Loaded, even when its file is gone (the modules of an upgraded kernel removed). */
	if (pstore_module_get_kind(mod) != PSTORE_MODULE_BUILTIN && pstore_module_is_loaded(mod)) {
		struct pstore_ramoops_params cur = PSTORE_STRUCT_INIT(struct pstore_ramoops_params);
		char buf[400];

		if (pstore_ramoops_params_read(ctx, &cur) == 0) {
			print_params(&cur, buf, sizeof(buf));
			warnx_("ramoops is already loaded (%s); unload it first: modprobe -r ramoops",
			       buf);
		} else {
			warnx_("ramoops is already loaded; unload it first: modprobe -r ramoops");
		}
		goto out;
	}
	if (pstore_module_get_kind(mod) == PSTORE_MODULE_MISSING) {
		const char *why = pstore_module_get_problem(mod);

		warnx_("ramoops: no module for kernel %s%s%s (is CONFIG_PSTORE_RAM=m? are the kernel's modules installed?)",
		       pstore_module_get_release(mod), why ? ": " : "", why ? why : "");
		goto out;
	}

	/* The region: given, else the command line's memmap=, else chosen as plan does. */
	if (have_addr) {
		po.layout.mem_address = addr;
		po.layout.mem_size = have_size ? size : po.req.size;
	} else if (!(po.set & (PLAN_SET_BELOW | PLAN_SET_ABOVE | PLAN_SET_PREFER | PLAN_SET_ALIGN)) &&
		   !po.iomem && !po.dtb && pstore_cmdline_reservation(ctx, &reserved) == 1) {
		addr = reserved.start;
		size = reserved.size;
		if (have_size && size != po.req.size) {
			warnx_("--size 0x%" PRIx64 " does not match memmap= on the kernel command line (0x%" PRIx64 "); give --mem-address too",
			       po.req.size, size);
			goto out;
		}
		po.layout.mem_address = addr;
		po.layout.mem_size = size;
	} else {
		struct pstore_range range;

		if (plan_opts_choose(ctx, &po, &range))
			goto out;
	}

	r = pstore_layout_compute(ctx, &po.layout, &lay);
	if (r < 0) {
		lib_error(ctx, r);
		goto out;
	}
	warn_layout(lay, NULL);

	r = pstore_ramoops_options(&po.layout, NULL, &options);
	if (r < 0) {
		lib_error(ctx, r);
		goto out;
	}

	if (pstore_module_get_kind(mod) == PSTORE_MODULE_BUILTIN) {
		if (pstore_ramoops_options(&po.layout, "ramoops.", &cmdopts) < 0)
			cmdopts = NULL;
		warnx_("ramoops is built into the kernel and cannot be loaded; put its parameters on the kernel command line instead: %s memmap=0x%" PRIx64 "$0x%" PRIx64,
		       cmdopts ? cmdopts : "ramoops.mem_address=ADDR ramoops.mem_size=SIZE",
		       po.layout.mem_size, po.layout.mem_address);
		goto out;
	}

	/* Refuse RAM the kernel uses: ramoops would corrupt it and keep nothing. */
	r = pstore_check_region(ctx, po.layout.mem_address, po.layout.mem_size);
	if (r < 0) {
		const char *msg = pstore_errmsg(ctx);

		if (r == -EPERM || r == -ENOENT || dry_run || force)
			warnx_("warning: %s", msg ? msg : strerror(-r));
		else {
			warnx_("%s (or give --force)", msg ? msg : strerror(-r));
			goto out;
		}
		pstore_clear_error(ctx);
	}

	if (dry_run) {
		printf("modprobe ramoops %s\n", options);
		ret = EXIT_OK;
		goto out;
	}
	if (geteuid() != 0) {
		warnx_("must be run as root to insert a module (or use --dry-run)");
		goto out;
	}
	if (*pstore_get_sysroot(ctx)) {
		warnx_("%s: cannot insert a module into the system under --sysroot %s",
		       pstore_module_get_name(mod), pstore_get_sysroot(ctx));
		goto out;
	}
	r = pstore_module_insert(ctx, mod, options);
	if (r < 0) {
		lib_error(ctx, r);
		goto out;
	}
	{
		struct pstore_ramoops_params cur = PSTORE_STRUCT_INIT(struct pstore_ramoops_params);
		char buf[400];
		char backend[64] = "";
		char *got = NULL;

		/* The library reads it inside the sysroot (here "/": refused above otherwise). */
		if (pstore_backend_get(ctx, &got) == 0)
			snprintf(backend, sizeof(backend), "%s", got);
		pstore_clear_error(ctx);
		free(got);
		if (!streq(backend, "ramoops")) {
			warnx_("ramoops was inserted but is not the pstore backend (backend: %s); see dmesg | grep -iE 'ramoops|pstore', then modprobe -r ramoops before trying again",
			       *backend ? backend : "none");
			goto out;
		}
		if (pstore_ramoops_params_read(ctx, &cur) == 0)
			print_params(&cur, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%s", options);
		printf("ramoops loaded: %s\n", buf);
	}
	ret = EXIT_OK;
out:
	free(options);
	free(cmdopts);
	pstore_layout_free(lay);
	pstore_module_free(mod);
	return ret;
}

const struct pstorectl_cmd cmd_load = {
	.name = "load",
	.help = "insert the ramoops module with parameters",
	.run = run,
};
