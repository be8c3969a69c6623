/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The viewer's state and its keys, without a terminal: scrolling over visible lines,
 * the level filter, the panes, an archive's two list levels (its boots, the records of
 * one), and view_key(), which the unit tests drive directly.
 * Only ncurses' KEY_* numbers are taken from <curses.h>; nothing here draws.
 */
#include <ctype.h>
#include <curses.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ==== the state and its keys ============================================================ */

void view_msg(struct vstate *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->msg, sizeof(v->msg), fmt, ap);
	va_end(ap);
}

void view_init(struct vstate *v, int rows, int cols)
{
	memset(v, 0, sizeof(*v));
	v->rows = rows;
	v->cols = cols;
	v->wrap = true;
	v->level_max = 7;
	v->focus = VPANE_TEXT;
	v->boot = SIZE_MAX;
	view_layout(v);
}

void view_layout(struct vstate *v)
{
	/* header, list title, list, text, status: the list takes at most a quarter */
	int max_list = v->rows / 4 < 3 ? 3 : v->rows / 4;

	v->list_rows = (int)v->nentries < max_list ? (int)v->nentries : max_list;
	if (v->list_rows < 1)
		v->list_rows = 1;
	v->text_rows = v->rows - 3 - v->list_rows;
	if (v->text_rows < 1)
		v->text_rows = 1;
	if (v->sel < v->list_top)
		v->list_top = v->sel;
	if (v->sel >= v->list_top + (size_t)v->list_rows)
		v->list_top = v->sel - (size_t)v->list_rows + 1;
}

void view_set_doc(struct vstate *v, struct vdoc *doc)
{
	v->doc = doc;
	v->top = 0;
	v->top_sub = 0;
	v->hscroll = 0;
	v->search.active = false;
}

bool view_line_visible(struct vstate *v, uint64_t k)
{
	const char *line;
	size_t len;
	bool cut;
	int level, fac;

	if (!v->doc || !vdoc_line(v->doc, k, &line, &len, &cut))
		return false;
	if (v->level_max >= 7)
		return true;
	if (!pstore_log_prefix_parse(line, len, &level, &fac))
		return true;
	return level <= v->level_max;
}

/* The next / previous visible line from k (excluded); false when there is none. */
static bool next_visible(struct vstate *v, uint64_t k, uint64_t *ret)
{
	for (uint64_t i = k + 1; v->doc && vdoc_has_line(v->doc, i); i++)
		if (view_line_visible(v, i))
			return *ret = i, true;
	return false;
}

static bool prev_visible(struct vstate *v, uint64_t k, uint64_t *ret)
{
	for (uint64_t i = k; i-- > 0;)
		if (view_line_visible(v, i))
			return *ret = i, true;
	return false;
}

static size_t rows_of(struct vstate *v, uint64_t k)
{
	const char *line;
	size_t len;
	bool cut;
	struct vline_info li;

	if (!v->wrap)
		return 1;
	if (!vdoc_line(v->doc, k, &line, &len, &cut))
		return 1;
	vline_parse(line, len, &li);
	return vline_rows(line, len, &li, v->raw, cut, v->cols);
}

/* Can the text move down one row (is there anything below the last row shown)? */
static bool more_below(struct vstate *v)
{
	uint64_t k = v->top, nk;
	long left = v->text_rows;

	if (!v->doc || !vdoc_has_line(v->doc, k))
		return false;
	left -= (long)(rows_of(v, k) - v->top_sub);
	while (left >= 0) {
		if (!next_visible(v, k, &nk))
			return false;
		k = nk;
		left -= (long)rows_of(v, k);
	}
	return true;
}

static void row_down(struct vstate *v)
{
	uint64_t nk;

	if (!more_below(v))
		return;
	if (v->top_sub + 1 < rows_of(v, v->top)) {
		v->top_sub++;
	} else if (next_visible(v, v->top, &nk)) {
		v->top = nk;
		v->top_sub = 0;
	}
}

static void row_up(struct vstate *v)
{
	uint64_t pk;

	if (v->top_sub > 0) {
		v->top_sub--;
	} else if (prev_visible(v, v->top, &pk)) {
		v->top = pk;
		v->top_sub = rows_of(v, pk) - 1;
	}
}

static void first_visible_top(struct vstate *v)
{
	uint64_t k;

	v->top = 0;
	v->top_sub = 0;
	if (v->doc && !view_line_visible(v, 0) && next_visible(v, 0, &k))
		v->top = k;
}

void view_end(struct vstate *v)
{
	uint64_t n, k;
	long left = v->text_rows;

	if (!v->doc)
		return;
	vdoc_index_all(v->doc);
	n = vdoc_lines_known(v->doc);
	if (n == 0)
		return;
	k = n - 1;
	if (!view_line_visible(v, k) && !prev_visible(v, k, &k)) {
		first_visible_top(v);
		return;
	}
	/* go up until the pane is full */
	for (;;) {
		size_t r = rows_of(v, k);
		uint64_t pk;

		if ((long)r >= left) {
			v->top = k;
			v->top_sub = r - (size_t)left;
			return;
		}
		left -= (long)r;
		if (!prev_visible(v, k, &pk)) {
			v->top = k;
			v->top_sub = 0;
			return;
		}
		k = pk;
	}
}

void view_show_line(struct vstate *v, uint64_t k)
{
	int ctx = v->text_rows / 4;

	v->top = k;
	v->top_sub = 0;
	for (int i = 0; i < ctx; i++) {
		uint64_t pk;

		if (!prev_visible(v, v->top, &pk))
			break;
		v->top = pk;
	}
	/* not past the end */
	if (!more_below(v)) {
		uint64_t t = v->top;

		view_end(v);
		if (v->top > t)
			v->top = t, v->top_sub = 0;
	}
}

static enum vaction start_search(struct vstate *v, bool backward, bool crash)
{
	uint64_t at = v->top;

	if (!v->doc)
		return VA_NONE;
	if (!crash && !v->have_pattern) {
		view_msg(v, "no pattern yet: / to search");
		return VA_NONE;
	}
	/* from the hit being looked at (n, N, ] after a hit), else from the top line */
	if (v->search.result == 1 && v->search.found_line >= v->top &&
	    v->search.found_line < v->top + (uint64_t)v->text_rows)
		at = v->search.found_line + (backward ? 0 : 1);
	v->search.crash = crash;
	v->search.level_max = v->level_max;
	vsearch_start(&v->search, v->doc, at, backward);
	return VA_SEARCH;
}

/* ---- an archive: its boots, and the records of one ---- */

void view_boot_loaded(struct vstate *v, size_t boot, size_t n, size_t sel)
{
	v->at_boots = false;
	v->boot = boot;
	v->nentries = n;
	v->sel = sel < n ? sel : 0;
	v->list_top = 0;
	view_layout(v);
}

void view_boots(struct vstate *v)
{
	if (!v->archive || v->at_boots)
		return;
	v->rec_n = v->nentries;
	v->rec_sel = v->sel;
	v->rec_top = v->list_top;
	v->at_boots = true;
	v->nentries = v->nboots;
	v->sel = v->boot < v->nboots ? v->boot : v->nboots ? v->nboots - 1 : 0;
	v->list_top = 0;
	v->focus = VPANE_LIST;
	view_layout(v);
}

/* Enter on a boot: the loaded one's records as they were left, or another one loaded. */
static enum vaction boot_enter(struct vstate *v)
{
	if (v->sel >= v->nboots)
		return VA_NONE;
	if (v->sel != v->boot)
		return VA_OPEN_BOOT;
	v->at_boots = false;
	v->nentries = v->rec_n;
	v->sel = v->rec_sel;
	v->list_top = v->rec_top;
	view_layout(v);
	return VA_NONE;
}

/* Back up from an archive's records to its boots: false when there is no level above. */
static bool boots_key(struct vstate *v)
{
	if (!v->archive || v->at_boots)
		return false;
	view_boots(v);
	return true;
}

static enum vaction list_key(struct vstate *v, int key)
{
	switch (key) {
	case KEY_UP:
	case 'k':
		if (v->sel > 0)
			v->sel--;
		break;
	case KEY_DOWN:
	case 'j':
		if (v->sel + 1 < v->nentries)
			v->sel++;
		break;
	case KEY_HOME:
	case 'g':
		v->sel = 0;
		break;
	case KEY_END:
	case 'G':
		v->sel = v->nentries ? v->nentries - 1 : 0;
		break;
	case KEY_PPAGE:
	case 'b':
		v->sel = v->sel > (size_t)v->list_rows ? v->sel - (size_t)v->list_rows : 0;
		break;
	case KEY_NPAGE:
	case ' ':
		v->sel += (size_t)v->list_rows;
		if (v->sel >= v->nentries)
			v->sel = v->nentries ? v->nentries - 1 : 0;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (v->at_boots)
			return boot_enter(v);
		v->focus = VPANE_TEXT;
		view_layout(v);
		return VA_OPEN;
	case KEY_RIGHT:
		return v->at_boots ? boot_enter(v) : VA_NONE;
	case KEY_LEFT:
		boots_key(v);
		return VA_NONE;
	default:
		return VA_NONE;
	}
	view_layout(v);
	return VA_NONE;
}

enum vaction view_key(struct vstate *v, int key)
{
	v->msg[0] = '\0';
	if (v->help) { /* any key leaves the help; q quits from there too */
		v->help = false;
		return key == 'q' ? VA_QUIT : VA_NONE;
	}
	if (v->pending == 'l') {
		v->pending = 0;
		if (key >= '0' && key <= '7') {
			v->level_max = key - '0';
			view_msg(v, "showing levels %s and worse",
				 pstore_log_level_to_string(v->level_max));
		} else {
			v->level_max = 7;
			view_msg(v, "showing all levels");
		}
		if (v->doc && !view_line_visible(v, v->top)) {
			uint64_t k;

			if (next_visible(v, v->top, &k) || prev_visible(v, v->top, &k))
				v->top = k;
		}
		v->top_sub = 0;
		return VA_NONE;
	}
	switch (key) {
	case VKEY_ESC: /* in an archive's records: up to its boots */
		return boots_key(v) ? VA_NONE : VA_QUIT;
	case KEY_BACKSPACE:
	case 127:
	case VKEY_CTRL('h'):
		boots_key(v);
		return VA_NONE;
	case 'q':
		return VA_QUIT;
	case '?':
		if (v->focus == VPANE_TEXT)
			return VA_PROMPT_BACK;
		/* fall through */
	case KEY_F(1):
	case 'h':
		v->help = true;
		return VA_NONE;
	case VKEY_TAB:
		v->focus = v->focus == VPANE_LIST ? VPANE_TEXT : VPANE_LIST;
		return VA_NONE;
	case 'F':
		v->follow = !v->follow;
		view_msg(v, v->follow ? "following: new records and lines appear"
							   : "following stopped");
		if (v->follow)
			view_end(v);
		return VA_FOLLOW;
	case 's':
		return v->doc ? VA_SAVE : VA_NONE;
	case 'w':
		v->wrap = !v->wrap;
		v->top_sub = 0;
		v->hscroll = 0;
		view_msg(v, v->wrap ? "long lines wrapped"
							 : "long lines cut: left/right scroll");
		return VA_NONE;
	case 'r':
		v->raw = !v->raw;
		v->top_sub = 0;
		view_msg(v, v->raw ? "raw: the bytes as stored, <N> prefixes"
							: "decoded text");
		return VA_NONE;
	case 't':
		if (!v->time_known) {
			view_msg(v, "the record's time is not known");
			return VA_NONE;
		}
		v->walltime = !v->walltime;
		view_msg(v, v->walltime ? "wall-clock time (UTC)"
							     : "kernel timestamps");
		return VA_NONE;
	case 'l':
		v->pending = 'l';
		snprintf(v->msg, sizeof(v->msg),
			 "level: 0 emerg 1 alert 2 crit 3 err 4 warn 5 notice 6 info 7 debug, "
			 "other key: all");
		return VA_NONE;
	case KEY_MOUSE: /* the caller turns the wheel into arrows */
		return VA_NONE;
	}
	if (v->focus == VPANE_LIST)
		return list_key(v, key);
	if (!v->doc)
		return VA_NONE;
	switch (key) {
	case KEY_DOWN:
	case 'j':
	case '\n':
	case '\r':
	case KEY_ENTER:
		row_down(v);
		break;
	case KEY_UP:
	case 'k':
		row_up(v);
		break;
	case KEY_NPAGE:
	case ' ':
	case VKEY_CTRL('f'):
		for (int i = 0; i < v->text_rows - 1 || i == 0; i++)
			row_down(v);
		break;
	case KEY_PPAGE:
	case 'b':
	case VKEY_CTRL('b'):
		for (int i = 0; i < v->text_rows - 1 || i == 0; i++)
			row_up(v);
		break;
	case KEY_HOME:
	case 'g':
		first_visible_top(v);
		break;
	case KEY_END:
	case 'G':
		view_end(v);
		break;
	case KEY_RIGHT:
	case 'L':
		if (!v->wrap)
			v->hscroll += (size_t)(v->cols / 2);
		break;
	case KEY_LEFT:
	case 'H':
		if (!v->wrap)
			v->hscroll = v->hscroll > (size_t)(v->cols / 2) ? v->hscroll - (size_t)(v->cols / 2)
									 : 0;
		break;
	case '/':
		return VA_PROMPT_FWD;
	case 'n':
		return start_search(v, v->pat_back, false);
	case 'N':
		return start_search(v, !v->pat_back, false);
	case ']':
		return start_search(v, false, true);
	case '[':
		return start_search(v, true, true);
	default:
		return VA_NONE;
	}
	return VA_NONE;
}
