/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Listings on libsmartcols (-o, -J, -r, -n, -b), with a fast path for plain tables. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "pstorectl.h"

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

/*
 * The cells are kept here until the table is printed, not in libsmartcols' lines: for
 * `ls` of 10,000 records libsmartcols takes a line, an array of cells and a copy of each
 * string (6 MB, every page of it zeroed by a fault, and 120,000 frees at the end). Here a
 * row is an array of offsets into one block of text, and the fast paths print from it;
 * only a table they cannot print is handed to libsmartcols, cell by cell as before.
 */
struct out_chunk {
	struct out_chunk *next;
	size_t n, cap;   /* rows */
	uint32_t cell[]; /* n * ncols: 0 = not set, else 1 + its offset in text */
};

struct out_rows {
	size_t ncols;
	size_t nrows;
	struct out_chunk *head, *tail; /* in chunks: a row's address stays put */
	struct strbuf text;            /* the cells' strings, each NUL-terminated */
	uint32_t last[64];             /* per column, the last value stored (reused) */
};

static const char *row_cell(const struct out_rows *rs, const uint32_t *row, size_t i)
{
	return row[i] ? rs->text.buf + row[i] - 1 : NULL;
}

/* The next row after @row in @ch (NULL: the first), or NULL at the end. */
static const uint32_t *next_row(const struct out_rows *rs, const struct out_chunk **ch,
				const uint32_t *row)
{
	if (!row) {
		*ch = rs->head;
		return *ch && (*ch)->n ? (*ch)->cell : NULL;
	}
	row += rs->ncols;
	if (row < (*ch)->cell + (*ch)->n * rs->ncols)
		return row;
	*ch = (*ch)->next;
	return *ch && (*ch)->n ? (*ch)->cell : NULL;
}

static void rows_free(struct out_rows *rs)
{
	if (!rs)
		return;
	for (struct out_chunk *c = rs->head, *n; c; c = n) {
		n = c->next;
		free(c);
	}
	strbuf_free(&rs->text);
	free(rs);
}

int out_table_init(struct out_table *t, const struct out_column *cols, size_t ncols,
		   const char *default_cols, const struct out_opts *o, const char *json_root)
{
	bool fit;

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

	if (t->nshown == 0)
		return usage_error("--output: no columns given"), EXIT_USAGE;

	t->rows = calloc(1, sizeof(*t->rows));
	if (!t->rows)
		return -ENOMEM;
	t->rows->ncols = t->nshown;
	t->tb = scols_new_table();
	if (!t->tb)
		return -ENOMEM;
	scols_table_enable_json(t->tb, o->json);
	scols_table_set_name(t->tb, json_root);
	scols_table_enable_raw(t->tb, o->raw);
	scols_table_enable_noheadings(t->tb, o->noheadings);
	scols_table_enable_colors(t->tb, color_wanted(stdout));
	/*
	 * On a terminal a table fits its width, as lsblk and findmnt do: the columns after
	 * the first (the name, which a user copies) may be truncated, and a line that still
	 * does not fit is cut, never wrapped into a staircase. Into a pipe: full width.
	 */
	fit = !o->json && !o->raw && term_stream(stdout);
	if (fit)
		scols_table_enable_nowrap(t->tb, 1);
	for (size_t i = 0; i < t->nshown; i++) {
		const struct out_column *c = &cols[t->map[i]];
		struct libscols_column *cl;
		int flags = c->flags;

		/* the first column whole (no relative hint, no extremes ignored), the others
		 * may be truncated */
		if (fit && i == 0)
			flags &= ~SCOLS_FL_NOEXTREMES;
		else if (fit)
			flags |= SCOLS_FL_TRUNC;
		cl = scols_table_new_column(t->tb, c->name, fit && i == 0 ? 0 : c->whint, flags);
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

/* A new row: the handle out_set() takes (cells in t->rows, not a libsmartcols line). */
struct libscols_line *out_table_line(struct out_table *t)
{
	struct out_rows *rs = t->rows;
	struct out_chunk *c = rs->tail;
	uint32_t *row;

	if (!c || c->n == c->cap) {
		size_t cap = c ? (c->cap < 4096 ? c->cap * 2 : c->cap) : 64;

		c = malloc(sizeof(*c) + cap * rs->ncols * sizeof(c->cell[0]));
		if (!c)
			return NULL;
		c->next = NULL;
		c->n = 0;
		c->cap = cap;
		if (rs->tail)
			rs->tail->next = c;
		else
			rs->head = c;
		rs->tail = c;
	}
	row = c->cell + c->n * rs->ncols;
	memset(row, 0, rs->ncols * sizeof(*row));
	c->n++;
	rs->nrows++;
	return (struct libscols_line *)(void *)row;
}

/*
 * JSON is UTF-8, and libsmartcols writes a cell's bytes as they are: a copy of s where
 * each byte that is not part of a valid UTF-8 character is U+FFFD, or NULL when s is valid
 * (or out of memory: then s goes as it is).
 */
static char *utf8_valid_copy(const char *s)
{
	struct strbuf sb = { 0 };
	size_t len = strlen(s), i = 0, run = 0, n;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
		} else if ((n = utf8_char_len(s + i, len - i, NULL)) > 0) {
			i += n;
		} else {
			if (strbuf_append(&sb, s + run, i - run) < 0 ||
			    strbuf_puts(&sb, "\xef\xbf\xbd") < 0)
				goto fail;
			run = ++i;
		}
	}
	if (run == 0)
		return NULL;
	if (strbuf_append(&sb, s + run, len - run) < 0)
		goto fail;
	return strbuf_steal(&sb);
fail:
	strbuf_free(&sb);
	return NULL;
}

/* Cell @i of @row is @data (copied; a column's repeated value is stored once). */
static int row_set(struct out_rows *rs, uint32_t *row, size_t i, const char *data)
{
	size_t len = strlen(data), off = rs->text.len;

	if (rs->last[i] && streq(rs->text.buf + rs->last[i] - 1, data)) {
		row[i] = rs->last[i];
		return 0;
	}
	if (off + len + 1 >= UINT32_MAX)
		return -ENOMEM;
	if (strbuf_append(&rs->text, data, len + 1) < 0)
		return -ENOMEM;
	row[i] = rs->last[i] = (uint32_t)off + 1;
	return 0;
}

int out_set(struct out_table *t, struct libscols_line *ln, int ci, const char *data)
{
	if (ci < 0 || (size_t)ci >= t->ncols || t->rmap[ci] < 0)
		return 0;
	if (!data)
		data = t->opts->json ? "" : (t->opts->raw ? "" : "-");
	return row_set(t->rows, (uint32_t *)(void *)ln, (size_t)t->rmap[ci], data);
}

/* The data of the cells of @row as libsmartcols takes them, on @ln. */
static int scols_line_fill(struct out_table *t, struct libscols_line *ln,
			   const uint32_t *row)
{
	for (size_t i = 0; i < t->nshown; i++) {
		const char *data = row_cell(t->rows, row, i);
		int r;

		if (!data)
			continue;
		if (t->opts->json) {
			char *valid = utf8_valid_copy(data);

			if (valid) {
				r = scols_line_refer_data(ln, i, valid);
				if (r < 0) {
					free(valid);
					return r;
				}
				continue;
			}
		}
		r = scols_line_set_data(ln, i, data);
		if (r < 0)
			return r;
	}
	return 0;
}

int out_set_u64(struct out_table *t, struct libscols_line *ln, int ci, uint64_t v)
{
	char buf[SIZE_BUFLEN];

	if (ci < 0 || (size_t)ci >= t->ncols || t->rmap[ci] < 0)
		return 0;
	return out_set(t, ln, ci, format_u64(v, buf, sizeof(buf)));
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
	const struct out_rows *rs = t->rows;
	const struct out_chunk *ch = NULL;
	const uint32_t *row;
	size_t width[ARRAY_SIZE(t->map)], ncols = t->nshown, linecap = 0;
	char *line = NULL;
	int r = 0;

	if (t->opts->json || t->opts->raw || ncols == 0 || rs->nrows == 0 ||
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

	/* widths; any cell that is not plain ASCII leaves the table to libsmartcols */
	{
		size_t cellw[ARRAY_SIZE(t->map)] = { 0 };

		for (row = next_row(rs, &ch, NULL); row; row = next_row(rs, &ch, row)) {
			for (size_t i = 0; i < ncols; i++) {
				ssize_t w = plain_width(row_cell(rs, row, i));

				if (w < 0)
					return 0;
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
	if (!line)
		return -ENOMEM;

	row = NULL;
	for (bool header = !t->opts->noheadings;; header = false) {
		char *p = line;

		if (!header && !(row = next_row(rs, &ch, row)))
			break;
		for (size_t i = 0; i < ncols; i++) {
			const struct out_column *c = &t->cols[t->map[i]];
			const char *d = header ? c->name : row_cell(rs, row, i);
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
			r = -(errno ? errno : EIO);
			goto out;
		}
	}
	r = 1;
out:
	free(line);
	return r;
}

/* Output of the fast paths, written in large blocks (ls of 10,000 records: 3 MB of JSON). */
struct outbuf {
	char buf[1u << 16];
	size_t len;
	int err;
};

static void ob_flush(struct outbuf *o)
{
	if (o->len && !o->err && fwrite(o->buf, 1, o->len, stdout) != o->len)
		o->err = -EIO;
	o->len = 0;
}

static void ob_put(struct outbuf *o, const char *s, size_t len)
{
	if (o->len + len > sizeof(o->buf))
		ob_flush(o);
	if (len > sizeof(o->buf)) {
		if (!o->err && fwrite(s, 1, len, stdout) != len)
			o->err = -EIO;
		return;
	}
	memcpy(o->buf + o->len, s, len);
	o->len += len;
}

static void ob_puts(struct outbuf *o, const char *s)
{
	ob_put(o, s, strlen(s));
}

/* A JSON string of printable ASCII (what the fast path takes): only " and \ escaped. */
static void ob_json_string(struct outbuf *o, const char *s)
{
	ob_put(o, "\"", 1);
	for (;;) {
		size_t n = strcspn(s, "\"\\");

		ob_put(o, s, n);
		if (!s[n])
			break;
		ob_put(o, "\\", 1);
		ob_put(o, s + n, 1);
		s += n + 1;
	}
	ob_put(o, "\"", 1);
}

/* The indented key of a column, as libsmartcols writes it: its name in lower case. */
static void json_key(struct strbuf *sb, const char *name)
{
	strbuf_puts(sb, "         \"");
	for (const char *p = name; *p; p++) {
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;

		if (c == '"' || c == '\\')
			strbuf_append(sb, "\\", 1);
		strbuf_append(sb, &c, 1);
	}
	strbuf_puts(sb, "\": ");
}

/*
 * The JSON fast path (-J), on the same terms as print_plain(): libsmartcols writes JSON a
 * character at a time through stdio; for tables of printable ASCII cells with string,
 * number and boolean columns, its output is printed here byte for byte the same
 * (tests/cli/test-output-fast.sh compares both), in 64 KiB writes. Anything else (other
 * bytes, which libsmartcols escapes its own way) is left to libsmartcols.
 * Returns 1 when printed, 0 when libsmartcols must print the table, or -errno.
 */
static int print_json(struct out_table *t)
{
	size_t ncols = t->nshown;
	const char *root = scols_table_get_name(t->tb);
	const struct out_rows *rs = t->rows;
	const struct out_chunk *ch = NULL;
	const uint32_t *row;
	struct strbuf keys = { 0 };
	size_t koff[ARRAY_SIZE(t->map) + 1];
	struct outbuf *o;
	int r;

	if (!t->opts->json || t->opts->raw || ncols == 0 || !root ||
	    plain_width(root) < 0 || rs->nrows == 0 ||
	    scols_table_get_ncols(t->tb) != ncols || scols_table_colors_wanted(t->tb))
		return 0;
	for (size_t i = 0; i < ncols; i++) {
		const struct out_column *c = &t->cols[t->map[i]];

		if (plain_width(c->name) < 0 ||
		    (c->json_type != SCOLS_JSON_STRING && c->json_type != SCOLS_JSON_NUMBER &&
		     c->json_type != SCOLS_JSON_BOOLEAN))
			return 0;
	}
	for (row = next_row(rs, &ch, NULL); row; row = next_row(rs, &ch, row))
		for (size_t i = 0; i < ncols; i++)
			if (plain_width(row_cell(rs, row, i)) < 0)
				return 0;
	/* the keys, the same in every row: made once */
	for (size_t i = 0; i < ncols; i++) {
		koff[i] = keys.len;
		json_key(&keys, t->cols[t->map[i]].name);
	}
	koff[ncols] = keys.len;
	o = strbuf_failed(&keys) ? NULL : malloc(sizeof(*o));
	if (!o) {
		strbuf_free(&keys);
		return -ENOMEM;
	}
	o->len = 0;
	o->err = 0;
	ob_puts(o, "{\n   ");
	ob_json_string(o, root);
	ob_puts(o, ": [\n");
	row = NULL;
	for (bool first = true; (row = next_row(rs, &ch, row)); first = false) {
		ob_puts(o, first ? "      {\n" : "},{\n");
		for (size_t i = 0; i < ncols; i++) {
			const struct out_column *c = &t->cols[t->map[i]];
			const char *d = row_cell(rs, row, i);

			if (!d)
				d = "";
			ob_put(o, keys.buf + koff[i], koff[i + 1] - koff[i]);
			if (c->json_type == SCOLS_JSON_BOOLEAN)
				ob_puts(o, !*d || *d == '0' || *d == 'N' || *d == 'n' ? "false"
										: "true");
			else if (!*d)
				ob_puts(o, "null");
			else if (c->json_type == SCOLS_JSON_NUMBER)
				ob_puts(o, d);
			else
				ob_json_string(o, d);
			ob_puts(o, i + 1 < ncols ? ",\n" : "\n      ");
		}
	}
	ob_puts(o, "}\n   ]\n}\n");
	ob_flush(o);
	r = o->err ? o->err : 1;
	free(o);
	strbuf_free(&keys);
	return r;
}

/* The rows as libsmartcols lines, for the tables the fast paths leave to it. */
static int rows_to_scols(struct out_table *t)
{
	const struct out_rows *rs = t->rows;
	const struct out_chunk *ch = NULL;
	const uint32_t *row;

	for (row = next_row(rs, &ch, NULL); row; row = next_row(rs, &ch, row)) {
		struct libscols_line *ln = scols_table_new_line(t->tb, NULL);
		int r;

		if (!ln)
			return -ENOMEM;
		r = scols_line_fill(t, ln, row);
		if (r < 0)
			return r;
	}
	return 0;
}

int out_table_print(struct out_table *t)
{
	int r = print_plain(t);

	if (r == 0)
		r = print_json(t);

	if (r > 0) {
		out_table_free(t);
		errno = 0;
		return fflush(stdout) != 0 || ferror(stdout) ? -(errno ? errno : EIO) : 0;
	}
	if (r < 0) {
		out_table_free(t);
		return r;
	}
	r = rows_to_scols(t);
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
	rows_free(t->rows);
	t->rows = NULL;
}
