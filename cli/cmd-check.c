/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pstorectl check: why there are no records after a crash — config, module, live state. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "pstorectl.h"

static void usage(FILE *f)
{
	fputs("Usage: pstorectl check [OPTIONS]\n"
	      "\n"
	      "Check everything that must hold for a crash to leave pstore records: the kernel\n"
	      "configuration, the ramoops module and the live system (backend, mount,\n"
	      "systemd-pstore, /dev/pmsg0, reserved memory, device tree, command line, kdump,\n"
	      "what pstorectl reason can tell). Each line is ok, warn, fail or skip, with the\n"
	      "value seen and, for anything not ok, a hint.\n"
	      "\n"
	      "Options:\n"
	      "      --config FILE          the kernel configuration (plain or gzip; - for stdin)\n"
	      "                             instead of /proc/config.gz, /boot/config-RELEASE,\n"
	      "                             /lib/modules/RELEASE/config\n"
	      "      --kernel-release REL   the kernel release to check (default: the running one)\n"
	      "  -J, --json                 JSON output: {\"checks\":[...],\"summary\":{...}}\n"
	      "      --color[=WHEN]         colour the status: auto (default), always, never\n"
	      "  -v, --verbose              show the detail of every check, not only of problems\n"
	      "  -h, --help                 show this help\n"
	      "\n"
	      "Exit status: 0 when nothing fails, 1 when a required check fails or no check\n"
	      "passes (nothing could be tested), 2 on bad usage.\n"
	      "See pstorectl-check(8) for every check id.\n",
	      f);
}

/*
 * The library's hints speak of the kernel and the system. Where pstorectl has a command or
 * an option for the finding's action, the hint names it around the library's words.
 */
static const struct {
	const char *action, *before, *after;
} cli_hints[] = {
	{ PSTORE_CHECK_ACTION_CONFIG_FILE, "", ", or give --config FILE" },
	{ PSTORE_CHECK_ACTION_LOAD, "pstorectl load --mem-address ADDR --mem-size SIZE, or: ", "" },
	/* followed by the options of pstore_check_get_reload() (see reload_options) */
	{ PSTORE_CHECK_ACTION_RELOAD, "pstorectl load ...", "" },
	{ PSTORE_CHECK_ACTION_MOUNT, "pstorectl mount (or: ", ")" },
	{ PSTORE_CHECK_ACTION_MARKERS, "", " (pstorectl write --marker EVENT writes the markers)" },
	{ PSTORE_CHECK_ACTION_PLAN, "", "; see pstorectl plan" },
};

/*
 * For a "reload" finding: the module parameters at fault (pstore_check_get_reload()) as
 * pstorectl load takes them: console_size=0 is --console-size 0. Returns
 * " --console-size 0 --pmsg-size 0" (malloc'd) or NULL.
 */
static char *reload_options(const struct pstore_check *c)
{
	_cleanup_(strbuf_free) struct strbuf sb = {};
	const char *param;
	uint64_t value;

	for (size_t i = 0; pstore_check_get_reload(c, i, &param, &value); i++) {
		strbuf_puts(&sb, " --");
		for (const char *p = param; *p; p++)
			strbuf_append(&sb, *p == '_' ? "-" : p, 1);
		if (value == PSTORE_CHECK_ANY_SIZE)
			strbuf_puts(&sb, " SIZE");
		else
			strbuf_printf(&sb, " %" PRIu64, value);
	}
	return strbuf_failed(&sb) ? NULL : strbuf_steal(&sb);
}
/* systemd-pstore's archive as --dir takes it: under the sysroot when there is one. */
static char *archive_dir;

/* The hint as pstorectl shows it: @c->hint, or a malloc'd string in *owned. */
static const char *cli_hint(const struct pstore_check *c, char **owned)
{
	*owned = NULL;
	if (*c->hint && streq(c->action, PSTORE_CHECK_ACTION_READ_ARCHIVE)) {
		if (asprintf(owned, "%s (read them: pstorectl ls --dir %s)", c->hint,
			     archive_dir ? archive_dir : PSTORE_SYSTEMD_ARCHIVE_DIR) < 0)
			*owned = NULL;
		return *owned ? *owned : c->hint;
	}
	for (size_t i = 0; *c->hint && i < ARRAY_SIZE(cli_hints); i++)
		if (streq(c->action, cli_hints[i].action)) {
			_cleanup_free_ char *opts = NULL;
			int n;

			if (streq(c->action, PSTORE_CHECK_ACTION_RELOAD)) {
				opts = reload_options(c);
				if (!opts || !*opts)
					break; /* nothing to name: the library's words only */
				n = asprintf(owned, "%s%s, or: %s%s", cli_hints[i].before, opts,
					     c->hint, cli_hints[i].after);
			} else {
				n = asprintf(owned, "%s%s%s", cli_hints[i].before, c->hint,
					     cli_hints[i].after);
			}
			if (n < 0)
				*owned = NULL;
			break;
		}
	return *owned ? *owned : c->hint;
}

static const char *section_title(const char *section)
{
	if (streq(section, "config"))
		return "Kernel configuration";
	if (streq(section, "module"))
		return "Module";
	if (streq(section, "runtime"))
		return "Runtime";
	return section;
}

static const char *status_color(enum pstore_check_status st)
{
	switch (st) {
	case PSTORE_CHECK_OK:
		return "\033[32m";
	case PSTORE_CHECK_WARN:
		return "\033[33m";
	case PSTORE_CHECK_FAIL:
		return "\033[1;31m";
	case PSTORE_CHECK_SKIP:
		return "\033[2m";
	}
	return "";
}

static void print_text(const struct pstore_checks *cs, bool verbose)
{
	bool color = color_wanted(stdout);
	const char *section = NULL;

	for (size_t i = 0; i < pstore_checks_count(cs); i++) {
		const struct pstore_check *c = pstore_checks_get(cs, i);
		const char *name = strchr(c->id, '.') ? strchr(c->id, '.') + 1 : c->id;
		const char *st = pstore_check_status_to_string(c->status);

		if (!section || !streq(section, c->section)) {
			printf("%s%s\n", section ? "\n" : "", section_title(c->section));
			section = c->section;
		}
		if (color)
			printf("  %s%-4s\033[0m  %-26s ", status_color(c->status), st, name);
		else
			printf("  %-4s  %-26s ", st, name);
		/* values and details quote config lines and files: escaped on a terminal */
		tprintf(stdout, "%s\n", c->value);
		if ((verbose || c->status != PSTORE_CHECK_OK) && *c->detail)
			tprintf(stdout, "        %s\n", c->detail);
		if (c->status != PSTORE_CHECK_OK && *c->hint) {
			_cleanup_free_ char *owned = NULL;

			printf("        hint: %s\n", cli_hint(c, &owned));
		}
	}
	printf("\n%zu ok, %zu warn, %zu fail, %zu skip\n",
	       pstore_checks_count_status(cs, PSTORE_CHECK_OK),
	       pstore_checks_count_status(cs, PSTORE_CHECK_WARN),
	       pstore_checks_count_status(cs, PSTORE_CHECK_FAIL),
	       pstore_checks_count_status(cs, PSTORE_CHECK_SKIP));
}

static int print_json(const struct pstore_checks *cs)
{
	struct json j;

	json_init(&j, stdout);
	json_open(&j, NULL);
	json_open_array(&j, "checks");
	for (size_t i = 0; i < pstore_checks_count(cs); i++) {
		const struct pstore_check *c = pstore_checks_get(cs, i);
		_cleanup_free_ char *owned = NULL;

		json_open(&j, NULL);
		json_str(&j, "id", c->id);
		json_str(&j, "section", c->section);
		json_str(&j, "status", pstore_check_status_to_string(c->status));
		json_str(&j, "value", c->value);
		json_str(&j, "detail", c->detail);
		json_str(&j, "hint", cli_hint(c, &owned));
		json_close(&j);
	}
	json_close_array(&j);
	json_open(&j, "summary");
	json_u64(&j, "ok", pstore_checks_count_status(cs, PSTORE_CHECK_OK));
	json_u64(&j, "warn", pstore_checks_count_status(cs, PSTORE_CHECK_WARN));
	json_u64(&j, "fail", pstore_checks_count_status(cs, PSTORE_CHECK_FAIL));
	json_u64(&j, "skip", pstore_checks_count_status(cs, PSTORE_CHECK_SKIP));
	json_close(&j);
	json_close(&j);
	return json_finish(&j);
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	enum { OPT_CONFIG = CHAR_MAX + 1, OPT_KERNEL_RELEASE, OPT_COLOR };
	static const struct option longopts[] = {
		{ "config",         required_argument, NULL, OPT_CONFIG         },
		{ "kernel-release", required_argument, NULL, OPT_KERNEL_RELEASE },
		{ "json",           no_argument,       NULL, 'J'                },
		{ "color",          optional_argument, NULL, OPT_COLOR          },
		{ "verbose",        no_argument,       NULL, 'v'                },
		{ "help",           no_argument,       NULL, 'h'                },
		{}
	};
	struct pstore_check_opts opts = PSTORE_STRUCT_INIT(struct pstore_check_opts);
	struct pstore_checks *cs = NULL;
	bool json = false;
	int c, r;

	while ((c = getopt_long(argc, argv, "Jvh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CONFIG:
			opts.config = optarg;
			break;
		case OPT_KERNEL_RELEASE:
			if (!*optarg || strchr(optarg, '/'))
				return usage_error("--kernel-release: '%s' is not a release name",
						   optarg);
			opts.release = optarg;
			break;
		case 'J':
			json = true;
			break;
		case OPT_COLOR:
			if (parse_color(optarg))
				return EXIT_USAGE;
			break;
		case 'v':
			G.verbose++;
			break;
		default:
			return help_or_usage_error(c, usage);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);

	r = pstore_checks_run(ctx, &opts, &cs);
	if (r < 0)
		return lib_error(ctx, r);
	if (pstore_path(ctx, PSTORE_SYSTEMD_ARCHIVE_DIR, &archive_dir) < 0)
		archive_dir = NULL;
	if (json) {
		if (print_json(cs) < 0) {
			pstore_checks_free(cs);
			free(archive_dir);
			archive_dir = NULL;
			return EXIT_FAIL;
		}
	} else {
		print_text(cs, G.verbose > 0);
	}
	r = pstore_checks_count_status(cs, PSTORE_CHECK_FAIL) > 0 ? EXIT_FAIL : EXIT_OK;
	if (r == EXIT_OK && pstore_checks_count_status(cs, PSTORE_CHECK_OK) == 0) {
		/* Only skips (and warnings): nothing was found to work; a check that could
		 * test nothing must not pass. */
		warnx_("nothing could be tested: no check passed (%zu skipped)%s%s",
		       pstore_checks_count_status(cs, PSTORE_CHECK_SKIP),
		       *pstore_get_sysroot(ctx) ? "; is this the root of a system? " : "",
		       pstore_get_sysroot(ctx));
		r = EXIT_FAIL;
	}
	pstore_checks_free(cs);
	free(archive_dir);
	archive_dir = NULL;
	return r;
}

const struct pstorectl_cmd cmd_check = {
	.name = "check",
	.help = "check the kernel, the module and the live state",
	.run = run,
};
