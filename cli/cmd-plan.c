/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pstorectl plan: pick a free RAM region from /proc/iomem and lay out ramoops in it. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "planopts.h"
#include "pstorectl.h"

enum plan_format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_CMDLINE,
	FORMAT_MODPROBE,
	FORMAT_DTS,
};

static const char *const format_names[] = {
	[FORMAT_TEXT] = "text",
	[FORMAT_JSON] = "json",
	[FORMAT_CMDLINE] = "cmdline",
	[FORMAT_MODPROBE] = "modprobe",
	[FORMAT_DTS] = "dts",
};

enum {
	OPT_ALL = CHAR_MAX + 1,
	OPT_FORMAT,
};

/* --all: the free ranges */
enum { COL_START, COL_END, COL_SIZE, COL_RAM };
static const struct out_column free_cols[] = {
	[COL_START] = { "START", 0.2, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "start address" },
	[COL_END] = { "END", 0.2, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "end address (exclusive)" },
	[COL_SIZE] = { "SIZE", 0.1, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "size" },
	[COL_RAM] = { "RAM", 0.3, 0, SCOLS_JSON_STRING, "the RAM range it lies in" },
};

/*
 * The exclusive end start + size, which is 2^64 for a range that ends at the top of the
 * address space: as hex ("0x10000000000000000") or as a decimal JSON number.
 */
static const char *end_str(uint64_t start, uint64_t size, bool decimal, char *buf, size_t len)
{
	if (size && start + size == 0)
		snprintf(buf, len, "%s", decimal ? "18446744073709551616" : "0x10000000000000000");
	else if (decimal)
		snprintf(buf, len, "%" PRIu64, start + size);
	else
		snprintf(buf, len, "0x%" PRIx64, start + size);
	return buf;
}

static void help(void)
{
	fputs("Usage: pstorectl plan [OPTIONS]\n"
	      "\n"
	      "Find a free region of RAM for ramoops in /proc/iomem (or the --iomem FILE),\n"
	      "lay out the ramoops zones in it with the kernel's own rules and print the\n"
	      "result.\n"
	      "\n"
	      "Options:\n"
	      "      --all              list every free range instead of choosing one\n"
	      "      --format FORMAT    text (default), json, cmdline, modprobe, dts\n"
	      "  -J, --json             same as --format json (with --all: the table as JSON)\n"
	      "      --cpus N           CPUs the per-CPU ftrace zones are split over (default 1)\n"
	      "      --kernel VERSION   lay out zones as this kernel does (e.g. 6.1; default:\n"
	      "                         the newest rules)\n"
	      "  -h, --help             show this help\n",
	      stdout);
	plan_opts_help_select(stdout);
	plan_opts_help_layout(stdout);
	out_help(stdout, free_cols, ARRAY_SIZE(free_cols));
	fputs("  (columns of --all)\n", stdout);
}

/* The ramoops.* (or modprobe option) words, every size explicit, after a space. */
static int print_params(FILE *f, const struct pstore_layout_params *p, const char *prefix)
{
	_cleanup_free_ char *s = NULL;
	int r = pstore_ramoops_options(p, prefix, &s);

	if (r < 0)
		return r;
	fprintf(f, " %s", s);
	return 0;
}

static void print_memmap(FILE *f, const struct pstore_range *r)
{
	fprintf(f, "memmap=0x%" PRIx64 "$0x%" PRIx64, r->size, r->start);
}

static int print_cmdline(const struct pstore_range *r, const struct pstore_layout *l)
{
	print_memmap(stdout, r);
	if (print_params(stdout, pstore_layout_get_params(l), "ramoops.") < 0)
		return -ENOMEM;
	fputc('\n', stdout);
	warnx_("note: '$' must survive the boot loader: in /etc/default/grub write it as "
	       "'\\\\\\$' (GRUB_CMDLINE_LINUX=\"memmap=0x%" PRIx64 "\\\\\\$0x%" PRIx64
	       " ...\"), in grub.cfg as '\\$'",
	       r->size, r->start);
	return 0;
}

static int print_modprobe(const struct pstore_range *r, const struct pstore_layout *l)
{
	fputs("# /etc/modprobe.d/ramoops.conf: the memory must still be reserved at boot, with ", stdout);
	print_memmap(stdout, r);
	fputs(" on the kernel command line (or a /reserved-memory node)\n", stdout);
	fputs("options ramoops", stdout);
	if (print_params(stdout, pstore_layout_get_params(l), "") < 0)
		return -ENOMEM;
	fputc('\n', stdout);
	return 0;
}

/* @s as one shell word: as is when it is plain, else in single quotes. */
static void put_shell_word(FILE *f, const char *s)
{
	if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			   "@%+=:,./_-") == strlen(s)) {
		fputs(s, f);
		return;
	}
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

/*
 * The pstorectl dts command that makes the node of this layout, every value explicit and
 * rounded as the kernel rounds it: with @dtb, `dts --patch DTB --output DTB-ramoops.dtb`.
 */
static int print_dts_command(FILE *f, const struct pstore_layout_params *p, const char *dtb,
			     bool replace)
{
	_cleanup_free_ char *out = NULL;

	fputs("pstorectl dts", f);
	if (dtb) {
		size_t n = strlen(dtb);

		if (n > 4 && streq(dtb + n - 4, ".dtb"))
			n -= 4;
		if (asprintf(&out, "%.*s-ramoops.dtb", (int)n, dtb) < 0)
			return -ENOMEM;
		fputs(" --patch ", f);
		put_shell_word(f, dtb);
		fputs(" --output ", f);
		put_shell_word(f, out);
		if (replace)
			fputs(" --replace", f);
	}
	fprintf(f, " --address 0x%" PRIx64 " --size 0x%" PRIx64, p->mem_address, p->mem_size);
	fprintf(f, " --record-size 0x%" PRIx64 " --console-size 0x%" PRIx64
		   " --pmsg-size 0x%" PRIx64,
		p->record_size, p->console_size, p->pmsg_size);
	/* --replace keeps what the old node had unless an option says otherwise */
	if (p->ftrace_size || replace)
		fprintf(f, " --ftrace-size 0x%" PRIx64, p->ftrace_size);
	if (p->ecc_size || replace)
		fprintf(f, " --ecc %" PRIu32, p->ecc_size);
	if (p->max_reason >= 0)
		fprintf(f, " --max-reason %" PRId32, p->max_reason);
	if (p->mem_type >= 0)
		fprintf(f, " --mem-type %" PRId32, p->mem_type);
	if (p->flags || replace)
		fprintf(f, " --flags 0x%" PRIx32, p->flags);
	return ferror(f) ? -EIO : 0;
}

static void zone_label(const struct pstore_zone *z, unsigned cnt, char *buf, size_t len)
{
	const char *t = pstore_zone_type_to_string(z->type);

	if (cnt > 1)
		snprintf(buf, len, "%s %u", t, z->index);
	else
		snprintf(buf, len, "%s", t);
}

static unsigned type_count(const struct pstore_layout *l, enum pstore_zone_type t)
{
	unsigned n = 0;

	for (size_t i = 0; i < pstore_layout_zone_count(l); i++)
		n += pstore_layout_get_zone(l, i)->type == t;
	return n;
}

static int print_text(const struct pstore_range *r, const struct pstore_memmap *m,
		      size_t ram_idx, const struct pstore_layout *l, bool validated,
		      const char *dtb, bool dtb_has_ramoops)
{
	const struct pstore_layout_params *p = pstore_layout_get_params(l);
	size_t nz = pstore_layout_zone_count(l);
	char s1[SIZE_BUFLEN], s2[SIZE_BUFLEN];
	struct pstore_range ram;
	uint64_t ramlast;
	const char *ramname = NULL;

	printf("Region:  0x%" PRIx64 "-0x%" PRIx64 " (%s)%s\n", r->start,
	       r->start + r->size - 1, format_size(r->size, false, s1, sizeof(s1)),
	       validated ? ", free" : "");
	if (pstore_memmap_get_ram(m, ram_idx, &ram, &ramname) == 0 &&
	    pstore_memmap_get_ram_last(m, ram_idx, &ramlast) == 0)
		printf("         inside %s 0x%" PRIx64 "-0x%" PRIx64 "\n", ramname, ram.start,
		       ramlast);
	printf("Zones:   %u dmesg", pstore_layout_dump_records(l));
	if (p->console_size)
		printf(", console %s", format_size(p->console_size, false, s1, sizeof(s1)));
	if (p->pmsg_size)
		printf(", pmsg %s", format_size(p->pmsg_size, false, s1, sizeof(s1)));
	if (p->ftrace_size)
		printf(", ftrace %s", format_size(p->ftrace_size, false, s1, sizeof(s1)));
	if (p->ecc_size)
		printf(", ECC %u bytes per 128-byte block", p->ecc_size);
	else
		printf(", no ECC");
	printf("\n\n");

	printf("%-12s %-12s %8s %8s %10s\n", "ZONE", "START", "OFFSET", "SIZE", "USABLE");
	for (size_t i = 0; i < nz; i++) {
		const struct pstore_zone *z = pstore_layout_get_zone(l, i);
		unsigned cnt = type_count(l, z->type);
		size_t j = i;
		char lab[48];

		/* a run of equal dmesg zones reads better as one line (-v shows them all) */
		if (z->type == PSTORE_ZONE_DMESG && G.verbose == 0) {
			while (j + 1 < nz && pstore_layout_get_zone(l, j + 1)->type == z->type &&
			       pstore_layout_get_zone(l, j + 1)->size == z->size)
				j++;
		}
		if (j > i)
			snprintf(lab, sizeof(lab), "%s %u-%u", pstore_zone_type_to_string(z->type),
				 z->index, pstore_layout_get_zone(l, j)->index);
		else
			zone_label(z, cnt, lab, sizeof(lab));
		printf("%-12s 0x%-10" PRIx64 " %#8" PRIx64 " %8s %10" PRIu64 "%s\n", lab, z->start,
		       z->start - p->mem_address, format_size(z->size, false, s2, sizeof(s2)),
		       z->usable, j > i ? "  each" : "");
		i = j;
	}

	if (dtb) {
		/* A region chosen from a DTB goes into that DTB: the command, ready to paste. */
		printf("\nInto this device tree:\n  ");
		if (print_dts_command(stdout, p, dtb, dtb_has_ramoops) < 0)
			return -ENOMEM;
		fputc('\n', stdout);
		return 0;
	}
	printf("\nWithout a device tree (x86), on the kernel command line:\n  ");
	print_memmap(stdout, r);
	if (print_params(stdout, p, "ramoops.") < 0)
		return -ENOMEM;
	printf("\n  (in /etc/default/grub write '$' as '\\\\\\$')\n");
	printf("With a device tree, the node for /reserved-memory:\n  ");
	if (print_dts_command(stdout, p, NULL, false) < 0)
		return -ENOMEM;
	fputc('\n', stdout);
	return 0;
}

/* Free ranges clipped to the --above/--below window; fits = an aligned region fits. */
struct cand {
	struct pstore_range r;
	size_t ram;
};

static int candidates(const struct pstore_memmap *m, const struct pstore_plan_request *req,
		      bool only_fitting, struct cand **ret, size_t *ret_n)
{
	struct pstore_range *fr = NULL;
	size_t *ram = NULL, n = 0, k = 0;
	struct cand *out;
	int r;

	r = pstore_memmap_free_ranges_ram(m, &fr, &ram, &n);
	if (r < 0)
		return r;
	out = calloc(n ? n : 1, sizeof(*out));
	if (!out) {
		free(fr);
		free(ram);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t s = fr[i].start, e = fr[i].start + (fr[i].size - 1); /* inclusive */

		if (req->has_above && s < req->above)
			s = req->above;
		if (req->has_below) {
			if (req->below == 0)
				continue;
			if (e > req->below - 1)
				e = req->below - 1;
		}
		if (s > e)
			continue;
		if (only_fitting) {
			uint64_t a = s;

			if (a % req->align) {
				if (a > UINT64_MAX - req->align)
					continue;
				a += req->align - a % req->align;
			}
			if (a > e || e - a < req->size - 1)
				continue;
		}
		out[k++] = (struct cand){ { s, e - s + 1 }, ram[i] };
	}
	free(fr);
	free(ram);
	*ret = out;
	*ret_n = k;
	return 0;
}

static int print_json(const struct pstore_range *r, const struct pstore_layout *l,
		      const struct cand *c, size_t nc)
{
	const struct pstore_layout_params *p = pstore_layout_get_params(l);
	char end[32];
	struct json j;

	json_init(&j, stdout);
	json_open(&j, NULL);
	json_open(&j, "region");
	json_u64(&j, "start", r->start);
	json_u64(&j, "size", r->size);
	json_number(&j, "end", end_str(r->start, r->size, true, end, sizeof(end)));
	json_close(&j);

	json_open(&j, "layout");
	json_u64(&j, "mem_address", p->mem_address);
	json_u64(&j, "mem_size", p->mem_size);
	json_u64(&j, "record_size", p->record_size);
	json_u64(&j, "console_size", p->console_size);
	json_u64(&j, "pmsg_size", p->pmsg_size);
	json_u64(&j, "ftrace_size", p->ftrace_size);
	json_u64(&j, "ecc_size", p->ecc_size);
	json_u64(&j, "dump_records", pstore_layout_dump_records(l));
	if (p->max_reason >= 0)
		json_i64(&j, "max_reason", p->max_reason);
	else
		json_null(&j, "max_reason");
	if (p->mem_type >= 0)
		json_i64(&j, "mem_type", p->mem_type);
	else
		json_null(&j, "mem_type");
	json_u64(&j, "flags", p->flags);
	json_open_array(&j, "zones");
	for (size_t i = 0; i < pstore_layout_zone_count(l); i++) {
		const struct pstore_zone *z = pstore_layout_get_zone(l, i);

		json_open(&j, NULL);
		json_str(&j, "type", pstore_zone_type_to_string(z->type));
		json_u64(&j, "index", z->index);
		json_u64(&j, "start", z->start);
		json_u64(&j, "size", z->size);
		json_u64(&j, "usable", z->usable);
		json_close(&j);
	}
	json_close_array(&j);
	json_close(&j);

	json_open_array(&j, "candidates");
	for (size_t i = 0; i < nc; i++) {
		json_open(&j, NULL);
		json_u64(&j, "start", c[i].r.start);
		json_u64(&j, "size", c[i].r.size);
		json_close(&j);
	}
	json_close_array(&j);

	json_open_array(&j, "warnings");
	for (size_t i = 0; i < pstore_layout_warning_count(l); i++)
		json_str(&j, NULL, pstore_layout_get_warning(l, i));
	json_close_array(&j);
	json_close(&j);
	return json_finish(&j);
}

static int list_all(struct pstore_ctx *ctx, struct plan_opts *po, const struct out_opts *oo)
{
	struct pstore_memmap *m = NULL;
	struct out_table t;
	struct cand *c = NULL;
	size_t nc = 0;
	int r;

	r = plan_opts_load_map(ctx, po, &m);
	if (r)
		return r;
	r = candidates(m, &po->req, false, &c, &nc);
	if (r < 0) {
		pstore_memmap_free(m);
		warnx_("%s", strerror(-r));
		return EXIT_FAIL;
	}
	r = out_table_init(&t, free_cols, ARRAY_SIZE(free_cols), "START,END,SIZE,RAM", oo,
			   "regions");
	if (r) {
		free(c);
		pstore_memmap_free(m);
		out_table_free(&t);
		return r > 0 ? r : EXIT_FAIL;
	}
	for (size_t i = 0; i < nc; i++) {
		struct libscols_line *ln = out_table_line(&t);
		const char *name = NULL;
		char end[32];

		if (!ln)
			break;
		pstore_memmap_get_ram(m, c[i].ram, NULL, &name);
		out_set_hex(&t, ln, COL_START, c[i].r.start);
		out_set(&t, ln, COL_END, end_str(c[i].r.start, c[i].r.size, oo->json, end, sizeof(end)));
		out_set_size(&t, ln, COL_SIZE, c[i].r.size);
		out_set(&t, ln, COL_RAM, name);
	}
	free(c);
	pstore_memmap_free(m);
	r = out_table_print(&t);
	if (r < 0) {
		write_error(r);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* Index of the RAM range holding the region (the memory map's rule), or SIZE_MAX. */
static size_t ram_of(const struct pstore_memmap *m, const struct pstore_range *r)
{
	size_t i;

	return pstore_memmap_find_ram(m, r, &i) == 0 ? i : SIZE_MAX;
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "all",     no_argument,       NULL, OPT_ALL },
		{ "format",  required_argument, NULL, OPT_FORMAT },
		{ "cpus",    required_argument, NULL, OPT_PLAN_FTRACE_CPUS },
		{ "kernel",  required_argument, NULL, OPT_PLAN_KERNEL },
		{ "help",    no_argument,       NULL, 'h' },
		OUT_LONGOPTS,
		PLAN_SELECT_LONGOPTS,
		PLAN_LAYOUT_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	enum plan_format fmt = FORMAT_TEXT;
	bool all = false, fmt_set = false;
	struct plan_opts po;
	struct out_opts oo = { 0 };
	struct pstore_memmap *m = NULL;
	struct pstore_layout *l = NULL;
	struct pstore_range region;
	struct cand *c = NULL;
	size_t nc = 0;
	int ch, r, ret = EXIT_OK;

	plan_opts_init(&po);
	while ((ch = getopt_long(argc, argv, "h" OUT_SHORTOPTS, longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			help();
			return EXIT_OK;
		case OPT_ALL:
			all = true;
			break;
		case OPT_FORMAT: {
			size_t i;

			for (i = 0; i < ARRAY_SIZE(format_names); i++)
				if (streq(optarg, format_names[i]))
					break;
			if (i == ARRAY_SIZE(format_names))
				return usage_error("--format: '%s' is not one of: text, json, cmdline, modprobe, dts",
						   optarg);
			fmt = (enum plan_format)i;
			fmt_set = true;
			break;
		}
		default:
			if (out_parse_opt(&oo, ch, optarg))
				break;
			r = plan_opts_parse(&po, ch, optarg);
			if (r < 0)
				return EXIT_USAGE;
			if (r == 0)
				return usage_error("unknown option");
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (po.dtb && (po.set & PLAN_SET_INITRD_ROOM))
		return usage_error("--initrd-room applies to /proc/iomem or --iomem, not to --dtb");
	if (oo.json) {
		if (fmt_set && fmt != FORMAT_JSON)
			return usage_error("--json and --format %s contradict each other",
					   format_names[fmt]);
		fmt = FORMAT_JSON;
	}
	if (all) {
		if (fmt_set && fmt != FORMAT_JSON && fmt != FORMAT_TEXT)
			return usage_error("--all lists free ranges: --format %s does not apply",
					   format_names[fmt]);
		if (po.req.has_address)
			return usage_error("--all and --address exclude each other");
		oo.json = fmt == FORMAT_JSON;
		return list_all(ctx, &po, &oo);
	}
	if (oo.output || oo.output_all || oo.raw || oo.noheadings || oo.bytes)
		return usage_error("-o, --output-all, -r, -n and -b apply to --all only");

	/* the module-parameter path always splits ftrace per CPU (ram.c) */
	if (fmt == FORMAT_CMDLINE || fmt == FORMAT_MODPROBE)
		po.layout.flags |= PSTORE_RAMOOPS_FLAG_FTRACE_PER_CPU;

	/* --format dts asks the DTB for its cells, text whether it has a ramoops node
	 * already: read it once for every question. */
	if (po.dtb) {
		r = pstore_dtb_read(ctx, po.dtb, &po.dtb_read);
		if (r < 0)
			return lib_error(ctx, r);
	}
	r = plan_opts_choose_map(ctx, &po, &region, &m);
	if (r) {
		pstore_dtb_free(po.dtb_read);
		return r;
	}
	r = pstore_layout_compute_for(ctx, &po.layout, po.kernel_version, &l);
	if (r < 0) {
		ret = lib_error_what(ctx, r, "layout");
		goto out;
	}

	/* Every format carries the layout's values (rounded as the kernel rounds them), and
	 * its warnings go to stderr whatever the format: stdout stays what the user pastes. */
	warn_layout(l, NULL);
	switch (fmt) {
	case FORMAT_TEXT:
		if (po.dtb_read) {
			struct pstore_dt_node **old = NULL;

			r = pstore_dtb_find_ramoops(ctx, po.dtb_read, &old);
			if (r >= 0)
				pstore_dt_node_list_free(old, (size_t)r);
			if (r < 0) {
				ret = lib_error_what(ctx, r, po.dtb);
				goto out;
			}
		}
		/* an existing ramoops node is replaced: only one can probe */
		if (print_text(&region, m, ram_of(m, &region), l, po.req.has_address, po.dtb,
			       po.dtb_read && r > 0) < 0)
			goto oom;
		break;
	case FORMAT_JSON:
		r = candidates(m, &po.req, true, &c, &nc);
		if (r < 0) {
			warnx_("%s", strerror(-r));
			ret = EXIT_FAIL;
			goto out;
		}
		if (po.req.has_address) {
			/* the candidate is the user's own region */
			nc = 1;
			c[0] = (struct cand){ region, ram_of(m, &region) };
		}
		print_json(&region, l, c, nc);
		break;
	case FORMAT_CMDLINE:
		if (print_cmdline(&region, l) < 0)
			goto oom;
		break;
	case FORMAT_MODPROBE:
		if (print_modprobe(&region, l) < 0)
			goto oom;
		break;
	case FORMAT_DTS: {
		/* The node `pstorectl dts` prints for this choice; cells from --dtb. */
		struct pstore_dt_node *dn = NULL;
		char *src = NULL;

		r = pstore_dt_node_new(&dn);
		if (r == 0 && po.dtb_read) {
			unsigned ac, sc;
			bool have_parent;

			r = pstore_dtb_cells(ctx, po.dtb_read, &ac, &sc, &have_parent);
			if (r == 0) {
				pstore_dt_node_set_cells(dn, ac, sc);
				pstore_dt_node_set_bool(dn, PSTORE_DT_HAVE_PARENT, have_parent);
			}
		}
		if (r == 0) /* the layout's values: rounded as the kernel rounds them */
			pstore_dt_node_from_layout(dn, pstore_layout_get_params(l));
		if (r == 0)
			r = pstore_dt_node_check(ctx, dn, NULL);
		if (r == 0)
			r = pstore_dt_node_source(ctx, dn, PSTORE_DT_FORMAT_NODE, &src);
		pstore_dt_node_free(dn);
		if (r < 0) {
			ret = lib_error_what(ctx, r, po.dtb ? po.dtb : "dts");
			goto out;
		}
		fputs(src, stdout);
		free(src);
		break;
	}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		write_error(errno);
		ret = EXIT_FAIL;
	}
	goto out;
oom:
	warnx_("%s", strerror(ENOMEM));
	ret = EXIT_FAIL;
out:
	free(c);
	pstore_layout_free(l);
	pstore_memmap_free(m);
	pstore_dtb_free(po.dtb_read);
	return ret;
}

const struct pstorectl_cmd cmd_plan = {
	.name = "plan",
	.help = "pick a free RAM region and lay out ramoops in it",
	.run = run,
};
