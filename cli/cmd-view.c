/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pstorectl view: checks the terminal and the records, then dlopen()s the ncurses viewer
 * (pstorectl-view.so): only this verb pays for loading ncurses.
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imageopts.h"
#include "pstorectl.h"
#include "view.h"

#ifndef PSTORECTL_MODULEDIR
#define PSTORECTL_MODULEDIR "/usr/local/lib/pstorectl"
#endif
#define VIEW_MODULE "pstorectl-view.so"

static void usage(FILE *f)
{
	fputs("Usage: pstorectl view [OPTIONS] [RECORD]\n"
	      "\n"
	      "Browse the records in an interactive viewer: a list of the records, the text of\n"
	      "the selected one with log levels coloured and crash lines marked, search, and\n"
	      "the crash summed up in the header. The record holding the newest panic or oops\n"
	      "is opened first, or RECORD when given. With --archive and no --boot, the\n"
	      "list shows the archived boots and the records of one (the newest first).\n"
	      "Press ? or F1 in the viewer for its keys.\n"
	      "\n"
	      "Options:\n"
	      "  -d, --dir DIR          read records from DIR instead of the pstore mount\n"
	      "  -f, --follow           start following: new records and lines appear\n"
	      BOOT_HELP
	      "  -h, --help             show this help\n",
	      f);
	image_opts_help(f, true);
	fputs("\n"
	      "Needs a terminal; to print records use 'pstorectl cat', to list them 'pstorectl ls'.\n",
	      f);
}

/*
 * Where the module is: $PSTORECTL_VIEW_MODULE, next to the running binary (the build
 * tree), else the installed module directory.
 */
static void *load_module(char *path, size_t len)
{
	const char *env = getenv("PSTORECTL_VIEW_MODULE");
	char exe[PATH_MAX];
	ssize_t n;
	void *h;

	if (env && *env) {
		snprintf(path, len, "%s", env);
		return dlopen(path, RTLD_NOW | RTLD_LOCAL);
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(path, len, "%s/%s", exe, VIEW_MODULE);
			if (access(path, R_OK) == 0 && (h = dlopen(path, RTLD_NOW | RTLD_LOCAL)))
				return h;
		}
	}
	snprintf(path, len, "%s/%s", PSTORECTL_MODULEDIR, VIEW_MODULE);
	return dlopen(path, RTLD_NOW | RTLD_LOCAL);
}

/*
 * --archive without --boot: the viewer lists the archive's boots. RECORD is looked for
 * from the newest boot back, and the first boot that has it is opened first: *ret is its
 * directory's name (NULL: RECORD not given). Returns 0, 1 when no boot has RECORD, or
 * -errno.
 */
static int archive_start(struct pstore_ctx *ctx, const char *root, const char *select,
			 char **ret)
{
	struct pstore_archive *a = NULL;
	int r;

	*ret = NULL;
	r = pstore_archive_open(ctx, root, &a);
	if (r < 0 || !select) {
		pstore_archive_free(a);
		return r;
	}
	r = 1;
	for (size_t i = pstore_archive_count(a); r == 1 && i-- > 0;) {
		struct pstore_source *src = NULL;
		struct pstore_record **recs = NULL;
		size_t n = 0;

		if (pstore_source_new_dir(ctx, pstore_archive_get_path(a, i), &src) < 0 ||
		    pstore_source_list(src, &recs, &n) < 0) {
			/* a boot not readable: look in the others */
			pstore_clear_error(ctx);
			pstore_source_unref(src);
			continue;
		}
		for (size_t k = 0; k < n && r == 1; k++) {
			if (!pstore_record_matches(recs[k], select))
				continue;
			*ret = strdup(pstore_archive_get_name(a, i));
			r = *ret ? 0 : -ENOMEM;
		}
		close_records(src, recs, n);
	}
	pstore_archive_free(a);
	return r;
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "dir",    required_argument, NULL, 'd' },
		{ "follow", no_argument,       NULL, 'f' },
		{ "help",   no_argument,       NULL, 'h' },
		BOOT_LONGOPTS,
		IMAGE_LONGOPTS,
		{}
	};
	struct view_args a = { .abi = VIEW_ABI, .ctx = ctx };
	struct pstore_record **recs = NULL;
	_cleanup_free_ char *boot = NULL;
	const char *dir = NULL;
	char path[PATH_MAX + 64];
	view_run_fn fn;
	const int *abi;
	size_t n = 0;
	void *h;
	int c, r;

	while ((c = getopt_long(argc, argv, "d:fh", longopts, NULL)) != -1) {
		if (boot_opts_parse(&boot_source, c, optarg))
			continue;
		if ((r = image_opts_parse(&image_source, c, optarg)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 'f':
			a.follow = true;
			break;
		default:
			return help_or_usage_error(c, usage);
		}
	}
	if (argc - optind > 1)
		return usage_error("one record at most");
	a.select = optind < argc ? argv[optind] : NULL;
	if (boot_source.archive && !boot_source.boot && (dir || image_source.image))
		return usage_error("--archive without --boot lists the archive's boots: "
				   "not with --dir or --image");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		warnx_("not a terminal: use 'pstorectl cat' to print records or 'pstorectl ls' "
		       "to list them");
		return EXIT_USAGE;
	}

	if (boot_source.archive && !boot_source.boot) {
		a.archive = archive_root(ctx, boot_source.archive);
		r = archive_start(ctx, a.archive, a.select, &boot);
		if (r > 0) {
			warnx_("%s: no such record in the archive", a.select);
			return EXIT_FAIL;
		}
		if (r < 0)
			return lib_error(ctx, r);
		a.boot = boot;
	} else {
		r = open_records(ctx, dir, &a.src, &recs, &n);
		if (r < 0)
			return lib_error(ctx, r);
	}
	if (a.select && !a.archive) {
		bool found = false;

		for (size_t k = 0; k < n && !found; k++)
			found = pstore_record_matches(recs[k], a.select);
		if (!found) {
			warnx_("%s: no such record", a.select);
			close_records(a.src, recs, n);
			return EXIT_FAIL;
		}
	}
	/* the module lists the source itself */
	pstore_record_list_free(recs, n);

	h = load_module(path, sizeof(path));
	if (!h) {
		warnx_("cannot load the viewer: %s", dlerror());
		pstore_source_unref(a.src);
		return EXIT_FAIL;
	}
	fn = (view_run_fn)dlsym(h, VIEW_ENTRY);
	abi = dlsym(h, VIEW_ABI_SYMBOL);
	if (fn && (abi ? *abi : 1) != VIEW_ABI) { /* version 1 had no symbol */
		warnx_("%s: the viewer module is of another pstorectl (its ABI %d, this one's %d)",
		       path, abi ? *abi : 1, VIEW_ABI);
		dlclose(h);
		pstore_source_unref(a.src);
		return EXIT_FAIL;
	}
	if (!fn) {
		warnx_("%s: not the viewer module: %s", path, dlerror());
		dlclose(h);
		pstore_source_unref(a.src);
		return EXIT_FAIL;
	}
	a.color = G.color != COLOR_NEVER && !(getenv("NO_COLOR") && *getenv("NO_COLOR"));
	if (G.color == COLOR_ALWAYS)
		a.color = true;
	a.format_size = format_size;
	a.format_time = format_time;
	r = fn(&a);
	pstore_source_unref(a.src);
	/* the module stays loaded: ncurses registers atexit handlers */
	return r;
}

const struct pstorectl_cmd cmd_view = {
	.name = "view",
	.help = "browse records in an interactive viewer",
	.run = run,
};
