/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pstorectl ls: the records, with what each one is (type, dump reason, ECC state). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "imageopts.h"
#include "pstorectl.h"

enum { OPT_ALL_FILES = CHAR_MAX + 1 };

enum { COL_NAME, COL_TYPE, COL_BACKEND, COL_ID, COL_SIZE, COL_TIME, COL_REASON, COL_COUNT,
       COL_PART, COL_COMPRESSED, COL_ECC, COL_MTIME };

static const struct out_column columns[] = {
	[COL_NAME] = { "NAME", 0.2, SCOLS_FL_NOEXTREMES, SCOLS_JSON_STRING,
		       "file name (relative to the source)" },
	[COL_TYPE] = { "TYPE", 0.1, 0, SCOLS_JSON_STRING,
		       "record type: dmesg, console, pmsg, ftrace, ... or unknown" },
	[COL_BACKEND] = { "BACKEND", 0.1, 0, SCOLS_JSON_STRING,
			  "backend that stored it: ramoops, efi_pstore, erst, ..." },
	[COL_ID] = { "ID", 3, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "record id from the name" },
	[COL_SIZE] = { "SIZE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "size of the file" },
	[COL_TIME] = { "TIME", 20, 0, SCOLS_JSON_STRING,
		       "when the kernel stored it (dmesg, erst), UTC" },
	[COL_REASON] = { "REASON", 6, 0, SCOLS_JSON_STRING,
			 "why the kernel dumped: panic, oops, emergency, shutdown, ..." },
	[COL_COUNT] = { "COUNT", 2, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			"dump count of that boot (the 1 of Panic#1)" },
	[COL_PART] = { "PART", 2, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		       "part of the dump (1 = newest chunk)" },
	[COL_COMPRESSED] = { "COMPRESSED", 3, 0, SCOLS_JSON_BOOLEAN,
			     "still compressed (.enc.z)" },
	[COL_ECC] = { "ECC", 5, 0, SCOLS_JSON_STRING,
		      "ramoops ECC notice: clean, corrected, uncorrectable" },
	[COL_MTIME] = { "MTIME", 20, 0, SCOLS_JSON_STRING, "modification time of the file, UTC" },
};
#define DEFAULT_COLUMNS "NAME,TYPE,BACKEND,ID,SIZE,TIME,REASON,COUNT,PART,COMPRESSED,ECC"

static void usage(FILE *f)
{
	fputs("Usage: pstorectl ls [OPTIONS]\n"
	      "\n"
	      "List the records pstore holds, with what each one is.\n"
	      "\n"
	      "Options:\n"
	      "  -d, --dir DIR          read records from DIR instead of the pstore mount\n"
	      "  -t, --type LIST        only these types (comma list: dmesg,console,pmsg,...)\n"
	      "      --all-files        list the files that are not records too (TYPE\n"
	      "                         not-a-record); other commands never touch them\n"
	      BOOT_HELP
	      "  -h, --help             show this help\n",
	      f);
	image_opts_help(f, true);
	out_help(f, columns, ARRAY_SIZE(columns));
}

static int set_time(struct out_table *t, struct libscols_line *ln, int ci, int64_t sec)
{
	char buf[64];

	if (t->rmap[ci] < 0) /* not shown: no need to format it (ls of 10,000 records) */
		return 0;
	return out_set(t, ln, ci, format_time(sec, buf, sizeof(buf)));
}

/* Is the type in the --type list? */
static bool type_wanted(const bool *types, enum pstore_type t)
{
	return !types || types[t];
}

/* One item of --type. */
static int add_type(char *tok, void *data)
{
	bool *types = data;
	int t = pstore_type_from_string(tok);

	if (t < 0)
		return usage_error("--type: unknown type '%s'", tok), -1;
	types[t] = true;
	return 0;
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "dir",  required_argument, NULL, 'd' },
		{ "type", required_argument, NULL, 't' },
		{ "all-files", no_argument,  NULL, OPT_ALL_FILES },
		{ "help", no_argument,       NULL, 'h' },
		BOOT_LONGOPTS,
		OUT_LONGOPTS,
		IMAGE_LONGOPTS,
		{}
	};
	struct out_opts oo = { 0 };
	struct out_table t;
	bool types[_PSTORE_TYPE_MAX] = { false }, have_types = false, all_files = false;
	const char *dir = NULL;
	struct pstore_source *src = NULL;
	struct pstore_record **recs = NULL;
	size_t n = 0;
	int c, r, status = EXIT_OK;

	while ((c = getopt_long(argc, argv, "d:t:h" OUT_SHORTOPTS, longopts, NULL)) != -1) {
		if (boot_opts_parse(&boot_source, c, optarg))
			continue;
		if ((r = image_opts_parse(&image_source, c, optarg)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		if (out_parse_opt(&oo, c, optarg))
			continue;
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 't':
			if (opt_each(optarg, add_type, types) < 0)
				return EXIT_USAGE;
			have_types = true;
			break;
		case OPT_ALL_FILES:
			all_files = true;
			break;
		default:
			return help_or_usage_error(c, usage);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);

	r = open_records_all(ctx, dir, all_files, &src, &recs, &n);
	if (r < 0)
		return lib_error(ctx, r);
	r = out_table_init(&t, columns, ARRAY_SIZE(columns), DEFAULT_COLUMNS, &oo, "records");
	if (r != 0) {
		close_records(src, recs, n);
		return r > 0 ? r : lib_error(ctx, r);
	}
	if (t.rmap[COL_REASON] >= 0 || t.rmap[COL_COUNT] >= 0 || t.rmap[COL_PART] >= 0 ||
	    t.rmap[COL_ECC] >= 0)
		pstore_record_list_probe(recs, n);
	for (size_t i = 0; i < n; i++) {
		struct pstore_record *rec = recs[i];
		enum pstore_type type = pstore_record_get_type(rec);
		struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
		struct pstore_ecc_notice ecc = PSTORE_STRUCT_INIT(struct pstore_ecc_notice);
		struct libscols_line *ln;
		bool has_h = false;
		uint64_t id;
		int64_t tm;

		bool foreign = pstore_record_is_foreign(rec);

		if (foreign ? have_types : !type_wanted(have_types ? types : NULL, type))
			continue;
		ln = out_table_line(&t);
		if (!ln) {
			status = lib_error(ctx, -ENOMEM);
			break;
		}
		out_set(&t, ln, COL_NAME, pstore_record_get_name(rec));
		out_set_size(&t, ln, COL_SIZE, pstore_record_get_size(rec));
		set_time(&t, ln, COL_MTIME, pstore_record_get_mtime(rec));
		if (foreign) {
			out_set(&t, ln, COL_TYPE, "not-a-record");
			continue;
		}
		out_set(&t, ln, COL_TYPE, pstore_type_to_string(type));
		out_set(&t, ln, COL_BACKEND,
			*pstore_record_get_backend(rec) ? pstore_record_get_backend(rec) : NULL);
		if (pstore_record_get_id(rec, &id) == 0)
			out_set_u64(&t, ln, COL_ID, id);
		else
			out_set(&t, ln, COL_ID, NULL);
		if (pstore_record_get_time(rec, &tm) == 0)
			set_time(&t, ln, COL_TIME, tm);
		else
			out_set(&t, ln, COL_TIME, NULL);
		if ((type == PSTORE_TYPE_DMESG || type == PSTORE_TYPE_UNKNOWN) &&
		    (t.rmap[COL_REASON] >= 0 || t.rmap[COL_COUNT] >= 0 || t.rmap[COL_PART] >= 0))
			has_h = pstore_record_get_dmesg_header(rec, &h) == 0;
		if (has_h) {
			char cnt[16];

			out_set(&t, ln, COL_REASON, pstore_reason_to_string(h.reason));
			out_set(&t, ln, COL_COUNT, format_i64(h.count, cnt, sizeof(cnt)));
			out_set_u64(&t, ln, COL_PART, h.part);
		} else {
			out_set(&t, ln, COL_REASON, NULL);
			out_set(&t, ln, COL_COUNT, NULL);
			out_set(&t, ln, COL_PART, NULL);
		}
		out_set_bool(&t, ln, COL_COMPRESSED, pstore_record_is_compressed(rec));
		if (t.rmap[COL_ECC] >= 0) {
			pstore_record_get_ecc(rec, &ecc);
			out_set(&t, ln, COL_ECC, pstore_ecc_to_string(ecc.status));
		}
		r = pstore_record_get_probe_error(rec);
		if (r == -EBADMSG && pstore_record_is_compressed(rec)) {
			warnx_("%s: corrupt compressed data", pstore_record_get_name(rec));
			status = EXIT_FAIL;
		} else if (r < 0) {
			warnx_("%s: cannot read: %s", pstore_record_get_name(rec), strerror(-r));
			status = EXIT_FAIL;
		}
	}
	r = out_table_print(&t);
	close_records(src, recs, n);
	if (r < 0) {
		write_error(r);
		return EXIT_FAIL;
	}
	return status;
}

const struct pstorectl_cmd cmd_ls = {
	.name = "ls",
	.help = "list the records",
	.run = run,
};
