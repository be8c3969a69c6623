/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pstorectl view: the interface between the command (cli/cmd-view.c, in pstorectl), the
 * ncurses module it dlopen()s (cli/view.c, view-draw.c, view-entries.c: build/pstorectl-
 * view.so) and the viewer's pure logic (cli/view-model.c: the lazy line index, crash lines
 * and cells; view-search.c; view-keys.c: the state and view_key()), which the unit tests
 * drive without a terminal.
 */
#ifndef PSTORECTL_VIEW_H
#define PSTORECTL_VIEW_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "libpstore.h"

/* ---- what pstorectl hands the module ---- */
/* 2: the archive's boots (archive, boot) */
#define VIEW_ABI 2
#define VIEW_ENTRY "pstorectl_view_run"
#define VIEW_ABI_SYMBOL "pstorectl_view_abi" /* const int: the module's VIEW_ABI */
struct view_args {
	int abi; /* VIEW_ABI: the module refuses another */
	struct pstore_ctx *ctx;
	struct pstore_source *src; /* the module lists it itself (again when following) */
	/* or, src NULL, an archive (--archive without --boot): the list shows its boots
	 * and the records of one of them; @boot (a boot directory's name) is opened
	 * first, NULL: the newest. @select is looked for in that boot. */
	const char *archive;
	const char *boot;
	const char *select;        /* RECORD argument, or NULL: the newest panic/oops */
	bool color;                /* false: --color=never or NO_COLOR */
	bool follow;               /* start following (-f) */
	/* the CLI's formatters, so that sizes and times read as in `pstorectl ls` */
	char *(*format_size)(uint64_t size, bool bytes, char *buf, size_t len);
	const char *(*format_time)(int64_t sec, char *buf, size_t len);
};
/* The module's entry point; returns the exit status. */
typedef int (*view_run_fn)(const struct view_args *a);

/* ---- the document: the text of one list entry, read lazily ---- */
/*
 * Byte source of a document: positional reads (a plain record through
 * pstore_preader_pread, or inflated/reassembled text held in memory).
 */
struct vdoc_src {
	ssize_t (*pread)(void *data, void *buf, size_t len, uint64_t off);
	void *data;
	uint64_t size;
};

/* Lines longer than this are shown cut, with a mark. */
#define VDOC_LINE_MAX (512u << 10)

struct vmark {
	uint64_t line, off;
};

struct vdoc {
	struct vdoc_src src;
	/* a window of bytes, re-read around what is looked at */
	char *win;
	size_t wcap, wlen;
	uint64_t woff;
	/* the index: a mark every VDOC_STRIDE lines or 64 KiB, built incrementally */
	struct vmark *marks;
	size_t nmarks, mcap;
	char *sbuf;               /* scan buffer of the indexer */
	uint64_t scan_off;        /* bytes indexed */
	uint64_t scan_lines;      /* newlines seen in [0, scan_off) */
	struct vmark last_mark;
	bool complete;
	uint64_t nlines;          /* when complete */
	struct vmark memo;        /* the last line looked up */
	int err;                  /* first read error (negative errno) */
};

int vdoc_init(struct vdoc *d, const struct vdoc_src *src);
void vdoc_free(struct vdoc *d);
/* The source grew (following): keep the index, read on. */
void vdoc_grow(struct vdoc *d, uint64_t size);
/* The indexer and the search read this much at a time. */
#define VDOC_CHUNK (1u << 20)
/* As the source's pread, retrying short reads (cli/view-model.c). */
ssize_t vdoc_read(struct vdoc *d, char *buf, size_t len, uint64_t off);
/* Index up to @budget more bytes. Returns true when the index is complete. */
bool vdoc_index_step(struct vdoc *d, size_t budget);
/* Lines known so far (all of them when complete; else a lower bound). */
uint64_t vdoc_lines_known(const struct vdoc *d);
/* Is line @k in the document (indexing as far as needed)? */
bool vdoc_has_line(struct vdoc *d, uint64_t k);
/* Line @k without its newline; *cut when longer than VDOC_LINE_MAX. The pointer is valid
 * until the next call on @d. Returns false past the end. */
bool vdoc_line(struct vdoc *d, uint64_t k, const char **ret, size_t *ret_len, bool *cut);
uint64_t vdoc_line_offset(struct vdoc *d, uint64_t k);
/* The line holding byte @off (indexing as far as needed). */
uint64_t vdoc_line_of(struct vdoc *d, uint64_t off);
/* The whole index is needed (G, the line count). */
void vdoc_index_all(struct vdoc *d);

/* ---- one line taken apart ---- */
enum vcrash {
	VCRASH_NONE = 0,
	VCRASH_PANIC,     /* Kernel panic - not syncing */
	VCRASH_OOPS,      /* Oops */
	VCRASH_LOCKUP,    /* watchdog: BUG: soft lockup */
	VCRASH_BUG,       /* BUG: */
	VCRASH_WARNING,   /* WARNING: */
	VCRASH_TRACE,     /* Call Trace: */
	VCRASH_PC,        /* RIP: / pc : */
	VCRASH_UNABLE,    /* Unable to handle kernel */
	VCRASH_SYSRQ,     /* SysRq : Trigger a crash */
	VCRASH_REBOOT,    /* reboot: Restarting system */
	VCRASH_POWEROFF,  /* reboot: Power down */
};
struct vline_info {
	int level;          /* 0-7, -1 without a <N> prefix */
	size_t plen;        /* bytes of the <N> prefix */
	size_t ts_start, ts_end; /* the "[  12.345678]" timestamp, ts_end == 0 without */
	double ts;          /* its seconds */
	enum vcrash crash;
};
void vline_parse(const char *line, size_t len, struct vline_info *ret);
/* Which crash line this is (text after any prefix and timestamp). */
enum vcrash vcrash_classify(const char *text, size_t len);

/*
 * The crash at a glance, for the header: lib/crash.c's parser (pstore_crash_parse, the one
 * behind `pstorectl info`), run once on a window of the text. The viewer scans the text
 * lazily for the first line that opens a crash report (vcrash_starts) and parses the
 * window from that line; a text without one is parsed at its end (a lone WARNING, a hung
 * task), as pstore_crash_from_record() reads a record.
 */
#define VCRASH_WINDOW (1u << 20)
struct vcrash_summary {
	struct pstore_crash *crash; /* NULL: no crash (yet) */
};
void vcrash_summary_init(struct vcrash_summary *s);
/* Whether this line of the text (prefix and timestamp allowed) opens a crash report. */
bool vcrash_starts(const char *line, size_t len);
/* Parse the window @buf; 0, or a negative errno (-ENODATA: it shows no crash). */
int vcrash_summary_parse(struct vcrash_summary *s, struct pstore_ctx *ctx, const char *buf,
			 size_t len);
void vcrash_summary_free(struct vcrash_summary *s);
/* One line: "panic: sysrq triggered crash | boot.sh[90] CPU 0 | Not tainted". */
void vcrash_summary_format(const struct vcrash_summary *s, char *buf, size_t len);

/* ---- cells: how a line is shown ---- */
enum vcls {
	VCLS_TEXT = 0,
	VCLS_TS,      /* the timestamp: dimmed */
	VCLS_ESC,     /* a byte shown escaped */
	VCLS_MATCH,   /* a search match */
	VCLS_CUT,     /* the mark of a line cut short */
};
struct vcell {
	const char *p;  /* the bytes shown (UTF-8), or NULL: show esc[] */
	uint8_t len;
	uint8_t width;  /* columns */
	uint8_t cls;
	char esc[8];    /* "\x1b" or spaces of a tab */
};
#define VMATCH_MAX 16
struct vcursor {
	const char *line, *p, *end;
	size_t col;
	bool raw;
	size_t ts_start, ts_end;   /* byte offsets in line */
	const char *alt;           /* the timestamp replaced (wall-clock time) */
	size_t altpos, altlen;
	size_t match[VMATCH_MAX][2];
	size_t nmatch;
	bool cut, cut_done;
};
/* Set up the cells of a line. raw: the <N> prefix kept, every byte not printable ASCII
 * escaped; else UTF-8 shown as UTF-8 and only control bytes escaped. */
void vcursor_init(struct vcursor *c, const char *line, size_t len, const struct vline_info *li,
		  bool raw, bool cut);
/* The next cell; false at the end of the line. */
bool vcursor_next(struct vcursor *c, struct vcell *cell);
/* Rows the line takes when wrapped at @cols. */
size_t vline_rows(const char *line, size_t len, const struct vline_info *li, bool raw,
		  bool cut, int cols);

/* ---- search ---- */
struct vsearch {
	regex_t re;
	bool compiled;
	bool icase;
	char pattern[256];
	char lit[64];      /* a literal every match contains (lower case when icase), or "" */
	size_t litlen;
	bool crash;        /* ]/[: crash lines instead of the pattern */
	bool backward;
	bool active;       /* a search is running */
	int level_max;     /* lines hidden by the level filter do not count */
	uint64_t pos;      /* forward: next byte to look at; backward: look below it */
	char *buf, *low;   /* chunk and its lower-case copy */
	int result;        /* 1 found (found_line), -1 not found, 0 running */
	uint64_t found_line;
};
/* Compile @pattern (POSIX ERE, case-insensitive unless it has a capital). Returns 0 or the
 * regcomp error, with its text in @err. */
int vsearch_compile(struct vsearch *s, const char *pattern, char *err, size_t errlen);
/* The longest literal that every match of the ERE @pattern must contain ("" if none). */
size_t vregex_literal(const char *pattern, char *buf, size_t len);
/* Start looking forward from line @from (included), or backward from the line above it. */
void vsearch_start(struct vsearch *s, struct vdoc *d, uint64_t from, bool backward);
/* Look through up to @budget more bytes; returns s->result. */
int vsearch_step(struct vsearch *s, struct vdoc *d, size_t budget);
/* Does this line match (pattern or crash)? */
bool vsearch_line_matches(struct vsearch *s, const char *line, size_t len);
/* Byte ranges of the matches of the pattern in a line, for highlighting. */
size_t vsearch_line_ranges(struct vsearch *s, const char *line, size_t len,
			   size_t ranges[][2], size_t max);
void vsearch_free(struct vsearch *s);

/* ---- the viewer's state and its keys ---- */
enum vpane { VPANE_LIST, VPANE_TEXT };
enum vaction {
	VA_NONE = 0,
	VA_QUIT,
	VA_OPEN,          /* open the list's selection */
	VA_PROMPT_FWD,    /* ask for a pattern, search forward */
	VA_PROMPT_BACK,
	VA_SAVE,          /* ask for a file name, save */
	VA_SEARCH,        /* a search (n, N, ], [) was started: run it */
	VA_FOLLOW,        /* follow was switched */
	VA_OPEN_BOOT,     /* an archive: load the records of the boot selected (sel) */
};

struct vstate {
	int rows, cols;            /* the screen */
	int list_rows, text_rows;  /* set by view_layout() */
	enum vpane focus;
	size_t nentries, sel, list_top;
	struct vdoc *doc;          /* the open entry, or NULL */
	uint64_t top;              /* first line of the text pane */
	size_t top_sub;            /* wrapped: first row of that line */
	size_t hscroll;
	bool wrap, raw, walltime, follow, help, time_known;
	int level_max;             /* show lines of level <= this; 7 = all */
	int pending;               /* first key of a two-key command ('l') */
	struct vsearch search;
	bool have_pattern;
	bool pat_back;             /* the pattern was looked for backward (?): n goes up */
	char msg[160];             /* shown once on the status line */
	/*
	 * An archive: the list has two levels, its boots (at_boots; sel is a boot's
	 * index) and the records of the boot loaded. The records level's list is kept
	 * while the boots are shown: Enter on the same boot goes back to it as it was.
	 */
	bool archive, at_boots;
	size_t nboots;
	size_t boot;               /* the boot whose records are loaded; SIZE_MAX: none */
	size_t rec_n, rec_sel, rec_top;
};
void view_init(struct vstate *v, int rows, int cols);
/* The message of the status line (shown until the next key). */
void view_msg(struct vstate *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Pane sizes for the screen and the list. */
void view_layout(struct vstate *v);
/* A new document in the text pane: top of it, the search kept. */
void view_set_doc(struct vstate *v, struct vdoc *doc);
/* One key (ncurses codes); returns what the caller must do. */
enum vaction view_key(struct vstate *v, int key);
/* An archive's boot @boot was loaded: its @n records listed, @sel selected. */
void view_boot_loaded(struct vstate *v, size_t boot, size_t n, size_t sel);
/* An archive: show its boots (the list's upper level), the loaded boot selected. */
void view_boots(struct vstate *v);
/* Is line k shown under the level filter? */
bool view_line_visible(struct vstate *v, uint64_t k);
/* Put line @k on the screen (the search hit, a crash line): a few lines of context above. */
void view_show_line(struct vstate *v, uint64_t k);
/* The bottom: the last lines fill the pane. */
void view_end(struct vstate *v);

/* Keys view_key() knows besides ncurses' KEY_*: */
#define VKEY_ESC 27
#define VKEY_TAB '\t'
#define VKEY_CTRL(c) ((c)&0x1f)

#endif /* PSTORECTL_VIEW_H */
