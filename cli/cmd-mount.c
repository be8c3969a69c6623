/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pstorectl mount: mount pstore where the records appear, unless it is mounted. */
#include <stdlib.h>
#include <string.h>

#include "pstorectl.h"

static void usage(FILE *f)
{
	fputs("Usage: pstorectl mount [OPTIONS] [DIR]\n"
	      "\n"
	      "Mount pstore on DIR (default /sys/fs/pstore) unless it is mounted already;\n"
	      "running it twice is fine. Needs root.\n"
	      "\n"
	      "Options:\n"
	      "  -h, --help             show this help\n",
	      f);
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	char *where = NULL;
	int c, r;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		default:
			return help_or_usage_error(c, usage);
		}
	}
	if (argc - optind > 1)
		return usage_error("one mount point at most");
	r = pstore_mount(ctx, optind < argc ? argv[optind] : NULL, &where);
	if (r < 0)
		return lib_error(ctx, r);
	if (r == 0)
		printf("pstore is already mounted on %s\n", where);
	else
		printf("mounted pstore on %s\n", where);
	free(where);
	return EXIT_OK;
}

const struct pstorectl_cmd cmd_mount = {
	.name = "mount",
	.help = "mount pstore if it is not mounted",
	.run = run,
};
