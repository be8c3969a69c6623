/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pstorectl cat: print records by name or type; the parts of a dmesg dump reassembled
 * oldest first, .enc.z inflated, log levels decoded or filtered on request.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imageopts.h"
#include "pstorectl.h"

enum { OPT_STRIP_ECC = CHAR_MAX + 1 };

struct cat_opts {
	bool raw, decode, strip_ecc, escape, quiet;
	unsigned levels; /* bit per level; 0 = all */
};

static void usage(FILE *f)
{
	fputs("Usage: pstorectl cat [OPTIONS] [RECORD|TYPE...]\n"
	      "\n"
	      "Print records: by name (dmesg-ramoops-0) or by type (dmesg, console, pmsg, ...);\n"
	      "all records without arguments. The parts of one dmesg dump are put back in\n"
	      "order, oldest first; .enc.z records are inflated.\n"
	      "\n"
	      "Options:\n"
	      "  -d, --dir DIR          read records from DIR instead of the pstore mount\n"
	      "  -x, --decode           show log levels by name instead of <N> prefixes\n"
	      "  -l, --level LIST       only lines of these levels (emerg,alert,crit,err,warn,\n"
	      "                         notice,info,debug or 0-7; LEVEL+ = LEVEL and worse)\n"
	      "      --strip-ecc        leave out the ECC notice ramoops appends\n"
	      "  -r, --raw              the exact bytes of each record: no inflating, no\n"
	      "                         reassembly, no decoding (-R: the same)\n"
	      "  -q, --quiet            no '==> NAME <==' line before each record\n"
	      BOOT_HELP
	      "  -h, --help             show this help\n"
	      "\n"
	      "On a terminal, control characters from a record are shown escaped (\\x1b);\n"
	      "through a pipe the bytes pass unchanged.\n",
	      f);
	image_opts_help(f, true);
}

/* One item of --level: LEVEL, or LEVEL+ for it and every worse one. */
static int add_level(char *tok, void *data)
{
	unsigned *mask = data;
	size_t len = strlen(tok);
	bool worse = len > 1 && tok[len - 1] == '+';
	int l;

	if (worse)
		tok[len - 1] = '\0';
	l = pstore_log_level_from_string(tok);
	if (l < 0)
		return usage_error("--level: unknown level '%s'", tok), -1;
	if (worse)
		*mask |= (2u << l) - 1; /* emerg (0) .. l */
	else
		*mask |= 1u << l;
	return 0;
}

static const char *const facilities[] = { "kern",   "user",   "mail",   "daemon",
					  "auth",   "syslog", "lpr",    "news",
					  "uucp",   "cron",   "authpriv", "ftp",
					  "res0",   "res1",   "res2",   "res3",
					  "local0", "local1", "local2", "local3",
					  "local4", "local5", "local6", "local7" };

/* The line filter's state: a line longer than a chunk comes in pieces (textout). */
struct cat_line {
	const struct cat_opts *o;
	bool mid;  /* the next piece continues a line */
	bool keep; /* that line's start was kept */
};

/* One line (newline included, if any), filtered and decoded as the options say. */
static int put_line(const void *data, const char *line, size_t len)
{
	struct cat_line *cl = (struct cat_line *)data;
	const struct cat_opts *o = cl->o;
	bool mid = cl->mid;
	int level, fac;
	size_t plen;

	if (len == 0)
		return 0;
	cl->mid = line[len - 1] != '\n';
	/* the rest of a long line goes where its start went: no prefix is read in it */
	if (mid)
		return cl->keep ? write_record_text(stdout, line, len, o->escape) : 0;
	plen = pstore_log_prefix_parse(line, len, &level, &fac);
	cl->keep = !(plen && o->levels && !(o->levels & (1u << level)));
	if (!cl->keep)
		return 0;
	if (plen && o->decode) {
		const char *fn = fac < (int)ARRAY_SIZE(facilities) ? facilities[fac] : "?";

		if (printf("%-6s:%-6s: ", fn, pstore_log_level_to_string(level)) < 0)
			return -EIO;
		line += plen;
		len -= plen;
	}
	return write_record_text(stdout, line, len, o->escape);
}

/* Where each record sits in the listing: to mark the parts of a dump done. */
struct rec_pos {
	const struct pstore_record *r;
	size_t k;
};

static int cmp_rec_pos(const void *a, const void *b)
{
	const struct rec_pos *x = a, *y = b;

	return (uintptr_t)x->r < (uintptr_t)y->r ? -1 : (uintptr_t)x->r > (uintptr_t)y->r;
}

static int cat_one(struct pstore_ctx *ctx, struct pstore_record *rec, unsigned flags,
		   const struct cat_opts *o)
{
	struct cat_line cl = { .o = o };
	const struct textout to = {
		.escape = o->escape,
		/* lines are looked at only when they must be */
		.line = o->decode || o->levels ? put_line : NULL,
		.data = &cl,
	};
	struct pstore_reader *rd = NULL;
	int r;

	r = pstore_record_open(ctx, rec, flags, &rd);
	if (r == -EBADMSG && (flags & PSTORE_READ_INFLATE))
		error_hint(" (--raw shows the bytes as stored)"); /* in no format we inflate */
	if (r < 0)
		return r;
	r = textout_copy(rd, &to);
	pstore_reader_free(rd);
	return r;
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "dir",       required_argument, NULL, 'd'           },
		{ "decode",    no_argument,       NULL, 'x'           },
		{ "level",     required_argument, NULL, 'l'           },
		{ "strip-ecc", no_argument,       NULL, OPT_STRIP_ECC },
		{ "raw",       no_argument,       NULL, 'r'           },
		{ "quiet",     no_argument,       NULL, 'q'           },
		{ "help",      no_argument,       NULL, 'h'           },
		BOOT_LONGOPTS,
		IMAGE_LONGOPTS,
		{}
	};
	struct cat_opts o = { 0 };
	const char *dir = NULL;
	struct pstore_source *src = NULL;
	struct pstore_record **recs = NULL;
	struct pstore_dump_index *dumps = NULL;
	struct rec_pos *pos = NULL;
	size_t n = 0, nsel = 0, nitems = 0;
	bool *sel = NULL, *done = NULL;
	int c, r, status = EXIT_OK;

	while ((c = getopt_long(argc, argv, "d:xl:rRqh", longopts, NULL)) != -1) {
		if (boot_opts_parse(&boot_source, c, optarg))
			continue;
		if ((r = image_opts_parse(&image_source, c, optarg)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 'x':
			o.decode = true;
			break;
		case 'l':
			if (opt_each(optarg, add_level, &o.levels) < 0)
				return EXIT_USAGE;
			break;
		case OPT_STRIP_ECC:
			o.strip_ecc = true;
			break;
		case 'r': /* -r/--raw, as in every verb: output not formatted or decoded */
		case 'R': /* the old spelling */
			o.raw = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		default:
			return help_or_usage_error(c, usage);
		}
	}
	if (o.raw && (o.decode || o.levels || o.strip_ecc))
		return usage_error("--raw gives the bytes as stored: it does not go with "
				   "--decode, --level or --strip-ecc");
	o.escape = isatty(STDOUT_FILENO);

	r = open_records(ctx, dir, &src, &recs, &n);
	if (r < 0)
		return lib_error(ctx, r);
	sel = calloc(n + 1, sizeof(*sel));
	done = calloc(n + 1, sizeof(*done));
	pos = calloc(n + 1, sizeof(*pos));
	if (!sel || !done || !pos) {
		status = lib_error(ctx, -ENOMEM);
		goto out;
	}
	for (size_t k = 0; k < n; k++)
		pos[k] = (struct rec_pos){ recs[k], k };
	qsort(pos, n, sizeof(*pos), cmp_rec_pos);
	/* the parts of every dump found once: a listing of 10,000 records is not 10,000^2 */
	if (!o.raw && (r = pstore_dump_index_new(recs, n, &dumps)) < 0) {
		status = lib_error(ctx, r);
		goto out;
	}
	if (select_records(recs, n, argv + optind, (size_t)(argc - optind), sel))
		status = EXIT_FAIL;
	if (optind == argc)
		for (size_t k = 0; k < n; k++)
			sel[k] = true;
	for (size_t k = 0; k < n; k++)
		nsel += sel[k];

	for (size_t k = 0; k < n; k++) {
		struct pstore_record **parts = NULL;
		size_t np = 0;

		if (!sel[k] || done[k])
			continue;
		if (o.raw) {
			parts = calloc(1, sizeof(*parts));
			if (!parts) {
				status = lib_error(ctx, -ENOMEM);
				break;
			}
			parts[0] = pstore_record_ref(recs[k]);
			np = 1;
		} else {
			r = pstore_dump_index_parts(dumps, recs[k], &parts, &np);
			if (r < 0) {
				status = lib_error(ctx, r);
				break;
			}
		}
		if (!o.quiet && nsel > 1) {
			tprintf(stdout, "%s==> %s <==\n", nitems ? "\n" : "",
				pstore_record_get_name(recs[k]));
			nitems++;
		}
		for (size_t p = 0; p < np; p++) {
			unsigned flags = o.raw ? 0 : PSTORE_READ_INFLATE;
			struct rec_pos *at = bsearch(&(struct rec_pos){ parts[p], 0 }, pos, n,
						     sizeof(*pos), cmp_rec_pos);

			if (o.strip_ecc)
				flags |= PSTORE_READ_STRIP_ECC;
			if (p > 0)
				flags |= PSTORE_READ_STRIP_HEADER;
			if (at)
				done[at->k] = true;
			r = cat_one(ctx, parts[p], flags, &o);
			if (r == -EPIPE || (r == -EIO && errno == EPIPE)) {
				pstore_record_list_free(parts, np);
				goto out;
			}
			if (r < 0 && write_error_seen()) { /* said once; the rest would fail too */
				status = EXIT_FAIL;
				pstore_record_list_free(parts, np);
				goto out;
			}
			if (r < 0) {
				fflush(stdout);
				lib_error(ctx, r); /* it names the record, or says write */
				status = EXIT_FAIL;
			}
			pstore_clear_error(ctx);
		}
		pstore_record_list_free(parts, np);
	}
out:
	pstore_dump_index_free(dumps);
	free(pos);
	free(sel);
	free(done);
	close_records(src, recs, n);
	return status;
}

const struct pstorectl_cmd cmd_cat = {
	.name = "cat",
	.help = "print records",
	.run = run,
};
