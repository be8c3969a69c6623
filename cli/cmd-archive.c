/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pstorectl archive: move the records of the boot that ended into a boot directory of
 * their own (lib/archive-boot.c), then apply the retention limits.
 */
#include <errno.h>
#include <string.h>

#include "pstorectl.h"

enum { OPT_TO = CHAR_MAX + 1, OPT_KEEP, OPT_MAX_BOOTS, OPT_MAX_SIZE, OPT_NO_JOURNAL };

static void usage(FILE *f)
{
	fputs("Usage: pstorectl archive [OPTIONS]\n"
	      "\n"
	      "Archive the records of the boot that ended into DIR/<UTC time>_<boot id>/\n"
	      "(the records, dmesg.txt, console.txt, pmsg.txt, reason.json, records.json),\n"
	      "durably, then erase them from pstore. Records already archived are not\n"
	      "archived again. Each boot archived is logged to the systemd journal\n"
	      "(MESSAGE_ID=" PSTORE_ARCHIVE_MESSAGE_ID ").\n"
	      "Defaults come from /etc/pstorectl.conf (pstorectl.conf(5)).\n"
	      "\n"
	      "Options:\n"
	      "  -d, --dir DIR          archive the records of DIR instead of the pstore mount\n"
	      "      --to DIR           the archive (default /var/lib/pstore)\n"
	      "      --keep             leave the records in pstore\n"
	      "      --max-boots N      keep at most N boots (0: no limit; never the newest)\n"
	      "      --max-size SIZE    keep at most SIZE bytes of boots (0: no limit)\n"
	      "      --no-journal       do not log the archived boot to the journal\n"
	      "  -h, --help             show this help\n",
	      f);
}

/* A pstorectl.conf value: keep|journal = yes|no, max-boots = N, max-size = SIZE. */
static int conf_value(struct pstore_ctx *ctx, const char *key, uint64_t *ret, bool size)
{
	const char *v = config_get(ctx, key);
	int r;

	if (!v)
		return 0;
	if (streq(key, "keep") || streq(key, "journal")) {
		if (streq(v, "yes") || streq(v, "true") || streq(v, "1"))
			*ret = 1;
		else if (streq(v, "no") || streq(v, "false") || streq(v, "0"))
			*ret = 0;
		else
			return warnx_("pstorectl.conf: %s: not yes or no: '%s'", key, v), -1;
		return 0;
	}
	r = size ? pstore_parse_size(v, ret) : pstore_parse_u64(v, ret);
	if (r < 0)
		return warnx_("pstorectl.conf: %s: not a %s: '%s'", key, size ? "size" : "number",
			      v), -1;
	return 0;
}

/*
 * The archived boot into the journal. Not logging it is no failure of the archive: no
 * libsystemd or no journal (early boot, a container, a rescue shell) is said with -v only,
 * another error as a warning.
 */
static void log_boot(struct pstore_ctx *ctx, const char *dir)
{
	int r = pstore_archive_journal_send(ctx, dir);

	if (r == 0 && G.verbose)
		tprintf(stderr, "pstorectl: archive: logged to the journal\n");
	else if (r == -EOPNOTSUPP || r == -ENOENT || r == -ECONNREFUSED || r == -ENOTCONN) {
		if (G.verbose)
			tprintf(stderr, "pstorectl: archive: not logged: %s\n",
				r == -EOPNOTSUPP ? "libsystemd0 is not installed"
						 : "no systemd journal here");
	} else if (r < 0)
		warnx_("not logged to the journal: %s", pstore_errmsg(ctx));
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "dir",       required_argument, NULL, 'd'           },
		{ "to",        required_argument, NULL, OPT_TO        },
		{ "keep",      no_argument,       NULL, OPT_KEEP      },
		{ "max-boots", required_argument, NULL, OPT_MAX_BOOTS },
		{ "max-size",   required_argument, NULL, OPT_MAX_SIZE   },
		{ "no-journal", no_argument,       NULL, OPT_NO_JOURNAL },
		{ "help",       no_argument,       NULL, 'h'            },
		{}
	};
	const char *dir = NULL, *to = NULL;
	uint64_t keep = 0, max_boots = 0, max_size = 0, journal = 1;
	bool has_keep = false, has_boots = false, has_size = false, has_journal = false;
	struct pstore_source *src = NULL;
	_cleanup_free_ char *made = NULL;
	int c, r, pruned;

	while ((c = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case OPT_TO:
			to = optarg;
			break;
		case OPT_KEEP:
			keep = has_keep = true;
			break;
		case OPT_MAX_BOOTS:
			if (opt_u64("--max-boots", optarg, &max_boots) < 0)
				return EXIT_USAGE;
			has_boots = true;
			break;
		case OPT_MAX_SIZE:
			if (opt_size("--max-size", optarg, &max_size) < 0)
				return EXIT_USAGE;
			has_size = true;
			break;
		case OPT_NO_JOURNAL:
			journal = 0;
			has_journal = true;
			break;
		default:
			return help_or_usage_error(c, usage);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if ((!has_keep && conf_value(ctx, "keep", &keep, false) < 0) ||
	    (!has_boots && conf_value(ctx, "max-boots", &max_boots, false) < 0) ||
	    (!has_size && conf_value(ctx, "max-size", &max_size, true) < 0) ||
	    (!has_journal && conf_value(ctx, "journal", &journal, false) < 0))
		return EXIT_FAIL;
	to = archive_root(ctx, to);

	r = dir ? pstore_source_new_dir(ctx, dir, &src) : pstore_source_new_mount(ctx, &src);
	if (r == -ENOENT && !dir)
		error_hint("; run 'pstorectl mount' or archive a copy with --dir");
	if (r < 0)
		return lib_error(ctx, r);
	r = pstore_archive_boot(ctx, src, to, keep ? PSTORE_ARCHIVE_KEEP : 0, &made);
	pstore_source_unref(src);
	if (made && tprintf(stdout, "%s\n", made) < 0)
		return write_error(errno);
	if (r < 0)
		return lib_error(ctx, r);
	if (made && journal)
		log_boot(ctx, made);
	if (r == 0 && G.verbose)
		tprintf(stderr, "pstorectl: archive: nothing new to archive\n");
	pruned = pstore_archive_prune(ctx, to, max_boots, max_size);
	if (pruned < 0)
		return lib_error(ctx, pruned);
	if (pruned > 0 && G.verbose)
		tprintf(stderr, "pstorectl: archive: %d old boot%s removed\n", pruned,
			pruned == 1 ? "" : "s");
	return EXIT_OK;
}

const struct pstorectl_cmd cmd_archive = {
	.name = "archive",
	.help = "move the records of the boot that ended into the per-boot archive",
	.run = run,
};
