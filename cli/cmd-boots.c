/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pstorectl boots: the archived boots, as journalctl --list-boots lists the journal's. */
#include <errno.h>
#include <string.h>

#include "pstorectl.h"

enum { COL_IDX, COL_TIME, COL_BOOT_ID, COL_REASON, COL_RECORDS, COL_SIZE, COL_DIR };

static const struct out_column columns[] = {
	[COL_IDX] = { "IDX", 3, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "index to read it by: 0 the newest, -1 the one before, ..." },
	[COL_TIME] = { "TIME", 20, 0, SCOLS_JSON_STRING, "when the boot ended (its newest record), UTC" },
	[COL_BOOT_ID] = { "BOOT_ID", 36, 0, SCOLS_JSON_STRING,
			  "id of the boot that ended, when a boot marker names it" },
	[COL_REASON] = { "REASON", 10, 0, SCOLS_JSON_STRING, "how it ended (pstorectl reason)" },
	[COL_RECORDS] = { "RECORDS", 3, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "records archived" },
	[COL_SIZE] = { "SIZE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "bytes of its directory" },
	[COL_DIR] = { "DIR", 0.3, SCOLS_FL_NOEXTREMES, SCOLS_JSON_STRING, "its directory" },
};
#define DEFAULT_COLUMNS "IDX,TIME,BOOT_ID,REASON,RECORDS,SIZE"

static void usage(FILE *f)
{
	fputs("Usage: pstorectl boots [OPTIONS]\n"
	      "\n"
	      "List the boots 'pstorectl archive' archived, oldest first, as journalctl\n"
	      "lists its boots; 'ls', 'cat', 'info', 'reason' and 'view' read one by its\n"
	      "index or boot id.\n"
	      "\n"
	      "Options:\n"
	      "      --archive DIR      the archive (default /var/lib/pstore, or archive-dir\n"
	      "                         in pstorectl.conf)\n"
	      "  -h, --help             show this help\n",
	      f);
	out_help(f, columns, ARRAY_SIZE(columns));
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "archive", required_argument, NULL, OPT_BOOT_ARCHIVE },
		{ "help",    no_argument,       NULL, 'h'         },
		OUT_LONGOPTS,
		{}
	};
	struct out_opts oo = { 0 };
	struct pstore_archive *a = NULL;
	const char *root = NULL;
	struct out_table t;
	size_t n;
	int c, r;

	while ((c = getopt_long(argc, argv, "h" OUT_SHORTOPTS, longopts, NULL)) != -1) {
		if (out_parse_opt(&oo, c, optarg))
			continue;
		switch (c) {
		case OPT_BOOT_ARCHIVE:
			root = optarg;
			break;
		default:
			return help_or_usage_error(c, usage);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	r = pstore_archive_open(ctx, archive_root(ctx, root), &a);
	if (r < 0)
		return lib_error(ctx, r);
	r = out_table_init(&t, columns, ARRAY_SIZE(columns), DEFAULT_COLUMNS, &oo, "boots");
	if (r != 0) {
		pstore_archive_free(a);
		return r > 0 ? r : lib_error(ctx, r);
	}
	n = pstore_archive_count(a);
	for (size_t i = 0; i < n; i++) {
		struct libscols_line *ln = out_table_line(&t);
		char buf[64];

		if (!ln) {
			out_table_free(&t);
			pstore_archive_free(a);
			return lib_error(ctx, -ENOMEM);
		}
		snprintf(buf, sizeof(buf), "%s%zu", i + 1 < n ? "-" : "", n - 1 - i);
		out_set(&t, ln, COL_IDX, buf);
		out_set(&t, ln, COL_TIME, format_time(pstore_archive_get_time(a, i), buf,
						      sizeof(buf)));
		out_set(&t, ln, COL_BOOT_ID, pstore_archive_get_boot_id(a, i));
		out_set(&t, ln, COL_REASON, pstore_archive_get_reason(a, i));
		out_set_u64(&t, ln, COL_RECORDS, pstore_archive_get_records(a, i));
		out_set_size(&t, ln, COL_SIZE, pstore_archive_get_size(a, i));
		out_set(&t, ln, COL_DIR, pstore_archive_get_path(a, i));
	}
	r = out_table_print(&t);
	pstore_archive_free(a);
	if (r < 0) {
		write_error(r);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

const struct pstorectl_cmd cmd_boots = {
	.name = "boots",
	.help = "list the archived boots",
	.run = run,
};
