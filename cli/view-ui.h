/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside the viewer module (pstorectl-view.so): the viewer over its entries and the open
 * document, shared by the loop (cli/view.c), the drawing (cli/view-draw.c) and the
 * entries and documents (cli/view-entries.c). Not seen by pstorectl itself.
 */
#ifndef PSTORECTL_VIEW_UI_H
#define PSTORECTL_VIEW_UI_H

#include "shared/c.h"
#include "view.h"

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
	struct pstore_source *src;   /* listed: a->src, or an archived boot's */
	struct pstore_archive *arch; /* an archive (a->archive), its oldest boot first */
	struct pstore_record **recs;
	size_t nrecs;
	struct entry *ents;
	size_t nents;
	struct vstate v;
	struct open_doc od;
	bool color;
	bool crash_pending;          /* the first crash line is still searched for: shown
				      * when found, unless a key came first */
	char *sbuf;                  /* summary scan buffer */
};

/* ---- entries and documents (cli/view-entries.c) ---- */
/* The records of w->src as list entries (the parts of a dump as one). 0 or -errno. */
int viewer_load_entries(struct viewer *w);
void viewer_free_entries(struct viewer *w);
/* The entry to open first: the one @select names, else the newest panic or oops. */
size_t viewer_first_entry(struct viewer *w, const char *select);
/* Open entry @i in the text pane (the one open before is closed). 0 or -errno. */
int viewer_open_entry(struct viewer *w, size_t i);
void viewer_close_doc(struct viewer *w);
/* Sum up the crash of the open document, reading up to @budget more bytes. */
void viewer_summary_step(struct viewer *w, size_t budget);
/* The archive's boots (again when following: the selection and the loaded boot kept by
 * name). 0 or -errno. */
int viewer_load_boots(struct viewer *w);
/* The records of archived boot @i in the list, the record @select names (NULL: the newest
 * panic or oops) selected; the open document is closed. 0 or -errno. */
int viewer_open_boot(struct viewer *w, size_t i, const char *select);
/* "0", "-1", ...: the index `pstorectl boots` and --boot give boot @i. */
void viewer_boot_index(const struct viewer *w, size_t i, char *buf, size_t len);

/* ---- drawing (cli/view-draw.c) ---- */
void viewer_init_colors(struct viewer *w);
/* The whole screen: the help, or header, list, text and status line. */
void viewer_draw(struct viewer *w);
/* A string that may come from a record: printable bytes only, at most @width. */
void viewer_put_safe(const char *s, int width);

#endif /* PSTORECTL_VIEW_UI_H */
