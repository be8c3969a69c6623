/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pstorectl: main(), the global options and the command table. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "pstorectl.h"

/* main() parses its own options with the real getopt_long; the subcommands get ours. */
#undef getopt_long

struct pstorectl_globals G = { .color = COLOR_AUTO };

/* The context of the running command, for -v given after the verb. */
static struct pstore_ctx *cur_ctx;

/* In the order `pstorectl --help` lists them: the set-up verbs, then the records. */
static const struct pstorectl_cmd *const commands[] = {
	&cmd_status, &cmd_mount, &cmd_ls,    &cmd_cat,   &cmd_tail,  &cmd_clear,
	&cmd_write,  &cmd_plan,  &cmd_dts,   &cmd_check, &cmd_load,
	&cmd_decode,
	&cmd_reason, &cmd_info,
	&cmd_view,
	&cmd_archive, &cmd_boots,
};

static const struct pstorectl_cmd *find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (streq(commands[i]->name, name))
			return commands[i];
	return NULL;
}

/* Levenshtein distance of two short words, for "did you mean". */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[32], cur[32];

	if (lb >= ARRAY_SIZE(prev))
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof(prev[0]));
	}
	return prev[lb];
}

/* The command closest to a mistyped one (as git does), or NULL when none is close. */
static const char *similar_command(const char *name)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX, len = strlen(name);

	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		const char *c = commands[i]->name;
		size_t d = strncmp(c, name, len) == 0 ? 1 : edit_distance(name, c);

		if (d < best_d) {
			best = c;
			best_d = d;
		}
	}
	/* two typos in a long word, one in a short one; never a guess at a whole word */
	return best_d <= (len > 4 ? 2u : 1u) && best_d < len ? best : NULL;
}

static int unknown_command(const char *what, const char *name)
{
	const char *alt = similar_command(name);

	if (alt)
		return usage_error("%sunknown command '%s'; did you mean '%s'?", what, name, alt);
	return usage_error("%sunknown command '%s'", what, name);
}

static void usage(FILE *f)
{
	fputs("Usage: pstorectl [OPTIONS] [COMMAND] [ARGS...]\n"
	      "\n"
	      "Set up Linux pstore/ramoops and read the records a crashed kernel left behind.\n"
	      "Without a command, shows the status (= pstorectl status).\n"
	      "\n"
	      "Options (before or after the command):\n"
	      "      --sysroot DIR      resolve /proc, /sys, /dev, /boot, /lib/modules under DIR\n"
	      "  -d, --dir DIR          read the records in DIR (for the commands that take it)\n"
	      "  -J, --json             JSON output (for the commands that take it)\n"
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

	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		err = errno ? errno : EIO;
	errno = 0;
	if (fclose(stdout) != 0 && !err)
		err = errno ? errno : EIO;
	if (err && err != EPIPE)
		return write_error(err); /* unless the command said it already */
	return write_error_seen() ? EXIT_FAIL : status;
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
	{
		/* the library quotes files and names: escaped on a terminal, as ours are */
		_cleanup_free_ char *text = NULL;
		int n = vasprintf(&text, format, args);

		if (n >= 0)
			write_term(stderr, text, (size_t)n, false);
	}
	fputc('\n', stderr);
}

static void set_log_priority(struct pstore_ctx *ctx)
{
	if (G.verbose == 1)
		pstore_set_log_priority(ctx, LOG_INFO);
	else if (G.verbose > 1)
		pstore_set_log_priority(ctx, LOG_DEBUG);
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
	set_log_priority(ctx);
	cur_ctx = ctx;
	optind = 0; /* GNU getopt: reinitialise for the subcommand */
	r = cmd->run(ctx, argc, argv);
	cur_ctx = NULL;
	pstore_unref(ctx);
	return r;
}

/*
 * One message for a bad option, ours ("pstorectl: VERB: ..."), not getopt's (which names
 * argv[0], the full path of the program); then exit 2, as util-linux's errtryhelp() does.
 */
static _Noreturn void bad_option(int c, char *const argv[])
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";

	if (c == ':') {
		if (optopt && !(arg[0] == '-' && arg[1] == '-'))
			usage_error("option requires an argument -- '%c'", optopt);
		else
			usage_error("option '%s' requires an argument", arg);
	} else if (arg[0] == '-' && arg[1] == '-') {
		usage_error("unrecognized option '%s'", arg);
	} else if (optopt) {
		usage_error("invalid option -- '%c'", optopt);
	} else {
		usage_error("unrecognized option '%s'", arg);
	}
	exit(EXIT_USAGE);
}

/*
 * The global options a subcommand takes as well (after the verb, as systemctl does).
 * --sysroot is found by main() before the context exists (prescan_sysroot); here it is
 * only checked to be the same one.
 */
enum {
	GOPT_SYSROOT = CHAR_MAX + 300, /* clear of planopts.h, imageopts.h, OUT_LONGOPTS */
	GOPT_COLOR,
};
static const struct option global_longopts[] = {
	{ "sysroot", required_argument, NULL, GOPT_SYSROOT },
	{ "color",   optional_argument, NULL, GOPT_COLOR   },
	{ "verbose", no_argument,       NULL, 'v'          },
};
static const char *prescanned_sysroot;
static bool sysroot_seen;

static bool has_longopt(const struct option *lo, const char *name)
{
	for (; lo && lo->name; lo++)
		if (streq(lo->name, name))
			return true;
	return false;
}

int cli_getopt_long(int argc, char *const argv[], const char *shortopts,
		    const struct option *longopts, int *longind)
{
	/* built once per subcommand (one getopt loop runs per process) */
	static const struct option *for_longopts;
	static const char *for_shortopts;
	static struct option merged[128];
	static char merged_short[128];
	static bool own_v;
	int c;

	if (for_longopts != longopts || for_shortopts != shortopts) {
		size_t n = 0;

		for (const struct option *lo = longopts; lo && lo->name; lo++)
			if (n + ARRAY_SIZE(global_longopts) + 1 < ARRAY_SIZE(merged))
				merged[n++] = *lo;
		for (size_t i = 0; i < ARRAY_SIZE(global_longopts); i++)
			if (!has_longopt(longopts, global_longopts[i].name))
				merged[n++] = global_longopts[i];
		memset(&merged[n], 0, sizeof(merged[n]));
		own_v = strchr(shortopts, 'v') != NULL;
		/* a leading ':' tells a missing argument (':') from an unknown option ('?') */
		snprintf(merged_short, sizeof(merged_short), ":%s%s", shortopts, own_v ? "" : "v");
		for_longopts = longopts;
		for_shortopts = shortopts;
	}
	opterr = 0;
	for (;;) {
		c = getopt_long(argc, argv, merged_short, merged, longind);
		switch (c) {
		case GOPT_SYSROOT:
			if (!prescanned_sysroot || !streq(optarg, prescanned_sysroot)) {
				usage_error("--sysroot: write the option out in full, as "
					    "--sysroot DIR or --sysroot=DIR");
				exit(EXIT_USAGE);
			}
			sysroot_seen = true;
			continue;
		case GOPT_COLOR:
			if (parse_color(optarg))
				exit(EXIT_USAGE);
			continue;
		case 'v':
			if (own_v)
				return c;
			G.verbose++;
			if (cur_ctx)
				set_log_priority(cur_ctx);
			continue;
		case ':':
		case '?':
			bad_option(c, argv);
		case -1:
			if (prescanned_sysroot && !sysroot_seen) {
				/* what looked like --sysroot was the value of another option */
				usage_error("--sysroot: give it before the command");
				exit(EXIT_USAGE);
			}
			return c;
		default:
			return c;
		}
	}
}

/* --sysroot DIR (or --sysroot=DIR) after the verb, which the context needs first. */
static const char *prescan_sysroot(int argc, char *argv[])
{
	const char *found = NULL;

	for (int i = 1; i < argc; i++) {
		if (streq(argv[i], "--"))
			break;
		if (streq(argv[i], "--sysroot") && i + 1 < argc)
			found = argv[++i];
		else if (strncmp(argv[i], "--sysroot=", 10) == 0)
			found = argv[i] + 10;
	}
	return found;
}

/*
 * Runs VERB with argv[0..argc) (argv[0] the verb), the options given before the verb that
 * belong to the subcommand (--dir, --json) put right after it.
 */
static int run_verb(const struct pstorectl_cmd *cmd, const char *sysroot, int argc,
		    char *argv[], char **fwd, int nfwd)
{
	_cleanup_free_ char **args = calloc((size_t)argc + (size_t)nfwd + 1, sizeof(*args));
	int n = 0;

	if (!args) {
		warnx_("out of memory");
		return EXIT_FAIL;
	}
	args[n++] = argv[0];
	for (int i = 0; i < nfwd; i++)
		args[n++] = fwd[i];
	for (int i = 1; i < argc; i++)
		args[n++] = argv[i];
	prescanned_sysroot = prescan_sysroot(n, args);
	if (prescanned_sysroot)
		sysroot = prescanned_sysroot;
	return run_command(cmd, sysroot, n, args);
}

int main(int argc, char *argv[])
{
	enum { OPT_SYSROOT = CHAR_MAX + 1, OPT_COLOR, OPT_DIR, OPT_JSON };
	static const struct option longopts[] = {
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "color",   optional_argument, NULL, OPT_COLOR   },
		{ "dir",     required_argument, NULL, 'd'         },
		{ "json",    no_argument,       NULL, 'J'         },
		{ "verbose", no_argument,       NULL, 'v'         },
		{ "help",    no_argument,       NULL, 'h'         },
		{ "version", no_argument,       NULL, 'V'         },
		{}
	};
	const struct pstorectl_cmd *cmd;
	const char *sysroot = NULL;
	char *fwd[2 * 8];
	int c, nfwd = 0;

	opterr = 0; /* our own messages (bad_option) */
	while ((c = getopt_long(argc, argv, "+:d:JvhV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SYSROOT:
			sysroot = optarg;
			break;
		case OPT_COLOR:
			if (parse_color(optarg))
				return EXIT_USAGE;
			break;
		case 'd':
		case 'J':
			/* the subcommand's own options: passed on to it */
			if (nfwd + 2 > (int)ARRAY_SIZE(fwd))
				return usage_error("too many options before the command");
			fwd[nfwd++] = c == 'd' ? (char *)"--dir" : (char *)"--json";
			if (c == 'd')
				fwd[nfwd++] = optarg;
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
			bad_option(c, argv);
		}
	}

	if (optind >= argc) {
		char *args[] = { (char *)"status", NULL };

		return close_stdout(run_verb(&cmd_status, sysroot, 1, args, fwd, nfwd));
	}

	if (streq(argv[optind], "help")) {
		char *args[] = { NULL, (char *)"--help", NULL };

		if (optind + 1 >= argc || streq(argv[optind + 1], "help")) {
			usage(stdout);
			return close_stdout(EXIT_OK);
		}
		cmd = find_command(argv[optind + 1]);
		if (!cmd)
			return unknown_command("help: ", argv[optind + 1]);
		args[0] = (char *)cmd->name;
		return close_stdout(run_command(cmd, sysroot, 2, args));
	}

	cmd = find_command(argv[optind]);
	if (!cmd)
		return unknown_command("", argv[optind]);
	return close_stdout(
		run_verb(cmd, sysroot, argc - optind, argv + optind, fwd, nfwd));
}
