/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pstorectl write: messages to /dev/pmsg0, for the next boot to read in pmsg-*-0. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pstorectl.h"

static void usage(FILE *f)
{
	fputs("Usage: pstorectl write [OPTIONS] [MESSAGE...]\n"
	      "       pstorectl write --marker EVENT\n"
	      "\n"
	      "Write messages to /dev/pmsg0; after a crash or reboot they are in the record\n"
	      "pmsg-<backend>-0. Each MESSAGE argument is one message (quote spaces); without\n"
	      "arguments each line of standard input is one message. Every message is one\n"
	      "write(2) and ends with a newline.\n"
	      "\n"
	      "With --marker, write the structured line pstorectl reason reads back at the next\n"
	      "boot: \"pstorectl: EVENT boot_id=ID time=ISO uptime=SEC\". EVENT is boot (early at\n"
	      "every boot: RAM survived), reboot, poweroff, halt or kexec (just before it).\n"
	      "\n"
	      "Options:\n"
	      "  -m, --marker EVENT     write a marker: boot, reboot, poweroff, halt, kexec\n"
	      "  -h, --help             show this help\n",
	      f);
}

static int put(struct pstore_ctx *ctx, int fd, const char *msg, size_t len)
{
	char *buf;
	int r;

	if (len > 0 && msg[len - 1] == '\n')
		return pstore_pmsg_write(ctx, fd, msg, len);
	buf = malloc(len + 1);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, msg, len);
	buf[len] = '\n';
	r = pstore_pmsg_write(ctx, fd, buf, len + 1);
	free(buf);
	return r;
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "marker", required_argument, NULL, 'm' },
		{ "help",   no_argument,       NULL, 'h' },
		{}
	};
	int c, r, fd = -1, status = EXIT_OK, marker = -1;

	while ((c = getopt_long(argc, argv, "m:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			marker = pstore_marker_event_from_string(optarg);
			if (marker < 0)
				return usage_error("--marker: unknown event '%s' (boot, reboot, "
						   "poweroff, halt, kexec)", optarg);
			break;
		default:
			return help_or_usage_error(c, usage);
		}
	}
	if (marker >= 0 && optind < argc)
		return usage_error("--marker takes no message");
	r = pstore_pmsg_open(ctx, &fd);
	if (r < 0)
		return lib_error(ctx, r);
	if (marker >= 0) {
		r = pstore_marker_write(ctx, fd, marker, NULL);
		if (r < 0)
			status = lib_error(ctx, r);
	} else if (optind < argc) {
		for (int i = optind; i < argc && status == EXIT_OK; i++) {
			r = put(ctx, fd, argv[i], strlen(argv[i]));
			if (r < 0)
				status = lib_error(ctx, r);
		}
	} else {
		char *line = NULL;
		size_t cap = 0;
		ssize_t len;

		while (status == EXIT_OK && (len = getline(&line, &cap, stdin)) > 0) {
			r = put(ctx, fd, line, (size_t)len);
			if (r < 0)
				status = lib_error(ctx, r);
		}
		if (ferror(stdin)) {
			warnx_("standard input: %s", strerror(errno));
			status = EXIT_FAIL;
		}
		free(line);
	}
	close(fd);
	return status;
}

const struct pstorectl_cmd cmd_write = {
	.name = "write",
	.help = "write a message to /dev/pmsg0 for the next boot",
	.run = run,
};
