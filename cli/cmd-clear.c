/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pstorectl clear: erase records (removing a pstorefs file erases the record in the
 * backend), optionally archiving each one durably first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pstorectl.h"

enum { OPT_DRY_RUN = CHAR_MAX + 1, OPT_ARCHIVE };

static void usage(FILE *f)
{
	fputs("Usage: pstorectl clear [OPTIONS] RECORD|TYPE...\n"
	      "       pstorectl clear [OPTIONS] --all\n"
	      "\n"
	      "Erase records. Removing a record from the pstore mount erases it in the\n"
	      "backend (ramoops zeroes the zone), so the space is free for the next crash.\n"
	      "\n"
	      "Options:\n"
	      "  -d, --dir DIR          erase in DIR instead of the pstore mount\n"
	      "  -a, --all              every record (asks first on a terminal)\n"
	      "      --archive DIR      copy each record durably into DIR first; a record is\n"
	      "                         erased only after its copy is safe on disk\n"
	      "      --dry-run          only say what would be erased\n"
	      "  -y, --yes              do not ask\n"
	      "  -h, --help             show this help\n",
	      f);
}

static int confirm(size_t n, const char *where)
{
	char *line = NULL;
	size_t cap = 0;
	bool yes;

	fprintf(stderr, "Erase all %zu records in %s? [y/N] ", n, where);
	fflush(stderr);
	if (getline(&line, &cap, stdin) < 0) {
		free(line);
		return 0;
	}
	yes = line[0] == 'y' || line[0] == 'Y';
	free(line);
	return yes;
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "dir",     required_argument, NULL, 'd'         },
		{ "all",     no_argument,       NULL, 'a'         },
		{ "archive", required_argument, NULL, OPT_ARCHIVE },
		{ "dry-run", no_argument,       NULL, OPT_DRY_RUN },
		{ "yes",     no_argument,       NULL, 'y'         },
		{ "help",    no_argument,       NULL, 'h'         },
		{}
	};
	const char *dir = NULL, *archive = NULL;
	bool all = false, dry = false, yes = false;
	struct pstore_source *src = NULL;
	struct pstore_record **recs = NULL;
	bool *sel = NULL;
	size_t n = 0, nsel = 0;
	int c, r, adir = -1, status = EXIT_OK;

	while ((c = getopt_long(argc, argv, "d:ayh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 'a':
			all = true;
			break;
		case OPT_ARCHIVE:
			archive = optarg;
			break;
		case OPT_DRY_RUN:
			dry = true;
			break;
		case 'y':
			yes = true;
			break;
		default:
			return help_or_usage_error(c, usage);
		}
	}
	if (all && optind < argc)
		return usage_error("--all erases every record: name no records with it");
	if (!all && optind == argc)
		return usage_error("name the records or types to erase, or use --all");

	r = open_records(ctx, dir, &src, &recs, &n);
	if (r < 0)
		return lib_error(ctx, r);
	sel = calloc(n + 1, sizeof(*sel));
	if (!sel) {
		status = lib_error(ctx, -ENOMEM);
		goto out;
	}
	if (select_records(recs, n, argv + optind, (size_t)(argc - optind), sel))
		status = EXIT_FAIL;
	if (status != EXIT_OK)
		goto out; /* erase nothing when the list is not what the user thinks */
	for (size_t k = 0; k < n; k++) {
		if (all)
			sel[k] = true;
		nsel += sel[k];
	}
	if (nsel == 0) {
		tprintf(stdout, "no records in %s\n", pstore_source_get_path(src));
		goto out;
	}
	if (all && !yes && !dry && isatty(STDIN_FILENO) &&
	    !confirm(nsel, pstore_source_get_path(src))) {
		warnx_("nothing erased");
		status = EXIT_FAIL;
		goto out;
	}
	if (archive && !dry) {
		if (mkdir(archive, 0750) < 0 && errno != EEXIST) {
			warnx_("%s: %s", archive, strerror(errno));
			status = EXIT_FAIL;
			goto out;
		}
		adir = open(archive, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (adir < 0) {
			warnx_("%s: %s", archive, strerror(errno));
			status = EXIT_FAIL;
			goto out;
		}
		/* what a killed run left: its temporaries, never a copy */
		(void)pstore_archive_clean(ctx, adir);
	}
	for (size_t k = 0; k < n; k++) {
		const char *name = pstore_record_get_name(recs[k]);
		char *copy = NULL;

		if (!sel[k])
			continue;
		if (dry) {
			tprintf(stdout, "would erase %s%s%s\n", name, archive ? ", archiving it in " : "",
			       archive ? archive : "");
			continue;
		}
		if (archive) {
			r = pstore_record_archive_new(ctx, recs[k], adir, NULL, &copy);
			if (r < 0) {
				lib_error(ctx, r); /* the message names the record */
				warnx_("%s: kept (not erased): its copy failed", name);
				status = EXIT_FAIL;
				break;
			}
		}
		r = pstore_record_remove(ctx, recs[k]);
		if (r < 0) {
			lib_error(ctx, r);
			status = EXIT_FAIL;
			free(copy);
			continue;
		}
		if (copy)
			tprintf(stdout, "erased %s (copy: %s/%s)\n", name, archive, copy);
		else
			tprintf(stdout, "erased %s\n", name);
		/* a kill must not leave records erased with no line saying so */
		fflush(stdout);
		free(copy);
	}
out:
	if (adir >= 0)
		close(adir);
	free(sel);
	close_records(src, recs, n);
	return status;
}

const struct pstorectl_cmd cmd_clear = {
	.name = "clear",
	.help = "erase records, archiving them first if asked",
	.run = run,
};
