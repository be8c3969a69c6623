/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The viewer's screen: colours and attributes, the header, the list, the text pane, the
 * status line and the help. Thin: what is shown is decided in the state (cli/view-keys.c).
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "view-ui.h"

enum { PAIR_EMERG = 1, PAIR_ERR, PAIR_WARN, PAIR_NOTICE, PAIR_DEBUG, PAIR_CRASH, PAIR_ESC,
       PAIR_BAR };

void viewer_init_colors(struct viewer *w)
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
void viewer_put_safe(const char *s, int width)
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
	viewer_put_safe(text, w->v.cols - (row == w->v.rows - 1 ? 1 : 0));
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
		snprintf(sum, sizeof(sum), "%s",
			 w->v.at_boots && !w->v.nboots ? "no archived boots"
			 : w->nents || w->v.at_boots  ? ""
						      : "no records");
	snprintf(buf, sizeof(buf), " %s", sum);
	bar(w, 0, buf);
}

/*
 * An archive's boots, as `pstorectl boots` lists them; > marks the one loaded. The boot
 * ids take room only when a boot has one; the reason, last, the rest of the row.
 */
static void draw_boots(struct viewer *w)
{
	const struct vstate *v = &w->v;
	int idw = 7; /* "BOOT_ID" */
	char line[512];

	for (size_t i = 0; i < v->nboots; i++) {
		const char *id = pstore_archive_get_boot_id(w->arch, i);

		if (id && (int)strlen(id) > idw)
			idw = (int)strlen(id);
	}
	attron(A_BOLD);
	mvprintw(1, 0, "  %4s %-20s %-*s %4s %s", "IDX", "TIME", idw, "BOOT_ID", "RECS",
		 "REASON");
	attroff(A_BOLD);
	clrtoeol();
	for (int r = 0; r < v->list_rows; r++) {
		size_t i = v->list_top + (size_t)r;
		const char *t, *id, *reason;
		char idx[32], tbuf[64];
		attr_t a = A_NORMAL;

		move(2 + r, 0);
		clrtoeol();
		if (i >= v->nboots)
			continue;
		viewer_boot_index(w, i, idx, sizeof(idx));
		t = w->a->format_time(pstore_archive_get_time(w->arch, i), tbuf,
				      sizeof(tbuf));
		if (!t)
			t = "";
		id = pstore_archive_get_boot_id(w->arch, i);
		reason = pstore_archive_get_reason(w->arch, i);
		snprintf(line, sizeof(line), "%c %4s %-20.20s %-*.*s %4zu %s",
			 v->boot == i ? '>' : ' ', idx, t, idw, idw, id ? id : "-",
			 pstore_archive_get_records(w->arch, i), reason ? reason : "-");
		if (i == v->sel)
			a = v->focus == VPANE_LIST ? A_REVERSE : A_BOLD;
		if (w->color && reason &&
		    (!strncmp(reason, "panic", 5) || !strncmp(reason, "oops", 4)))
			a |= COLOR_PAIR(PAIR_ERR);
		attron(a);
		viewer_put_safe(line, v->cols);
		attroff(a);
	}
}

static void draw_list(struct viewer *w)
{
	const struct vstate *v = &w->v;
	char line[512];

	if (v->at_boots) {
		draw_boots(w);
		return;
	}

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
		viewer_put_safe(line, v->cols);
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
		mvaddstr(row0, 0, v->at_boots ? v->nboots ? "(press Enter on a boot)"
							  : "(no archived boots)"
				  : w->nents ? "(press Enter on a record)"
					     : "(no records)");
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
	char buf[512], lines[64] = "", pct[16] = "", name[300] = "", idx[32];
	const char *hint = "";

	/* an archive: the boot, and the way to the others */
	if (w->arch && v->boot < v->nboots) {
		viewer_boot_index(w, v->boot, idx, sizeof(idx));
		snprintf(name, sizeof(name), "boot %s: ", idx);
		hint = v->at_boots ? "Enter:records " : "Bksp:boots ";
	}
	if (w->od.open)
		snprintf(name + strlen(name), sizeof(name) - strlen(name), "%s",
			 pstore_record_get_name(w->ents[w->od.entry].rec));

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
		snprintf(buf, sizeof(buf), " %s  %s  %s%s%s%s%s%s  %sF1:help q:quit", name, lines,
			 pct, v->level_max < 7 ? "  level<=" : "",
			 v->level_max < 7 ? pstore_log_level_to_string(v->level_max) : "",
			 v->wrap ? "" : "  nowrap", v->raw ? "  raw" : "",
			 v->follow ? "  FOLLOW" : "", hint);
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
	"  Enter               open the selected record (an archive's boot: its records)",
	"  Bksp Left Esc       back from an archive's records to its boots",
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

void viewer_draw(struct viewer *w)
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
