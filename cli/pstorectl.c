/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pstorectl: main(), the global options and the command table. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "pstorectl.h"

struct pstorectl_globals G = { .color = COLOR_AUTO };

/* In the order `pstorectl --help` lists them: the set-up verbs, then the records. */
static const struct pstorectl_cmd *const commands[] = {
	&cmd_status, &cmd_mount, &cmd_ls,    &cmd_cat,   &cmd_tail,  &cmd_clear,
	&cmd_write,  &cmd_plan,  &cmd_dts,   &cmd_check, &cmd_load,
	&cmd_decode,
	&cmd_reason, &cmd_info,
	&cmd_view,
};

static const struct pstorectl_cmd *find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (streq(commands[i]->name, name))
			return commands[i];
	return NULL;
}

static void usage(FILE *f)
{
	fputs("Usage: pstorectl [OPTIONS] [COMMAND] [ARGS...]\n"
	      "\n"
	      "Set up Linux pstore/ramoops and read the records a crashed kernel left behind.\n"
	      "Without a command, shows the status (= pstorectl status).\n"
	      "\n"
	      "Options:\n"
	      "      --sysroot DIR      resolve /proc, /sys, /dev, /boot, /lib/modules under DIR\n"
	      "      --color[=WHEN]     colour output: auto (default), always, never\n"
	      "  -v, --verbose          more messages (repeat for debug)\n"
	      "  -h, --help             show this help\n"
	      "  -V, --version          show the version\n"
	      "\n"
	      "Commands:\n",
	      f);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i]->name, commands[i]->help);
	fprintf(f, "  %-8s %s\n", "help", "show the help of a command");
	fputs("\nRun 'pstorectl COMMAND --help' for the options of a command.\n"
	      "See pstorectl(8).\n",
	      f);
}

/* A write error on stdout (a full disk, a closed pipe) is a failure, as in util-linux. */
static int close_stdout(int status)
{
	int err = 0;

	if (fflush(stdout) != 0 || ferror(stdout))
		err = errno ? errno : EIO;
	if (fclose(stdout) != 0 && !err)
		err = errno;
	if (err && err != EPIPE) {
		fprintf(stderr, "pstorectl: write error: %s\n", strerror(err));
		return EXIT_FAIL;
	}
	return status;
}

/* Library messages read like ours: "pstorectl: VERB: warning: ...". */
static void log_cli(void *data, int priority, const char *file, int line, const char *fn,
		   const char *format, va_list args)
{
	(void)data;
	(void)file;
	(void)line;
	fprintf(stderr, "pstorectl: %s: ", G.verb ? G.verb : "");
	if (priority <= LOG_ERR)
		fputs("error: ", stderr);
	else if (priority == LOG_WARNING)
		fputs("warning: ", stderr);
	else if (priority >= LOG_DEBUG)
		fprintf(stderr, "debug: %s: ", fn);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

static int run_command(const struct pstorectl_cmd *cmd, const char *sysroot, int argc,
		       char *argv[])
{
	struct pstore_ctx *ctx = NULL;
	int r;

	G.verb = cmd->name;
	if ((cmd->flags & CMD_NEED_ROOT) && geteuid() != 0) {
		warnx_("must be run as root");
		return EXIT_FAIL;
	}
	r = pstore_new(sysroot, &ctx);
	if (r < 0 && r != -ENOMEM && sysroot) {
		/* A sysroot that is not there is a mistyped argument: nothing can be checked. */
		fprintf(stderr, "pstorectl: --sysroot %s: %s\n", sysroot, strerror(-r));
		return EXIT_USAGE;
	}
	if (r < 0) {
		warnx_("cannot create the library context: %s", strerror(-r));
		return EXIT_FAIL;
	}
	pstore_set_log_fn(ctx, log_cli, NULL);
	if (G.verbose == 1)
		pstore_set_log_priority(ctx, LOG_INFO);
	else if (G.verbose > 1)
		pstore_set_log_priority(ctx, LOG_DEBUG);
	optind = 0; /* GNU getopt: reinitialise for the subcommand */
	r = cmd->run(ctx, argc, argv);
	pstore_unref(ctx);
	return r;
}

int main(int argc, char *argv[])
{
	enum { OPT_SYSROOT = CHAR_MAX + 1, OPT_COLOR };
	static const struct option longopts[] = {
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "color",   optional_argument, NULL, OPT_COLOR   },
		{ "verbose", no_argument,       NULL, 'v'         },
		{ "help",    no_argument,       NULL, 'h'         },
		{ "version", no_argument,       NULL, 'V'         },
		{}
	};
	const struct pstorectl_cmd *cmd;
	const char *sysroot = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "+vhV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SYSROOT:
			sysroot = optarg;
			break;
		case OPT_COLOR:
			if (parse_color(optarg))
				return EXIT_USAGE;
			break;
		case 'v':
			G.verbose++;
			break;
		case 'h':
			usage(stdout);
			return close_stdout(EXIT_OK);
		case 'V':
			printf("pstorectl %s\n", PSTORE_VERSION);
			return close_stdout(EXIT_OK);
		default:
			fputs("Try 'pstorectl --help'.\n", stderr);
			return EXIT_USAGE;
		}
	}

	if (optind >= argc) {
		char *args[] = { (char *)"status", NULL };

		return close_stdout(run_command(&cmd_status, sysroot, 1, args));
	}

	if (streq(argv[optind], "help")) {
		char *args[] = { NULL, (char *)"--help", NULL };

		if (optind + 1 >= argc) {
			usage(stdout);
			return close_stdout(EXIT_OK);
		}
		cmd = find_command(argv[optind + 1]);
		if (!cmd)
			return usage_error("help: unknown command '%s'", argv[optind + 1]);
		args[0] = (char *)cmd->name;
		return close_stdout(run_command(cmd, sysroot, 2, args));
	}

	cmd = find_command(argv[optind]);
	if (!cmd)
		return usage_error("unknown command '%s'", argv[optind]);
	return close_stdout(run_command(cmd, sysroot, argc - optind, argv + optind));
}
