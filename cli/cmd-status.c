/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pstorectl status (also pstorectl without a verb): the one-screen answer to "did it
 * crash?" — the backend, where pstore is mounted, the records by type, the newest dump.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "imageopts.h"
#include "pstorectl.h"

static void usage(FILE *f)
{
	fputs("Usage: pstorectl status [OPTIONS]\n"
	      "\n"
	      "Show the pstore backend, where pstore is mounted, the records by type and the\n"
	      "newest dmesg dump (reason, count, time) and why the last boot ended (see\n"
	      "pstorectl reason). The same as pstorectl without a verb.\n"
	      "\n"
	      "Options:\n"
	      "  -d, --dir DIR          read records from DIR instead of the pstore mount\n"
	      "  -J, --json             JSON output\n"
	      "  -h, --help             show this help\n",
	      f);
	image_opts_help(f, true);
}

/*
 * Why the last boot ended; after srcerr is printed, since it overwrites the message. When
 * pstore is empty because the archive took the last boot's records at this boot, from
 * those (as `pstorectl reason` does).
 */
static struct pstore_boot_reason *reason_of(struct pstore_ctx *ctx, const char *dir,
					    struct pstore_record **recs, size_t n)
{
	struct pstore_boot_reason *br = NULL;
	struct pstore_source *asrc = NULL;
	struct pstore_record **arecs = NULL;
	size_t an = 0;

	if (n == 0 && !dir && !image_source.image && !boot_source.boot &&
	    records_of_this_boots_archive(ctx, &asrc, &arecs, &an))
		recs = arecs, n = an;
	if (pstore_boot_reason_find(ctx, recs, n, &br) < 0)
		br = NULL;
	pstore_clear_error(ctx);
	close_records(asrc, arecs, an);
	return br;
}

/*
 * systemd-pstore, when the records come from the pstore mount (not --dir, --image); read
 * after srcerr is printed, since it may clear the message.
 */
static struct pstore_systemd_pstore *systemd_pstore_of(struct pstore_ctx *ctx, const char *dir)
{
	struct pstore_systemd_pstore *sd = NULL;

	if (dir || image_source.image)
		return NULL;
	if (pstore_systemd_pstore_read(ctx, &sd) < 0)
		sd = NULL;
	pstore_clear_error(ctx);
	return sd;
}

static void json_systemd_pstore(struct pstore_ctx *ctx, struct json *j,
				const struct pstore_systemd_pstore *sd)
{
	_cleanup_free_ char *archive = NULL;
	const char *newest;
	int64_t t = 0;
	char tbuf[64];

	if (!sd) {
		json_null(j, "systemd_pstore");
		return;
	}
	if (pstore_path(ctx, PSTORE_SYSTEMD_ARCHIVE_DIR, &archive) < 0)
		archive = NULL;
	newest = pstore_systemd_pstore_get_newest(sd, &t);
	json_open(j, "systemd_pstore");
	json_str(j, "unit", pstore_unit_state_to_string(pstore_systemd_pstore_get_unit(sd)));
	json_str(j, "storage",
		 pstore_systemd_storage_to_string(pstore_systemd_pstore_get_storage(sd)));
	json_bool(j, "unlink", pstore_systemd_pstore_get_unlink(sd));
	json_bool(j, "takes_records", pstore_systemd_pstore_takes_records(sd));
	json_str(j, "archive", archive);
	json_u64(j, "archived", pstore_systemd_pstore_get_archived(sd));
	json_str(j, "newest", newest);
	json_str(j, "newest_time", newest ? format_time(t, tbuf, sizeof(tbuf)) : NULL);
	json_close(j);
}

/* pstore is empty, systemd-pstore's archive is not: say where the records went. */
static void print_systemd_pstore(struct pstore_ctx *ctx, const struct pstore_systemd_pstore *sd)
{
	_cleanup_free_ char *archive = NULL;
	size_t k = sd ? pstore_systemd_pstore_get_archived(sd) : 0;
	const char *newest;
	int64_t t = 0;
	char tbuf[64];

	if (!k)
		return;
	if (pstore_path(ctx, PSTORE_SYSTEMD_ARCHIVE_DIR, &archive) < 0)
		return;
	newest = pstore_systemd_pstore_get_newest(sd, &t);
	printf("Moved:      %zu record%s to %s by systemd-pstore (newest %s, %s)\n", k,
	       k == 1 ? "" : "s", archive, newest, format_time(t, tbuf, sizeof(tbuf)));
	printf("            read them: pstorectl ls --dir %s\n", archive);
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "dir",  required_argument, NULL, 'd' },
		{ "json", no_argument,       NULL, 'J' },
		{ "help", no_argument,       NULL, 'h' },
		IMAGE_LONGOPTS,
		{}
	};
	const char *dir = NULL;
	bool json = false;
	char *backend = NULL, tbuf[64];
	struct pstore_source *src = NULL;
	struct pstore_record **recs = NULL, *newest = NULL;
	struct pstore_dmesg_header nh = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
	struct pstore_boot_reason *br = NULL;
	struct pstore_systemd_pstore *sd = NULL;
	size_t n = 0, counts[_PSTORE_TYPE_MAX] = { 0 }, bad_ecc = 0;
	const char *srcerr = NULL, *srchint = "";
	int c, r, status = EXIT_OK;

	while ((c = getopt_long(argc, argv, "d:Jh", longopts, NULL)) != -1) {
		if ((r = image_opts_parse(&image_source, c, optarg)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 'J':
			json = true;
			break;
		default:
			return help_or_usage_error(c, usage);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);

	/* an image holds a ramoops region: the live backend says nothing about it */
	if (image_source.image ? !(backend = strdup("ramoops")) : pstore_backend_get(ctx, &backend) < 0)
		backend = NULL;
	pstore_clear_error(ctx);
	r = open_records(ctx, dir, &src, &recs, &n);
	if (r < 0) {
		if (dir || image_source.image) {
			free(backend);
			return lib_error(ctx, r);
		}
		srcerr = pstore_errmsg(ctx);
		srchint = error_hint_take();
	}
	for (size_t i = 0; i < n; i++) {
		struct pstore_record *rec = recs[i];
		struct pstore_ecc_notice e = PSTORE_STRUCT_INIT(struct pstore_ecc_notice);

		counts[pstore_record_get_type(rec)]++;
		pstore_record_get_ecc(rec, &e);
		if (e.status == PSTORE_ECC_UNCORRECTABLE)
			bad_ecc++;
	}
	if (pstore_dump_newest(recs, n, &newest) < 0 ||
	    pstore_record_get_dmesg_header(newest, &nh) < 0)
		newest = NULL;

	if (json) {
		struct json j;

		json_init(&j, stdout);
		json_open(&j, NULL);
		json_str(&j, "backend", backend);
		json_str(&j, "source", src ? pstore_source_get_kind(src) : NULL);
		json_str(&j, "path", src ? pstore_source_get_path(src) : NULL);
		json_bool(&j, "mounted", src && streq(pstore_source_get_kind(src), "mount"));
		json_u64(&j, "records", n);
		json_open(&j, "types");
		for (int t = 0; t < _PSTORE_TYPE_MAX; t++)
			if (counts[t])
				json_u64(&j, pstore_type_to_string(t), counts[t]);
		json_close(&j);
		json_u64(&j, "ecc_uncorrectable", bad_ecc);
		if (newest) {
			int64_t t = 0;

			pstore_record_get_time(newest, &t);
			json_open(&j, "dump");
			json_str(&j, "name", pstore_record_get_name(newest));
			json_str(&j, "reason", pstore_reason_to_string(nh.reason));
			json_i64(&j, "count", nh.count);
			json_u64(&j, "part", nh.part);
			json_str(&j, "time", format_time(t, tbuf, sizeof(tbuf)));
			json_close(&j);
		} else {
			json_null(&j, "dump");
		}
		br = reason_of(ctx, dir, recs, n);
		json_str(&j, "reason", br ? pstore_boot_reason_get_string(br) : NULL);
		json_str(&j, "confidence", br ? pstore_confidence_to_string(
							pstore_boot_reason_get_confidence(br)) : NULL);
		sd = systemd_pstore_of(ctx, dir);
		json_systemd_pstore(ctx, &j, sd);
		json_close(&j);
		if (json_finish(&j) < 0)
			status = EXIT_FAIL;
	} else {
		tprintf(stdout, "Backend:    %s\n", backend ? backend : "none registered");
		if (src && streq(pstore_source_get_kind(src), "mount"))
			tprintf(stdout, "Mounted:    %s\n", pstore_source_get_path(src));
		else if (src)
			tprintf(stdout, "%s  %s\n",
			       streq(pstore_source_get_kind(src), "image") ? "Image:    " : "Directory:",
			       pstore_source_get_path(src));
		else
			printf("Mounted:    no (%s%s)\n", srcerr ? srcerr : "not mounted",
			       srcerr ? srchint : "");
		printf("Records:    %zu", n);
		for (int t = 0, first = 1; t < _PSTORE_TYPE_MAX; t++) {
			if (!counts[t])
				continue;
			printf("%s%s %zu", first ? " (" : ", ", pstore_type_to_string(t), counts[t]);
			first = 0;
		}
		printf("%s\n", n ? ")" : "");
		if (n == 0) {
			sd = systemd_pstore_of(ctx, dir);
			print_systemd_pstore(ctx, sd);
		}
		if (newest) {
			int64_t t = 0;

			pstore_record_get_time(newest, &t);
			const char *why = pstore_reason_to_string(nh.reason);

			/* as the kernel wrote it: "Panic#1 Part1" */
			tprintf(stdout, "Last dump:  %c%s#%d Part%u at %s (%s)\n", toupper((unsigned char)why[0]),
			       why + 1, nh.count, nh.part, format_time(t, tbuf, sizeof(tbuf)),
			       pstore_record_get_name(newest));
		} else {
			printf("Last dump:  none\n");
		}
		br = reason_of(ctx, dir, recs, n);
		if (br)
			printf("Reason:     %s (%s)\n", pstore_boot_reason_get_string(br),
			       pstore_confidence_to_string(pstore_boot_reason_get_confidence(br)));
		if (bad_ecc)
			printf("ECC:        %zu record(s) with uncorrectable errors\n", bad_ecc);
	}
	free(backend);
	pstore_systemd_pstore_free(sd);
	pstore_boot_reason_free(br);
	close_records(src, recs, n);
	return status;
}

const struct pstorectl_cmd cmd_status = {
	.name = "status",
	.help = "show the backend, the mount and the newest crash",
	.run = run,
};
