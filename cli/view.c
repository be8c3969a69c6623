/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pstorectl view, the ncurses module (pstorectl-view.so, the only ncurses user): its
 * entry point, the terminal set up and restored, and the loop: keys, background work
 * (indexing, search, the crash summary), prompts, save and follow. What a key does is
 * decided by view_key() (cli/view-keys.c); the screen is drawn by cli/view-draw.c.
 */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "view-ui.h"

#define STEP_BYTES (8u << 20)    /* background work between two looks at the keyboard */

static bool streq_safe(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
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
		viewer_put_safe(what, w->v.cols - 1);
		viewer_put_safe(buf + (n > (size_t)w->v.cols / 2 ? n - (size_t)w->v.cols / 2 : 0),
			 w->v.cols - 1 - (int)strlen(what));
		curs_set(1);
		refresh();
		ch = getch();
		curs_set(0);
		if (ch == KEY_RESIZE) {
			resize(w);
			viewer_draw(w);
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

	if (w->crash_pending) {
		/* the background search for the first crash line: no message when none */
		w->crash_pending = false;
		if (v->search.result == 1)
			view_show_line(v, v->search.found_line);
		return;
	}
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

	/* an archive: new boots join the list; while it shows them, nothing else */
	if (w->arch) {
		size_t nboots = v->nboots;

		if (viewer_load_boots(w) == 0 && v->nboots > nboots)
			view_msg(v, "new archived boot: %s",
				 pstore_archive_get_name(w->arch, v->nboots - 1));
		if (v->at_boots)
			return;
	}
	if (w->nents)
		snprintf(name, sizeof(name), "%s", pstore_record_get_name(w->ents[v->sel].rec));
	if (was_open)
		snprintf(open_name, sizeof(open_name), "%s",
			 pstore_record_get_name(w->ents[w->od.entry].rec));
	at_end = v->doc && !v->search.active;
	if (viewer_load_entries(w) < 0)
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
			if (viewer_open_entry(w, w->od.entry) == 0) {
				v->top = top;
				if (at_end)
					view_end(v);
			}
		}
	}
}

/*
 * A crash record opens at its first crash line: at once when it is in the first MiB, else
 * the search goes on in the background (the first screen is not held up) and the view
 * moves there when it is found, unless a key came first.
 */
static void first_crash(struct viewer *w)
{
	struct vstate *v = &w->v;
	int r;

	v->search.crash = true;
	v->search.level_max = v->level_max;
	vsearch_start(&v->search, v->doc, 0, false);
	r = vsearch_step(&v->search, v->doc, 1u << 20);
	if (r == 1)
		view_show_line(v, v->search.found_line);
	w->crash_pending = r == 0 && v->search.active && !v->follow;
	if (!w->crash_pending)
		v->search.active = false;
}

/* Open the list's first entry: the one @select names, else the newest panic or oops, at
 * its first crash line. */
static void open_first(struct viewer *w, const char *select)
{
	struct vstate *v = &w->v;

	if (!w->nents) {
		v->focus = VPANE_LIST;
		view_layout(v);
		return;
	}
	v->sel = viewer_first_entry(w, select);
	view_layout(v);
	if (viewer_open_entry(w, v->sel) < 0)
		view_msg(v, "%s", pstore_errmsg(w->a->ctx));
	else if (!select && w->ents[v->sel].crash)
		first_crash(w);
	if (v->follow)
		view_end(v);
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
			viewer_draw(w);
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
				viewer_summary_step(w, STEP_BYTES);
				dirty = w->od.sum_done;
			} else if (v->follow) {
				follow_tick(w);
				dirty = true;
			}
			continue;
		}
		dirty = true;
		if (w->crash_pending && ch != KEY_RESIZE) {
			/* the reader moved first: the view stays where it is */
			w->crash_pending = false;
			v->search.active = false;
		}
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
			if (w->nents && viewer_open_entry(w, v->sel) < 0)
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
		case VA_OPEN_BOOT:
			if (viewer_open_boot(w, v->sel, NULL) < 0) {
				view_msg(v, "%s", pstore_errmsg(w->a->ctx));
				break;
			}
			open_first(w, NULL);
			v->focus = VPANE_LIST; /* to pick another of its records */
			break;
		case VA_SAVE:
			save(w);
			break;
		default:
			break;
		}
	}
}

/*
 * The records to start with, read before the terminal is taken (errors go to stderr):
 * the source's, or those of an archived boot (the one a->boot names, else the newest).
 */
static int load(struct viewer *w)
{
	const struct view_args *a = w->a;
	size_t start;
	int r;

	if (!a->archive) {
		w->src = pstore_source_ref(a->src);
		return viewer_load_entries(w);
	}
	w->v.archive = true;
	r = viewer_load_boots(w);
	if (r < 0)
		return r;
	if (w->v.nboots == 0) {
		view_boots(&w->v);
		return 0;
	}
	start = w->v.nboots - 1;
	for (size_t i = 0; a->boot && i < w->v.nboots; i++)
		if (streq_safe(pstore_archive_get_name(w->arch, i), a->boot))
			start = i;
	return viewer_open_boot(w, start, a->select);
}

static void viewer_free(struct viewer *w)
{
	viewer_close_doc(w);
	vsearch_free(&w->v.search);
	viewer_free_entries(w);
	pstore_archive_free(w->arch);
	pstore_source_unref(w->src);
	free(w->sbuf);
}

/* pstorectl reads it before it calls the viewer: a module of another version is said. */
__attribute__((visibility("default"))) extern const int pstorectl_view_abi;
const int pstorectl_view_abi = VIEW_ABI;

__attribute__((visibility("default"))) int pstorectl_view_run(const struct view_args *a);

int pstorectl_view_run(const struct view_args *a)
{
	struct viewer w = { .a = a };
	SCREEN *scr;
	int r;

	if (a->abi != VIEW_ABI) {
		fprintf(stderr,
			"pstorectl: view: the viewer module (ABI %d) is not of this pstorectl "
			"(ABI %d)\n",
			VIEW_ABI, a->abi);
		return 1;
	}
	view_init(&w.v, 0, 0);
	r = load(&w);
	if (r < 0) {
		fprintf(stderr, "pstorectl: view: %s\n", pstore_errmsg(a->ctx));
		viewer_free(&w);
		return 1;
	}
	setlocale(LC_ALL, "");
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		fprintf(stderr, "pstorectl: view: cannot use the terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		viewer_free(&w);
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
	viewer_init_colors(&w);
	w.v.rows = LINES;
	w.v.cols = COLS;
	w.v.follow = a->follow;
	if (w.v.at_boots)
		view_layout(&w.v);
	else
		open_first(&w, a->select);
	r = loop(&w);
	endwin();
	delscreen(scr);
	viewer_free(&w);
	return r;
}
