/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Output shared by every subcommand: messages, option values, sizes, tables, JSON. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pstorectl.h"

/* ---- messages ---- */

static void vmsg(const char *fmt, va_list ap)
{
	fputs("pstorectl: ", stderr);
	if (G.verb)
		fprintf(stderr, "%s: ", G.verb);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void warnx_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	if (G.verb)
		fprintf(stderr, "Try 'pstorectl %s --help'.\n", G.verb);
	else
		fputs("Try 'pstorectl --help'.\n", stderr);
	return EXIT_USAGE;
}

/* What the CLI adds after the library's next error message: its own way out. */
static const char *err_hint;

void error_hint(const char *hint)
{
	err_hint = hint;
}

const char *error_hint_take(void)
{
	const char *hint = err_hint ? err_hint : "";

	err_hint = NULL;
	return hint;
}

int lib_error(struct pstore_ctx *ctx, int err)
{
	const char *msg = pstore_errmsg(ctx);
	const char *hint = error_hint_take();

	if (msg)
		warnx_("%s%s", msg, hint);
	else
		warnx_("%s%s", strerror(err < 0 ? -err : err), hint);
	return EXIT_FAIL;
}

int lib_error_what(struct pstore_ctx *ctx, int err, const char *what)
{
	const char *msg = pstore_errmsg(ctx);
	const char *hint = error_hint_take();

	warnx_("%s: %s%s", what, msg ? msg : strerror(err < 0 ? -err : err), hint);
	return EXIT_FAIL;
}

/* ---- option values ---- */

int opt_size(const char *opt, const char *arg, uint64_t *ret)
{
	int r = pstore_parse_size(arg, ret);

	if (r == -ERANGE)
		return usage_error("--%s: '%s' is too large", opt, arg), -1;
	if (r < 0)
		return usage_error("--%s: '%s' is not a size (e.g. 4096, 0x1000, 64K, 1M)", opt,
				   arg),
		       -1;
	return 0;
}

int opt_u64(const char *opt, const char *arg, uint64_t *ret)
{
	int r = pstore_parse_u64(arg, ret);

	if (r == -ERANGE)
		return usage_error("--%s: '%s' is too large", opt, arg), -1;
	if (r < 0)
		return usage_error("--%s: '%s' is not a number", opt, arg), -1;
	return 0;
}

int opt_int(const char *opt, const char *arg, long min, long max, long *ret)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 0);
	if (errno || end == arg || *end || v < min || v > max)
		return usage_error("--%s: '%s' is not a number from %ld to %ld", opt, arg, min,
				   max),
		       -1;
	*ret = v;
	return 0;
}

int parse_color(const char *arg)
{
	if (!arg || streq(arg, "always"))
		G.color = COLOR_ALWAYS;
	else if (streq(arg, "never"))
		G.color = COLOR_NEVER;
	else if (streq(arg, "auto"))
		G.color = COLOR_AUTO;
	else
		return usage_error("--color: '%s' is not auto, always or never", arg);
	return 0;
}

bool color_wanted(FILE *f)
{
	const char *nc;

	switch (G.color) {
	case COLOR_ALWAYS:
		return true;
	case COLOR_NEVER:
		return false;
	case COLOR_AUTO:
		break;
	}
	nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	return isatty(fileno(f));
}

char *format_size(uint64_t size, bool bytes, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	unsigned i = 0;
	uint64_t div = 1024;

	if (bytes || size < 1024) {
		snprintf(buf, len, "%" PRIu64, size);
		return buf;
	}
	while (i + 1 < sizeof(units) - 1 && size / div >= 1024) {
		div *= 1024;
		i++;
	}
	if (size % div == 0)
		snprintf(buf, len, "%" PRIu64 "%c", size / div, units[i]);
	else
		snprintf(buf, len, "%.1f%c", (double)size / (double)div, units[i]);
	return buf;
}

/*
 * Length of the valid UTF-8 sequence at @s (2..4 bytes), or 0 when it is invalid or a C1
 * control (U+0080..U+009F): the Linux console and xterm act on those as on ESC [.
 */
static size_t utf8_printable_len(const unsigned char *s, size_t len)
{
	unsigned c = s[0], cp, min;
	size_t n;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2, cp = c & 0x1f, min = 0xa0;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3, cp = c & 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4, cp = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

const char *format_time(int64_t sec, char *buf, size_t len)
{
	time_t tt = (time_t)sec;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return NULL;
	return buf;
}

void warn_layout(const struct pstore_layout *l, const char *what)
{
	for (size_t i = 0; i < pstore_layout_warning_count(l); i++)
		warnx_("warning: %s%s%s", what ? what : "", what ? ": " : "",
		       pstore_layout_get_warning(l, i));
}

int write_record_text(FILE *f, const char *buf, size_t len, bool escape)
{
	const unsigned char *b = (const unsigned char *)buf;
	size_t i = 0, run = 0, n;

	if (!escape) {
		if (len && fwrite(buf, 1, len, f) != len)
			return -EIO;
		return 0;
	}
	/*
	 * Runs of safe bytes go out at once; C0 controls but newline and tab, DEL, C1 controls
	 * (raw 0x80..0x9f or UTF-8) and invalid UTF-8 are shown as \xNN. A character split
	 * across two calls is shown escaped.
	 */
	while (i < len) {
		unsigned char c = b[i];

		if ((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t') {
			i++;
			continue;
		}
		if (c >= 0x80 && (n = utf8_printable_len(b + i, len - i)) > 0) {
			i += n;
			continue;
		}
		if (i > run && fwrite(buf + run, 1, i - run, f) != i - run)
			return -EIO;
		if (fprintf(f, "\\x%02x", c) < 0)
			return -EIO;
		run = ++i;
	}
	if (len > run && fwrite(buf + run, 1, len - run, f) != len - run)
		return -EIO;
	return 0;
}

/* ---- records ---- */

int open_records(struct pstore_ctx *ctx, const char *dir, struct pstore_source **ret_src,
		 struct pstore_record ***ret_recs, size_t *ret_n)
{
	return open_records_all(ctx, dir, false, ret_src, ret_recs, ret_n);
}

int open_records_all(struct pstore_ctx *ctx, const char *dir, bool all_files,
		     struct pstore_source **ret_src, struct pstore_record ***ret_recs,
		     size_t *ret_n)
{
	struct pstore_source *src = NULL;
	int r;

	r = dir ? pstore_source_new_dir(ctx, dir, &src) : pstore_source_new_mount(ctx, &src);
	if (r == -ENOENT && !dir)
		/* the library says pstore is not mounted; the ways out are ours */
		error_hint("; run 'pstorectl mount' or read a copy with --dir");
	if (r < 0)
		return r;
	pstore_source_set_all_files(src, all_files);
	r = pstore_source_list(src, ret_recs, ret_n);
	if (r < 0) {
		pstore_source_unref(src);
		return r;
	}
	*ret_src = src;
	return 0;
}

void close_records(struct pstore_source *src, struct pstore_record **recs, size_t n)
{
	pstore_record_list_free(recs, n);
	pstore_source_unref(src);
}

size_t select_records(struct pstore_record **recs, size_t n, char *const *args, size_t nargs,
		      bool *sel)
{
	size_t unmatched = 0;

	for (size_t i = 0; i < nargs; i++) {
		bool found = false;

		for (size_t k = 0; k < n; k++)
			if (pstore_record_matches(recs[k], args[i]))
				found = sel[k] = true;
		if (found)
			continue;
		if (pstore_type_from_string(args[i]) >= 0)
			warnx_("%s: no record of this type", args[i]);
		else
			warnx_("%s: no such record", args[i]);
		unmatched++;
	}
	return unmatched;
}

/* ---- tables ---- */

bool out_parse_opt(struct out_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'J':
		o->json = true;
		return true;
	case 'o':
		o->output = arg;
		return true;
	case OPT_OUTPUT_ALL:
		o->output_all = true;
		return true;
	case 'r':
		o->raw = true;
		return true;
	case 'n':
		o->noheadings = true;
		return true;
	case 'b':
		o->bytes = true;
		return true;
	}
	return false;
}

void out_help(FILE *f, const struct out_column *cols, size_t ncols)
{
	fputs("\nOutput:\n"
	      "  -J, --json             use JSON output format\n"
	      "  -o, --output LIST      columns to show (+LIST adds to the default)\n"
	      "      --output-all       show all columns\n"
	      "  -r, --raw              use the raw output format\n"
	      "  -n, --noheadings       don't print headings\n"
	      "  -b, --bytes            print sizes in bytes rather than in human form\n"
	      "\nAvailable output columns:\n",
	      f);
	for (size_t i = 0; i < ncols; i++)
		fprintf(f, "  %12s  %s\n", cols[i].name, cols[i].help);
}

static int col_by_name(const struct out_column *cols, size_t ncols, const char *name,
		       size_t len)
{
	for (size_t i = 0; i < ncols; i++)
		if (strlen(cols[i].name) == len && strncasecmp(cols[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

static int add_columns(struct out_table *t, const char *list)
{
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ",");
		int ci = col_by_name(t->cols, t->ncols, p, len);

		if (ci < 0)
			return usage_error("--output: unknown column '%.*s'", (int)len, p), -1;
		if (t->rmap[ci] < 0 && t->nshown < ARRAY_SIZE(t->map)) {
			t->rmap[ci] = (int)t->nshown;
			t->map[t->nshown++] = ci;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

int out_table_init(struct out_table *t, const struct out_column *cols, size_t ncols,
		   const char *default_cols, const struct out_opts *o, const char *json_root)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->ncols = ncols;
	t->opts = o;
	for (size_t i = 0; i < ARRAY_SIZE(t->rmap); i++)
		t->rmap[i] = -1;

	if (o->output_all) {
		for (size_t i = 0; i < ncols; i++) {
			t->rmap[i] = (int)i;
			t->map[t->nshown++] = (int)i;
		}
	} else if (o->output && o->output[0] != '+') {
		if (add_columns(t, o->output) < 0)
			return EXIT_USAGE;
	} else {
		if (add_columns(t, default_cols) < 0 ||
		    (o->output && add_columns(t, o->output + 1) < 0))
			return EXIT_USAGE;
	}

	t->tb = scols_new_table();
	if (!t->tb)
		return -ENOMEM;
	scols_table_enable_json(t->tb, o->json);
	scols_table_set_name(t->tb, json_root);
	scols_table_enable_raw(t->tb, o->raw);
	scols_table_enable_noheadings(t->tb, o->noheadings);
	scols_table_enable_colors(t->tb, color_wanted(stdout));
	for (size_t i = 0; i < t->nshown; i++) {
		const struct out_column *c = &cols[t->map[i]];
		struct libscols_column *cl;

		cl = scols_table_new_column(t->tb, c->name, c->whint, c->flags);
		if (!cl)
			return -ENOMEM;
		if (o->json) {
			int jt = c->json_type;

			/* Human sizes are strings; with JSON, sizes are always numbers. */
			scols_column_set_json_type(cl, jt);
		}
	}
	return 0;
}

struct libscols_line *out_table_line(struct out_table *t)
{
	return scols_table_new_line(t->tb, NULL);
}

int out_set(struct out_table *t, struct libscols_line *ln, int ci, const char *data)
{
	if (ci < 0 || (size_t)ci >= t->ncols || t->rmap[ci] < 0)
		return 0;
	if (!data)
		data = t->opts->json ? "" : (t->opts->raw ? "" : "-");
	return scols_line_set_data(ln, (size_t)t->rmap[ci], data);
}

int out_set_u64(struct out_table *t, struct libscols_line *ln, int ci, uint64_t v)
{
	char buf[SIZE_BUFLEN];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	return out_set(t, ln, ci, buf);
}

int out_set_hex(struct out_table *t, struct libscols_line *ln, int ci, uint64_t v)
{
	char buf[SIZE_BUFLEN];

	/* JSON numbers are numbers: addresses too. */
	if (t->opts->json)
		return out_set_u64(t, ln, ci, v);
	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	return out_set(t, ln, ci, buf);
}

int out_set_size(struct out_table *t, struct libscols_line *ln, int ci, uint64_t v)
{
	char buf[SIZE_BUFLEN];

	return out_set(t, ln, ci, format_size(v, t->opts->bytes || t->opts->json, buf,
					      sizeof(buf)));
}

int out_set_bool(struct out_table *t, struct libscols_line *ln, int ci, bool v)
{
	/* libsmartcols prints a JSON boolean false only for "0", "N", "n" or empty. */
	if (t->opts->json)
		return out_set(t, ln, ci, v ? "1" : "0");
	return out_set(t, ln, ci, v ? "yes" : "no");
}

/* The display width of s when it is printable ASCII (1 column a byte), else -1. */
static ssize_t plain_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!p)
		return 0;
	for (; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return -1;
	return (ssize_t)(p - (const unsigned char *)s);
}

/*
 * A fast path for the common case of a long listing into a pipe or a file: a human table,
 * not on a terminal, without colours, of printable ASCII only. libsmartcols spends most of
 * `ls` of 10,000 records measuring and escaping each cell character by character through
 * mbrtowc/wcwidth; for that case its output is simple, and printed here byte for byte the
 * same (tests/cli/test-output-fast.sh compares both): no width reduction off a terminal, a
 * column as wide as its widest cell, at least its header, and widened to an absolute width
 * hint when the cells are wider than the header but narrower than the hint; one space
 * between columns, the last one unpadded unless it is right-aligned.
 * Returns 1 when printed, 0 when libsmartcols must print the table, or -errno.
 */
static int print_plain(struct out_table *t)
{
	const int plain_flags = SCOLS_FL_RIGHT | SCOLS_FL_NOEXTREMES | SCOLS_FL_TRUNC |
				SCOLS_FL_WRAP;
	size_t width[ARRAY_SIZE(t->map)], ncols = t->nshown, linecap = 0;
	struct libscols_iter *itr;
	struct libscols_line *ln;
	char *line = NULL;
	int r = 0;

	if (t->opts->json || t->opts->raw || ncols == 0 || scols_table_is_empty(t->tb) ||
	    scols_table_get_ncols(t->tb) != ncols || scols_table_colors_wanted(t->tb) ||
	    isatty(STDOUT_FILENO))
		return 0;
	for (size_t i = 0; i < ncols; i++) {
		const struct out_column *c = &t->cols[t->map[i]];
		ssize_t hw = plain_width(c->name);

		if ((c->flags & ~plain_flags) || hw < 0)
			return 0;
		width[i] = hw > 0 ? (size_t)hw : 1;
	}

	itr = scols_new_iter(SCOLS_ITER_FORWARD);
	if (!itr)
		return -ENOMEM;
	/* widths; any cell that is not plain ASCII leaves the table to libsmartcols */
	{
		size_t cellw[ARRAY_SIZE(t->map)] = { 0 };

		while (scols_table_next_line(t->tb, itr, &ln) == 0) {
			for (size_t i = 0; i < ncols; i++) {
				struct libscols_cell *ce = scols_line_get_cell(ln, i);
				ssize_t w = plain_width(ce ? scols_cell_get_data(ce) : NULL);

				if (w < 0)
					goto fallback;
				if ((size_t)w > cellw[i])
					cellw[i] = (size_t)w;
			}
		}
		for (size_t i = 0; i < ncols; i++) {
			double hint = t->cols[t->map[i]].whint;
			size_t min = width[i];

			if (cellw[i] < min)
				width[i] = min;
			else if (hint >= 1 && cellw[i] < (size_t)hint && min < (size_t)hint)
				width[i] = (size_t)hint;
			else
				width[i] = cellw[i];
			linecap += width[i] + 1;
		}
	}
	line = malloc(linecap + 1);
	if (!line) {
		r = -ENOMEM;
		goto out;
	}

	scols_reset_iter(itr, SCOLS_ITER_FORWARD);
	for (bool header = !t->opts->noheadings;; header = false) {
		char *p = line;

		if (!header && scols_table_next_line(t->tb, itr, &ln) != 0)
			break;
		for (size_t i = 0; i < ncols; i++) {
			const struct out_column *c = &t->cols[t->map[i]];
			struct libscols_cell *ce = header ? NULL : scols_line_get_cell(ln, i);
			const char *d = header ? c->name : ce ? scols_cell_get_data(ce) : NULL;
			size_t len = d ? strlen(d) : 0, pad = width[i] - len;
			bool last = i + 1 == ncols;

			if (c->flags & SCOLS_FL_RIGHT) {
				memset(p, ' ', pad);
				p += pad;
				pad = 0;
			}
			memcpy(p, d ? d : "", len);
			p += len;
			if (!last) {
				memset(p, ' ', pad + 1);
				p += pad + 1;
			}
		}
		*p++ = '\n';
		if (fwrite(line, 1, (size_t)(p - line), stdout) != (size_t)(p - line)) {
			r = -EIO;
			goto out;
		}
	}
	r = 1;
	goto out;
fallback:
	r = 0;
out:
	free(line);
	scols_free_iter(itr);
	return r;
}

int out_table_print(struct out_table *t)
{
	int r = print_plain(t);

	if (r > 0) {
		out_table_free(t);
		return fflush(stdout) != 0 || ferror(stdout) ? -EIO : 0;
	}
	if (r < 0) {
		out_table_free(t);
		return r;
	}
	r = scols_print_table(t->tb);

	out_table_free(t);
	if (r < 0 || ferror(stdout))
		return -EIO;
	return 0;
}

void out_table_free(struct out_table *t)
{
	scols_unref_table(t->tb);
	t->tb = NULL;
}

/* ---- JSON ---- */

void json_init(struct json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
}

static void json_indent(struct json *j)
{
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

static void json_quoted(FILE *f, const char *s, size_t len)
{
	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

/* Comma, newline, indentation and "key": before a value. */
static void json_key(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->need_comma[j->depth])
			fputc(',', j->f);
		fputc('\n', j->f);
		json_indent(j);
	}
	j->need_comma[j->depth] = true;
	if (key) {
		json_quoted(j->f, key, strlen(key));
		fputs(": ", j->f);
	}
}

static void json_push(struct json *j, const char *key, char c)
{
	json_key(j, key);
	fputc(c, j->f);
	if (j->depth + 1 < (int)ARRAY_SIZE(j->need_comma))
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void json_pop(struct json *j, char c)
{
	bool had = j->need_comma[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (had) {
		fputc('\n', j->f);
		json_indent(j);
	}
	fputc(c, j->f);
}

void json_open(struct json *j, const char *key)
{
	json_push(j, key, '{');
}

void json_close(struct json *j)
{
	json_pop(j, '}');
}

void json_open_array(struct json *j, const char *key)
{
	json_push(j, key, '[');
}

void json_close_array(struct json *j)
{
	json_pop(j, ']');
}

void json_strn(struct json *j, const char *key, const char *val, size_t len)
{
	json_key(j, key);
	if (val)
		json_quoted(j->f, val, len);
	else
		fputs("null", j->f);
}

void json_str(struct json *j, const char *key, const char *val)
{
	json_strn(j, key, val, val ? strlen(val) : 0);
}

void json_u64(struct json *j, const char *key, uint64_t val)
{
	json_key(j, key);
	fprintf(j->f, "%" PRIu64, val);
}

void json_i64(struct json *j, const char *key, int64_t val)
{
	json_key(j, key);
	fprintf(j->f, "%" PRId64, val);
}

void json_bool(struct json *j, const char *key, bool val)
{
	json_key(j, key);
	fputs(val ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
	json_key(j, key);
	fputs("null", j->f);
}

int json_finish(struct json *j)
{
	fputc('\n', j->f);
	return ferror(j->f) ? -EIO : 0;
}
