/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pstorectl decode: the records a memory image holds (a raw dump of the ramoops region,
 * /dev/mem, a kdump vmcore), written as pstorefs would show them, and a report of the
 * zones.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>

#include "imageopts.h"

enum { COL_TYPE, COL_INDEX, COL_ADDRESS, COL_OFFSET, COL_SIZE, COL_STATE, COL_START,
       COL_USED, COL_CAPACITY, COL_WRAPPED, COL_CORRECTED, COL_BAD, COL_RECORD, COL_TIME,
       COL_COMPRESS, COL_PROBLEM };

static const struct out_column columns[] = {
	[COL_TYPE] = { "TYPE", 0.1, 0, SCOLS_JSON_STRING, "zone type: dmesg, console, pmsg, ftrace" },
	[COL_INDEX] = { "INDEX", 2, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "zone index within its type" },
	[COL_ADDRESS] = { "ADDRESS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "physical address" },
	[COL_OFFSET] = { "OFFSET", 8, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "offset in the region" },
	[COL_SIZE] = { "SIZE", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "zone size" },
	[COL_STATE] = { "STATE", 8, 0, SCOLS_JSON_STRING,
			"empty, valid, invalid, no-signature, no-header, unreadable" },
	[COL_START] = { "START", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			"header: ring write position" },
	[COL_USED] = { "USED", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "header: bytes in the ring" },
	[COL_CAPACITY] = { "CAPACITY", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			   "data bytes of the ring (zone minus header and parity)" },
	[COL_WRAPPED] = { "WRAPPED", 3, 0, SCOLS_JSON_BOOLEAN, "the ring went round" },
	[COL_CORRECTED] = { "CORRECTED", 3, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			    "ECC: bytes corrected (null without ECC)" },
	[COL_BAD] = { "BAD", 3, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "ECC: uncorrectable blocks (null without ECC)" },
	[COL_RECORD] = { "RECORD", 0.2, 0, SCOLS_JSON_STRING, "the record it gives" },
	[COL_TIME] = { "TIME", 20, 0, SCOLS_JSON_STRING, "dmesg: when it was stored, UTC" },
	[COL_COMPRESS] = { "COMPRESS", 7, 0, SCOLS_JSON_STRING,
			   "dmesg: the algorithm that inflated it" },
	[COL_PROBLEM] = { "PROBLEM", 0.3, SCOLS_FL_WRAP, SCOLS_JSON_STRING,
			  "what is wrong with the zone" },
};
#define DEFAULT_COLUMNS "TYPE,INDEX,OFFSET,SIZE,STATE,USED,START,CORRECTED,BAD,RECORD,PROBLEM"

static void usage(FILE *f)
{
	fputs("Usage: pstorectl decode [OPTIONS] IMAGE\n"
	      "\n"
	      "Read the ramoops records straight from memory: IMAGE is a raw dump of the\n"
	      "region (QEMU pmemsave, a boot loader or JTAG dump), /dev/mem, or a kdump\n"
	      "vmcore (ELF or makedumpfile). Shows the zones; --to writes the records as\n"
	      "pstorefs would name and fill them after a reboot.\n"
	      "\n"
	      "Options:\n"
	      "  -t, --to DIR           write the records into DIR (created if missing)\n"
	      "  -a, --all              show empty zones too\n"
	      "  -h, --help             show this help\n",
	      f);
	image_opts_help(f, false);
	out_help(f, columns, ARRAY_SIZE(columns));
}

static int write_records(struct pstore_ctx *ctx, struct pstore_source *src, const char *dir)
{
	struct pstore_record **recs = NULL;
	size_t n = 0;
	int dfd, r;

	if (mkdir(dir, 0750) < 0 && errno != EEXIST) {
		warnx_("%s: %s", dir, strerror(errno));
		return EXIT_FAIL;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		warnx_("%s: %s", dir, strerror(errno));
		return EXIT_FAIL;
	}
	r = pstore_source_list(src, &recs, &n);
	for (size_t i = 0; r >= 0 && i < n; i++) {
		r = pstore_record_archive(ctx, recs[i], dfd, pstore_record_get_name(recs[i]));
		if (r >= 0 && G.verbose)
			warnx_("%s/%s", dir, pstore_record_get_name(recs[i]));
	}
	pstore_record_list_free(recs, n);
	close(dfd);
	return r < 0 ? lib_error_what(ctx, r, dir) : EXIT_OK;
}

static int report(const struct pstore_decode *d, const struct out_opts *oo, bool all)
{
	const struct pstore_layout_params *p = pstore_decode_get_params(d);
	struct out_table t;
	int r;

	r = out_table_init(&t, columns, ARRAY_SIZE(columns), DEFAULT_COLUMNS, oo, "zones");
	if (r != 0)
		return r > 0 ? r : EXIT_FAIL;
	for (size_t i = 0; i < pstore_decode_zone_count(d); i++) {
		const struct pstore_zone_report *z = pstore_decode_get_zone(d, i);
		struct libscols_line *ln;
		char tb[64];
		bool hdr = z->state != PSTORE_ZONE_NO_SIGNATURE && z->state != PSTORE_ZONE_UNREADABLE;

		if (!all && z->state == PSTORE_ZONE_EMPTY && !z->problem)
			continue;
		ln = out_table_line(&t);
		if (!ln) {
			out_table_free(&t);
			return EXIT_FAIL;
		}
		out_set(&t, ln, COL_TYPE, pstore_zone_type_to_string(z->zone->type));
		out_set_u64(&t, ln, COL_INDEX, z->zone->index);
		out_set_hex(&t, ln, COL_ADDRESS, z->zone->start);
		out_set_hex(&t, ln, COL_OFFSET, z->zone->start - p->mem_address);
		out_set_size(&t, ln, COL_SIZE, z->zone->size);
		out_set(&t, ln, COL_STATE, pstore_zone_state_to_string(z->state));
		if (hdr) {
			out_set_u64(&t, ln, COL_START, z->start);
			out_set_u64(&t, ln, COL_USED, z->size);
			out_set_u64(&t, ln, COL_CAPACITY, z->capacity);
			out_set_bool(&t, ln, COL_WRAPPED, z->wrapped);
		}
		if (p->ecc_size && z->state != PSTORE_ZONE_UNREADABLE) {
			out_set_u64(&t, ln, COL_CORRECTED, (uint64_t)z->corrected);
			out_set_u64(&t, ln, COL_BAD, (uint64_t)z->bad_blocks);
		}
		out_set(&t, ln, COL_RECORD, z->record);
		if (z->has_time)
			out_set(&t, ln, COL_TIME, format_time(z->sec, tb, sizeof(tb)));
		if (z->compress >= 0)
			out_set(&t, ln, COL_COMPRESS,
				pstore_compress_to_string((enum pstore_compress)z->compress));
		out_set(&t, ln, COL_PROBLEM, z->problem);
	}
	r = out_table_print(&t);
	if (r < 0) {
		write_error(r);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "to",   required_argument, NULL, 't' },
		{ "all",  no_argument,       NULL, 'a' },
		{ "help", no_argument,       NULL, 'h' },
		OUT_LONGOPTS,
		IMAGE_LAYOUT_LONGOPTS,
		{}
	};
	struct image_opts io = { 0 };
	struct out_opts oo = { 0 };
	struct pstore_decode *d = NULL;
	struct pstore_source *src = NULL;
	const char *to = NULL;
	bool all = false;
	int c, r, status;

	while ((c = getopt_long(argc, argv, "t:ah" OUT_SHORTOPTS, longopts, NULL)) != -1) {
		if (out_parse_opt(&oo, c, optarg))
			continue;
		r = image_opts_parse(&io, c, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r > 0)
			continue;
		switch (c) {
		case 't':
			to = optarg;
			break;
		case 'a':
			all = true;
			break;
		default:
			return help_or_usage_error(c, usage);
		}
	}
	if (optind >= argc)
		return usage_error("an IMAGE is needed");
	if (optind + 1 < argc)
		return usage_error("unexpected argument '%s'", argv[optind + 1]);

	r = image_decode(ctx, &io, argv[optind], true, &d);
	if (r < 0)
		return lib_error(ctx, r);
	status = report(d, &oo, all);
	if (to && status == EXIT_OK) {
		r = pstore_source_new_image(ctx, d, &src);
		d = NULL;
		if (r < 0)
			return lib_error(ctx, r);
		status = write_records(ctx, src, to);
		pstore_source_unref(src);
	}
	pstore_decode_free(d);
	return status;
}

const struct pstorectl_cmd cmd_decode = {
	.name = "decode",
	.help = "read records straight from a memory image, /dev/mem or a vmcore",
	.run = run,
};
