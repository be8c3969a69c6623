/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pstorectl write: STUB — replaced by the engineer who owns this command. */
#include <string.h>

#include "pstorectl.h"

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	(void)ctx;
	if (argc > 1 && streq(argv[1], "--help")) {
		printf("Usage: pstorectl write\n");
		return EXIT_OK;
	}
	warnx_("not implemented yet");
	return EXIT_FAIL;
}

const struct pstorectl_cmd cmd_write = {
	.name = "write",
	.help = "write a message to /dev/pmsg0 for the next boot",
	.run = run,
};
