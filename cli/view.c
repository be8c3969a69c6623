/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pstorectl view, the ncurses part (built as pstorectl-view.so, the only ncurses user):
 * the records as list entries, documents over them, thin draw functions, the main loop.
 * What a key does is decided by view_key() in cli/view-model.c.
 */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "view.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MEM_DOC_MAX (256u << 20) /* inflated or reassembled text held in memory */
#define STEP_BYTES (8u << 20)    /* background work between two looks at the keyboard */

/* One line of the list: a record, or the parts of one dmesg dump. */
struct entry {
	struct pstore_record **parts; /* oldest chunk first */
	size_t nparts;
	struct pstore_record *rec;    /* the record the entry is named after */
	uint64_t size;
	bool crash;                   /* panic or oops */
	int64_t time;                 /* -1 unknown */
};

/* The open document and what belongs to it. */
struct open_doc {
	struct vdoc doc;
	struct pstore_preader *pr;   /* a plain record */
	char *mem;                   /* or the text in memory */
	size_t memlen;
	size_t entry;
	struct vcrash_summary sum;
	uint64_t sum_off;            /* the summary has read up to here */
	bool sum_done;
	uint64_t entry_size;         /* the entry's size when opened (following) */
	int64_t boot_time;           /* wall-clock second of timestamp 0 */
	double boot_frac;
	bool open;
};

struct viewer {
	const struct view_args *a;
	struct pstore_record **recs;
	size_t nrecs;
	struct entry *ents;
	size_t nents;
	struct vstate v;
	struct open_doc od;
	bool color;
	char *sbuf;                  /* summary scan buffer */
};

static bool streq_safe(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

enum { PAIR_EMERG = 1, PAIR_ERR, PAIR_WARN, PAIR_NOTICE, PAIR_DEBUG, PAIR_CRASH, PAIR_ESC,
       PAIR_BAR };

/* ==== entries ============================================================================ */

static void free_entries(struct viewer *w)
{
	for (size_t i = 0; i < w->nents; i++)
		pstore_record_list_free(w->ents[i].parts, w->ents[i].nparts);
	free(w->ents);
	w->ents = NULL;
	w->nents = 0;
	pstore_record_list_free(w->recs, w->nrecs);
	w->recs = NULL;
	w->nrecs = 0;
}

static int load_entries(struct viewer *w)
{
	struct pstore_record **recs;
	bool *done;
	size_t n;
	int r;

	r = pstore_source_list(w->a->src, &recs, &n);
	if (r < 0)
		return r;
	pstore_record_list_probe(recs, n);
	done = calloc(n + 1, sizeof(*done));
	free_entries(w);
	w->ents = calloc(n + 1, sizeof(*w->ents));
	if (!done || !w->ents) {
		free(done);
		pstore_record_list_free(recs, n);
		return -ENOMEM;
	}
	w->recs = recs;
	w->nrecs = n;
	for (size_t k = 0; k < n; k++) {
		struct entry *e = &w->ents[w->nents];
		struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
		int64_t t;

		if (done[k])
			continue;
		r = pstore_record_dump_parts(recs, n, recs[k], &e->parts, &e->nparts);
		if (r < 0 || e->nparts == 0) {
			e->parts = calloc(1, sizeof(*e->parts));
			if (!e->parts)
				continue;
			e->parts[0] = pstore_record_ref(recs[k]);
			e->nparts = 1;
		}
		for (size_t p = 0; p < e->nparts; p++) {
			for (size_t q = 0; q < n; q++)
				if (recs[q] == e->parts[p])
					done[q] = true;
			e->size += pstore_record_get_size(e->parts[p]);
		}
		e->rec = recs[k];
		e->crash = pstore_record_get_dmesg_header(recs[k], &h) == 0 &&
			   (h.reason == PSTORE_REASON_PANIC || h.reason == PSTORE_REASON_OOPS);
		e->time = pstore_record_get_time(recs[k], &t) == 0 ? t : -1;
		w->nents++;
	}
	free(done);
	w->v.nentries = w->nents;
	return 0;
}

/* The entry to open first: the one named, else the newest panic or oops, else the first. */
static size_t first_entry(struct viewer *w, const char *select)
{
	size_t best = 0;
	bool have = false;

	for (size_t i = 0; i < w->nents; i++) {
		struct entry *e = &w->ents[i];

		if (select) {
			for (size_t p = 0; p < e->nparts; p++)
				if (pstore_record_matches(e->parts[p], select))
					return i;
			continue;
		}
		if (e->crash && (!have || e->time > w->ents[best].time)) {
			best = i;
			have = true;
		}
	}
	return best;
}

/* ==== documents ========================================================================== */

static ssize_t pread_rec(void *data, void *buf, size_t len, uint64_t off)
{
	return pstore_preader_pread(data, buf, len, off);
}

static ssize_t pread_mem(void *data, void *buf, size_t len, uint64_t off)
{
	struct open_doc *od = data;

	if (off >= od->memlen)
		return 0;
	if (len > od->memlen - off)
		len = (size_t)(od->memlen - off);
	memcpy(buf, od->mem + off, len);
	return (ssize_t)len;
}

static void close_doc(struct viewer *w)
{
	struct open_doc *od = &w->od;

	if (!od->open)
		return;
	vdoc_free(&od->doc);
	vcrash_summary_free(&od->sum);
	pstore_preader_free(od->pr);
	free(od->mem);
	memset(od, 0, sizeof(*od));
	w->v.doc = NULL;
}

/* Inflated records and the parts of a dump: read once into memory (they are small). */
static int read_mem(struct viewer *w, struct entry *e)
{
	struct open_doc *od = &w->od;
	size_t cap = 1 << 16;

	od->mem = malloc(cap);
	if (!od->mem)
		return -ENOMEM;
	for (size_t p = 0; p < e->nparts; p++) {
		struct pstore_reader *rd;
		unsigned flags = PSTORE_READ_INFLATE | (p > 0 ? PSTORE_READ_STRIP_HEADER : 0);
		ssize_t n;
		int r = pstore_record_open(w->a->ctx, e->parts[p], flags, &rd);

		if (r < 0)
			return r;
		for (;;) {
			if (od->memlen == cap) {
				char *m;

				if (cap >= MEM_DOC_MAX) {
					view_msg(&w->v, "cut at %u MiB",
						 MEM_DOC_MAX >> 20);
					break;
				}
				m = realloc(od->mem, cap * 2);
				if (!m) {
					pstore_reader_free(rd);
					return -ENOMEM;
				}
				od->mem = m;
				cap *= 2;
			}
			n = pstore_reader_read(rd, od->mem + od->memlen, cap - od->memlen);
			if (n < 0) {
				view_msg(&w->v, "%s", pstore_errmsg(w->a->ctx));
				break;
			}
			if (n == 0)
				break;
			od->memlen += (size_t)n;
		}
		pstore_reader_free(rd);
	}
	return 0;
}

/* Parse the window of the text at @off (lib/crash.c). True when it shows a crash. */
static bool summary_parse_at(struct viewer *w, uint64_t off)
{
	struct open_doc *od = &w->od;
	ssize_t n = od->doc.src.pread(od->doc.src.data, w->sbuf, VCRASH_WINDOW, off);

	if (n <= 0)
		return false;
	if (vcrash_summary_parse(&od->sum, w->a->ctx, w->sbuf, (size_t)n) < 0) {
		pstore_clear_error(w->a->ctx);
		return false;
	}
	return true;
}

/*
 * The summary reads the text in the background, line by line, until a line opens a crash
 * report; the parser reads on from there (a line it does not take for one: read on).
 * Nothing of the kind: the end of the text says.
 */
static void summary_step(struct viewer *w, size_t budget)
{
	struct open_doc *od = &w->od;

	if (!w->sbuf && !(w->sbuf = malloc(VCRASH_WINDOW)))
		od->sum_done = true;
	while (!od->sum_done && budget > 0) {
		ssize_t n = od->doc.src.pread(od->doc.src.data, w->sbuf, VCRASH_WINDOW, od->sum_off);
		const char *p, *e, *nl;
		uint64_t size = od->doc.src.size, at = UINT64_MAX;

		if (n <= 0) {
			summary_parse_at(w, size > VCRASH_WINDOW ? size - VCRASH_WINDOW : 0);
			od->sum_done = true;
			break;
		}
		p = w->sbuf;
		e = w->sbuf + n;
		while ((nl = memchr(p, '\n', (size_t)(e - p)))) {
			if (vcrash_starts(p, (size_t)(nl - p))) {
				at = od->sum_off + (uint64_t)(p - w->sbuf);
				p = nl + 1;
				break;
			}
			p = nl + 1;
		}
		if (at == UINT64_MAX && p == w->sbuf) /* one line longer than the buffer: skip it */
			p = e;
		if (at == UINT64_MAX && (size_t)n < VCRASH_WINDOW && p < e) { /* the last line */
			if (vcrash_starts(p, (size_t)(e - p)))
				at = od->sum_off + (uint64_t)(p - w->sbuf);
			p = e;
		}
		od->sum_off += (uint64_t)(p - w->sbuf);
		budget -= (size_t)n < budget ? (size_t)n : budget;
		/* the parse overwrites the buffer: the scan goes on from sum_off */
		if (at != UINT64_MAX && summary_parse_at(w, at))
			od->sum_done = true;
	}
}

/* Timestamp 0 in wall-clock time: the record's time is that of its last timestamp. */
static void find_boot_time(struct viewer *w, struct entry *e)
{
	struct open_doc *od = &w->od;
	uint64_t size = od->doc.src.size, off;
	char buf[16384];
	ssize_t n;
	int64_t t;

	if (e->time < 0 || pstore_record_get_time(e->rec, &t) < 0)
		return;
	off = size > sizeof(buf) ? size - sizeof(buf) : 0;
	n = od->doc.src.pread(od->doc.src.data, buf, sizeof(buf), off);
	for (ssize_t i = n; i-- > 0;) {
		struct vline_info li;
		size_t s = (size_t)i;

		if (i > 0 && buf[i - 1] != '\n')
			continue;
		while (s < (size_t)n && buf[s] != '\n')
			s++;
		vline_parse(buf + i, s - (size_t)i, &li);
		if (li.ts_end) {
			double bt = (double)t - li.ts;

			od->boot_time = (int64_t)bt;
			od->boot_frac = bt - (double)od->boot_time;
			w->v.time_known = true;
			return;
		}
	}
}

static int open_entry(struct viewer *w, size_t i)
{
	struct open_doc *od = &w->od;
	struct entry *e = &w->ents[i];
	struct vdoc_src src;
	int r;

	close_doc(w);
	w->v.time_known = false;
	w->v.walltime = false;
	od->entry = i;
	if (e->nparts == 1 && !pstore_record_is_compressed(e->parts[0])) {
		r = pstore_record_open_pread(w->a->ctx, e->parts[0], &od->pr);
		if (r < 0)
			return r;
		src = (struct vdoc_src){ pread_rec, od->pr, pstore_preader_get_size(od->pr) };
	} else {
		r = read_mem(w, e);
		if (r < 0) {
			free(od->mem);
			od->mem = NULL;
			return r;
		}
		src = (struct vdoc_src){ pread_mem, od, od->memlen };
	}
	r = vdoc_init(&od->doc, &src);
	if (r < 0) {
		pstore_preader_free(od->pr);
		free(od->mem);
		memset(od, 0, sizeof(*od));
		return r;
	}
	od->open = true;
	od->entry = i;
	od->entry_size = e->size;
	vcrash_summary_init(&od->sum);
	find_boot_time(w, e);
	view_set_doc(&w->v, &od->doc);
	w->v.search.result = 0;
	/* a small record is summed up at once; a large one in the background */
	summary_step(w, 256u << 10);
	return 0;
}

/* ==== drawing ============================================================================ */

static void init_colors(struct viewer *w)
{
	w->color = w->a->color && has_colors();
	if (!w->color)
		return;
	start_color();
	use_default_colors();
	init_pair(PAIR_EMERG, COLOR_RED, -1);
	init_pair(PAIR_ERR, COLOR_RED, -1);
	init_pair(PAIR_WARN, COLOR_YELLOW, -1);
	init_pair(PAIR_NOTICE, COLOR_CYAN, -1);
	init_pair(PAIR_DEBUG, COLOR_BLUE, -1);
	init_pair(PAIR_CRASH, COLOR_WHITE, COLOR_RED);
	init_pair(PAIR_ESC, COLOR_MAGENTA, -1);
	init_pair(PAIR_BAR, COLOR_BLACK, COLOR_CYAN);
}

static attr_t line_attr(const struct viewer *w, const struct vline_info *li)
{
	if (li->crash != VCRASH_NONE)
		return w->color ? COLOR_PAIR(PAIR_CRASH) | A_BOLD : A_REVERSE | A_BOLD;
	switch (li->level) {
	case 0:
	case 1:
	case 2:
		return w->color ? COLOR_PAIR(PAIR_EMERG) | A_BOLD : A_BOLD;
	case 3:
		return w->color ? COLOR_PAIR(PAIR_ERR) : A_BOLD;
	case 4:
		return w->color ? COLOR_PAIR(PAIR_WARN) : A_UNDERLINE;
	case 5:
		return w->color ? COLOR_PAIR(PAIR_NOTICE) : A_NORMAL;
	case 7:
		return w->color ? COLOR_PAIR(PAIR_DEBUG) : A_DIM;
	default:
		return A_NORMAL;
	}
}

static attr_t cell_attr(const struct viewer *w, attr_t base, uint8_t cls)
{
	switch (cls) {
	case VCLS_TS:
		return (base & ~A_BOLD) | A_DIM;
	case VCLS_ESC:
		return w->color ? COLOR_PAIR(PAIR_ESC) | A_UNDERLINE : A_UNDERLINE;
	case VCLS_MATCH:
	case VCLS_CUT:
		return (base & A_REVERSE) ? (base & ~A_REVERSE) | A_UNDERLINE : base | A_REVERSE;
	default:
		return base;
	}
}

static void put_cell(const struct vcell *c)
{
	if (c->p)
		addnstr(c->p, c->len);
	else
		addnstr(c->esc, c->len);
}

/* A string that may come from a record (a name, the panic text): printable bytes only. */
static void put_safe(const char *s, int width)
{
	for (; *s && width > 0; s++, width--)
		addch((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f ? (chtype)*s : '?');
}

static void bar(const struct viewer *w, int row, const char *text)
{
	attr_t a = w->color ? COLOR_PAIR(PAIR_BAR) : A_REVERSE;

	attron(a);
	move(row, 0);
	/* the last cell of the last row scrolls some terminals: leave it */
	put_safe(text, w->v.cols - (row == w->v.rows - 1 ? 1 : 0));
	for (int x = getcurx(stdscr); x < w->v.cols - (row == w->v.rows - 1 ? 1 : 0); x++)
		addch(' ');
	attroff(a);
}

static void draw_header(struct viewer *w)
{
	char buf[512], sum[400];

	if (w->od.open)
		vcrash_summary_format(&w->od.sum, sum, sizeof(sum));
	else
		snprintf(sum, sizeof(sum), "%s", w->nents ? "" : "no records");
	snprintf(buf, sizeof(buf), " %s", sum);
	bar(w, 0, buf);
}

static void draw_list(struct viewer *w)
{
	const struct vstate *v = &w->v;
	char line[512];

	attron(A_BOLD);
	mvprintw(1, 0, "  %-20s %-7s %-9s %2s %5s %-9s %s", "NAME", "TYPE", "REASON", "PT",
		 "SIZE", "ECC", "TIME");
	attroff(A_BOLD);
	clrtoeol();
	for (int r = 0; r < v->list_rows; r++) {
		size_t i = v->list_top + (size_t)r;
		struct entry *e;
		struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
		struct pstore_ecc_notice ecc = PSTORE_STRUCT_INIT(struct pstore_ecc_notice);
		char size[32], tbuf[64];
		const char *reason = "", *t = "", *eccs;
		attr_t a = A_NORMAL;

		move(2 + r, 0);
		clrtoeol();
		if (i >= w->nents)
			continue;
		e = &w->ents[i];
		if (pstore_record_get_dmesg_header(e->rec, &h) == 0)
			reason = pstore_reason_to_string(h.reason);
		if (e->time >= 0 && !(t = w->a->format_time(e->time, tbuf, sizeof(tbuf))))
			t = "";
		w->a->format_size(e->size, false, size, sizeof(size));
		pstore_record_get_ecc(e->rec, &ecc);
		eccs = pstore_ecc_to_string(ecc.status);
		snprintf(line, sizeof(line), "%c %-20.20s %-7.7s %-9s %2zu %5s %-9s %s",
			 w->od.open && w->od.entry == i ? '>' : ' ', pstore_record_get_name(e->rec),
			 pstore_type_to_string(pstore_record_get_type(e->rec)), reason ? reason : "",
			 e->nparts, size, eccs ? eccs : "-", t);
		if (i == v->sel)
			a = v->focus == VPANE_LIST ? A_REVERSE : A_BOLD;
		if (e->crash && w->color)
			a |= COLOR_PAIR(PAIR_ERR);
		attron(a);
		put_safe(line, v->cols);
		attroff(a);
	}
}

static void wall_ts(const struct viewer *w, const struct vline_info *li, char *buf, size_t len)
{
	double t = (double)w->od.boot_time + w->od.boot_frac + li->ts;
	time_t sec = (time_t)t;
	struct tm tm;

	gmtime_r(&sec, &tm);
	snprintf(buf, len, "[%04d-%02d-%02d %02d:%02d:%02d.%03d]", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (int)((t - (double)sec) * 1000));
}

static void draw_text(struct viewer *w)
{
	struct vstate *v = &w->v;
	int row0 = 2 + v->list_rows, row = 0;
	uint64_t k = v->top;
	size_t skip = v->top_sub;

	for (int r = 0; r < v->text_rows; r++) {
		move(row0 + r, 0);
		clrtoeol();
	}
	if (!v->doc) {
		mvaddstr(row0, 0, w->nents ? "(press Enter on a record)" : "(no records)");
		return;
	}
	if (vdoc_lines_known(v->doc) == 0 && v->doc->complete) {
		mvaddstr(row0, 0, "(empty record)");
		return;
	}
	while (row < v->text_rows) {
		const char *line;
		size_t len, col = 0, sub = 0;
		bool cut;
		struct vline_info li;
		struct vcursor c;
		struct vcell cell;
		attr_t base;
		char alt[96];

		if (!vdoc_line(v->doc, k, &line, &len, &cut))
			break;
		if (!view_line_visible(v, k)) {
			k++;
			continue;
		}
		/* view_line_visible may have moved the window: fetch again */
		vdoc_line(v->doc, k, &line, &len, &cut);
		vline_parse(line, len, &li);
		base = line_attr(w, &li);
		vcursor_init(&c, line, len, &li, v->raw, cut);
		if (v->have_pattern && !v->search.crash)
			c.nmatch = vsearch_line_ranges(&v->search, line, len, c.match, VMATCH_MAX);
		if (v->walltime && li.ts_end && !v->raw) {
			wall_ts(w, &li, alt, sizeof(alt));
			c.alt = alt;
			c.altlen = strlen(alt);
			c.p = line + li.ts_start; /* the timestamp follows the prefix */
		}
		move(row0 + row, 0);
		while (vcursor_next(&c, &cell)) {
			if (v->wrap) {
				if (col + cell.width > (size_t)v->cols && col > 0) {
					sub++;
					col = 0;
					if (sub > skip) {
						row++;
						if (row >= v->text_rows)
							break;
						move(row0 + row, 0);
					}
				}
				col += cell.width;
				if (sub < skip)
					continue;
			} else {
				size_t x = col;

				col += cell.width;
				if (x < v->hscroll)
					continue;
				if (x - v->hscroll + cell.width > (size_t)v->cols)
					break;
			}
			attrset(cell_attr(w, base, cell.cls));
			put_cell(&cell);
		}
		attrset(A_NORMAL);
		if (v->wrap && sub < skip) /* the whole line was above the pane */
			row--;
		skip = 0;
		row++;
		k++;
	}
}

static void draw_status(struct viewer *w)
{
	struct vstate *v = &w->v;
	char buf[512], lines[64] = "", pct[16] = "";
	const char *name = w->od.open ? pstore_record_get_name(w->ents[w->od.entry].rec) : "";

	if (v->doc) {
		uint64_t off = vdoc_line_offset(v->doc, v->top), size = v->doc->src.size;

		snprintf(lines, sizeof(lines), "line %llu/%llu%s", (unsigned long long)v->top + 1,
			 (unsigned long long)vdoc_lines_known(v->doc),
			 v->doc->complete ? "" : "+");
		snprintf(pct, sizeof(pct), "%d%%", size ? (int)(off * 100 / size) : 100);
	}
	if (v->msg[0])
		snprintf(buf, sizeof(buf), " %s", v->msg);
	else if (v->search.active)
		snprintf(buf, sizeof(buf), " searching... (Esc stops)");
	else
		snprintf(buf, sizeof(buf), " %s  %s  %s%s%s%s%s%s  F1:help q:quit", name, lines, pct,
			 v->level_max < 7 ? "  level<=" : "",
			 v->level_max < 7 ? pstore_log_level_to_string(v->level_max) : "",
			 v->wrap ? "" : "  nowrap", v->raw ? "  raw" : "", v->follow ? "  FOLLOW" : "");
	bar(w, v->rows - 1, buf);
}

static const char *const help_lines[] = {
	"pstorectl view: keys",
	"",
	"  j k  Up Down        scroll a line (in the list: move)",
	"  Space PgDn  b PgUp  scroll a page",
	"  g Home  G End       first / last line",
	"  Left Right  H L     scroll sideways (when not wrapped)",
	"  Tab                 switch between the list and the text",
	"  Enter               open the selected record",
	"  /  ?                search forward / backward (extended regex;",
	"                      ignores case unless the pattern has a capital)",
	"  n  N                next / previous match",
	"  ]  [                next / previous crash line",
	"  l 0-7               show only levels up to (0 emerg .. 7 debug); l a: all",
	"  w                   wrap long lines / cut them and scroll sideways",
	"  r                   raw bytes as stored / decoded text",
	"  t                   kernel timestamps / wall-clock time (UTC)",
	"  F                   follow: new records and growing ones appear",
	"  s                   save the record's text to a file",
	"  ? F1                this help (in the list pane; h anywhere)",
	"  q Esc               quit",
	"",
	"Any key closes this help.",
};

static void draw_help(struct viewer *w)
{
	erase();
	for (size_t i = 0; i < ARRAY_SIZE(help_lines) && (int)i < w->v.rows; i++) {
		if (i == 0)
			attron(A_BOLD);
		mvaddnstr((int)i, 0, help_lines[i], w->v.cols);
		attroff(A_BOLD);
	}
}

static void draw(struct viewer *w)
{
	if (w->v.help) {
		draw_help(w);
	} else {
		draw_header(w);
		draw_list(w);
		draw_text(w);
		draw_status(w);
	}
	refresh();
}

/* ==== the loop =========================================================================== */

static void resize(struct viewer *w)
{
	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	w->v.rows = rows;
	w->v.cols = cols;
	view_layout(&w->v);
	clear();
}

/* A line of input on the status line; false when cancelled. */
static bool prompt(struct viewer *w, const char *what, char *buf, size_t len)
{
	size_t n = strlen(buf);

	timeout(-1);
	for (;;) {
		int ch;

		attrset(A_NORMAL);
		move(w->v.rows - 1, 0);
		clrtoeol();
		put_safe(what, w->v.cols - 1);
		put_safe(buf + (n > (size_t)w->v.cols / 2 ? n - (size_t)w->v.cols / 2 : 0),
			 w->v.cols - 1 - (int)strlen(what));
		curs_set(1);
		refresh();
		ch = getch();
		curs_set(0);
		if (ch == KEY_RESIZE) {
			resize(w);
			draw(w);
		} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
			return true;
		} else if (ch == VKEY_ESC || ch == VKEY_CTRL('c') || ch == VKEY_CTRL('g')) {
			return false;
		} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
			if (n == 0)
				return false;
			buf[--n] = '\0';
		} else if (ch == VKEY_CTRL('u')) {
			buf[n = 0] = '\0';
		} else if (ch >= 0x20 && ch < 0x100 && ch != 0x7f && n + 1 < len) {
			buf[n++] = (char)ch;
			buf[n] = '\0';
		}
	}
}

static void save(struct viewer *w)
{
	char file[1024], *p, *buf;
	uint64_t off = 0;
	int fd;

	snprintf(file, sizeof(file), "%s.txt", pstore_record_get_name(w->ents[w->od.entry].rec));
	for (p = file; *p; p++)
		if (*p == '/')
			*p = '_';
	if (!prompt(w, "save to: ", file, sizeof(file)) || !file[0])
		return;
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		view_msg(&w->v, "%s: %s%s", file, strerror(errno),
			 errno == EEXIST ? " (not overwritten)" : "");
		return;
	}
	buf = malloc(1u << 20);
	while (buf) {
		ssize_t n = w->od.doc.src.pread(w->od.doc.src.data, buf, 1u << 20, off), m = 0;

		if (n <= 0)
			break;
		while (m < n) {
			ssize_t k = write(fd, buf + m, (size_t)(n - m));

			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0) {
				view_msg(&w->v, "%s: %s", file, strerror(errno));
				free(buf);
				close(fd);
				return;
			}
			m += k;
		}
		off += (uint64_t)n;
	}
	free(buf);
	if (close(fd) < 0)
		view_msg(&w->v, "%s: %s", file, strerror(errno));
	else
		view_msg(&w->v, "saved %llu bytes to %s",
			 (unsigned long long)off, file);
}

static void search_done(struct viewer *w)
{
	struct vstate *v = &w->v;

	if (v->search.result == 1) {
		view_show_line(v, v->search.found_line);
	} else if (v->search.result == -1) {
		if (v->search.crash)
			view_msg(v, "no more crash lines %s",
				 v->search.backward ? "above" : "below");
		else
			view_msg(v, "pattern not found: %s", v->search.pattern);
	}
}

/* Following: the records again; the open one re-read when it grew. */
static void follow_tick(struct viewer *w)
{
	struct vstate *v = &w->v;
	char name[1024] = "", open_name[1024] = "";
	size_t before = w->nents;
	bool at_end, was_open = w->od.open;
	uint64_t old_size = was_open ? w->od.entry_size : 0;

	if (w->nents)
		snprintf(name, sizeof(name), "%s", pstore_record_get_name(w->ents[v->sel].rec));
	if (was_open)
		snprintf(open_name, sizeof(open_name), "%s",
			 pstore_record_get_name(w->ents[w->od.entry].rec));
	at_end = v->doc && !v->search.active;
	if (load_entries(w) < 0)
		return;
	/* keep the selection and the open entry by name */
	v->sel = 0;
	for (size_t i = 0; i < w->nents; i++) {
		const char *nm = pstore_record_get_name(w->ents[i].rec);

		if (streq_safe(nm, name))
			v->sel = i;
		if (was_open && streq_safe(nm, open_name))
			w->od.entry = i;
	}
	if (w->nents > before)
		view_msg(v, "new record: %s",
			 pstore_record_get_name(w->ents[w->nents - 1].rec));
	view_layout(v);
	if (was_open) {
		struct entry *e = &w->ents[w->od.entry];
		uint64_t top = v->top;

		if (e->size != old_size || !streq_safe(pstore_record_get_name(e->rec), open_name)) {
			if (open_entry(w, w->od.entry) == 0) {
				v->top = top;
				if (at_end)
					view_end(v);
			}
		}
	}
}

/* A crash record opens at its first crash line, when it is found at once. */
static void first_crash(struct viewer *w)
{
	struct vstate *v = &w->v;

	v->search.crash = true;
	v->search.level_max = v->level_max;
	vsearch_start(&v->search, v->doc, 0, false);
	if (vsearch_step(&v->search, v->doc, 1u << 20) == 1)
		view_show_line(v, v->search.found_line);
	v->search.active = false;
}

static int loop(struct viewer *w)
{
	struct vstate *v = &w->v;
	bool dirty = true;
	int ticks = 0;

	for (;;) {
		bool busy = v->search.active || (v->doc && !v->doc->complete) ||
			    (w->od.open && !w->od.sum_done);
		enum vaction act;
		int ch;

		if (dirty)
			draw(w);
		dirty = false;
		timeout(busy ? 0 : v->follow ? 1000 : -1);
		ch = getch();
		if (ch == ERR) {
			if (v->search.active) {
				if (vsearch_step(&v->search, v->doc, STEP_BYTES) != 0) {
					search_done(w);
					dirty = true;
				}
			} else if (v->doc && !v->doc->complete) {
				vdoc_index_step(v->doc, STEP_BYTES);
				dirty = v->doc->complete || ++ticks % 16 == 0;
			} else if (w->od.open && !w->od.sum_done) {
				summary_step(w, STEP_BYTES);
				dirty = w->od.sum_done;
			} else if (v->follow) {
				follow_tick(w);
				dirty = true;
			}
			continue;
		}
		dirty = true;
		if (ch == KEY_RESIZE) { /* the one place a new size is taken */
			resize(w);
			continue;
		}
		if (v->search.active && (ch == VKEY_ESC || ch == VKEY_CTRL('c'))) {
			v->search.active = false;
			view_msg(v, "search stopped");
			continue;
		}
		if (ch == KEY_MOUSE) {
			MEVENT me;

			if (getmouse(&me) == OK && v->focus == VPANE_TEXT) {
				int key = (me.bstate & BUTTON4_PRESSED) ? KEY_UP
					  : (me.bstate & BUTTON5_PRESSED) ? KEY_DOWN
									   : 0;

				for (int i = 0; key && i < 3; i++)
					view_key(v, key);
			}
			continue;
		}
		act = view_key(v, ch);
		switch (act) {
		case VA_QUIT:
			return 0;
		case VA_OPEN:
			if (w->nents && open_entry(w, v->sel) < 0)
				view_msg(v, "%s: %s",
					 pstore_record_get_name(w->ents[v->sel].rec),
					 pstore_errmsg(w->a->ctx));
			break;
		case VA_PROMPT_FWD:
		case VA_PROMPT_BACK: {
			char pat[256] = "", err[128];
			bool back = act == VA_PROMPT_BACK;

			if (!prompt(w, back ? "?" : "/", pat, sizeof(pat)) || !pat[0])
				break;
			if (vsearch_compile(&v->search, pat, err, sizeof(err)) != 0) {
				view_msg(v, "%s: %s", pat, err);
				v->have_pattern = false;
				break;
			}
			v->have_pattern = true;
			v->pat_back = back;
			v->search.result = 0;
			if (view_key(v, 'n') == VA_SEARCH && !v->search.active)
				search_done(w);
			break;
		}
		case VA_SEARCH:
			if (!v->search.active)
				search_done(w);
			break;
		case VA_SAVE:
			save(w);
			break;
		default:
			break;
		}
	}
}

__attribute__((visibility("default"))) int pstorectl_view_run(const struct view_args *a);

int pstorectl_view_run(const struct view_args *a)
{
	struct viewer w = { .a = a };
	SCREEN *scr;
	int r;

	if (a->abi != VIEW_ABI)
		return 1;
	r = load_entries(&w);
	if (r < 0) {
		fprintf(stderr, "pstorectl: view: %s\n", pstore_errmsg(a->ctx));
		return 1;
	}
	setlocale(LC_ALL, "");
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		fprintf(stderr, "pstorectl: view: cannot use the terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		free_entries(&w);
		return 1;
	}
	set_escdelay(25);
	/* Home/End as other terminals send them: TERM=xterm inside tmux or screen is common */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[4~", KEY_END);
	define_key("\033[H", KEY_HOME);
	define_key("\033[F", KEY_END);
	define_key("\033OH", KEY_HOME);
	define_key("\033OF", KEY_END);
	define_key("\033[7~", KEY_HOME);
	define_key("\033[8~", KEY_END);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	init_colors(&w);
	view_init(&w.v, LINES, COLS);
	w.v.nentries = w.nents;
	w.v.follow = a->follow;
	if (w.nents) {
		w.v.sel = first_entry(&w, a->select);
		view_layout(&w.v);
		if (open_entry(&w, w.v.sel) < 0)
			view_msg(&w.v, "%s", pstore_errmsg(a->ctx));
		else if (!a->select && w.ents[w.v.sel].crash)
			first_crash(&w);
		if (a->follow)
			view_end(&w.v);
	} else {
		w.v.focus = VPANE_LIST;
		view_layout(&w.v);
	}
	r = loop(&w);
	endwin();
	delscreen(scr);
	close_doc(&w);
	vsearch_free(&w.v.search);
	free_entries(&w);
	free(w.sbuf);
	return r;
}
