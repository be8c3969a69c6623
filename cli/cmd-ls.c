/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pstorectl ls: STUB — replaced by the engineer who owns this command. */
#include <string.h>

#include "pstorectl.h"

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	(void)ctx;
	if (argc > 1 && streq(argv[1], "--help")) {
		printf("Usage: pstorectl ls\n");
		return EXIT_OK;
	}
	warnx_("not implemented yet");
	return EXIT_FAIL;
}

const struct pstorectl_cmd cmd_ls = {
	.name = "ls",
	.help = "list the records",
	.run = run,
};
