/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside the viewer module (pstorectl-view.so): the viewer over its entries and the open
 * document, shared by the loop (cli/view.c), the drawing (cli/view-draw.c) and the
 * entries and documents (cli/view-entries.c). Not seen by pstorectl itself.
 */
#ifndef PSTORECTL_VIEW_UI_H
#define PSTORECTL_VIEW_UI_H

#include "view.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

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

/* ---- entries and documents (cli/view-entries.c) ---- */
/* The records of the source as list entries (the parts of a dump as one). 0 or -errno. */
int viewer_load_entries(struct viewer *w);
void viewer_free_entries(struct viewer *w);
/* The entry to open first: the one @select names, else the newest panic or oops. */
size_t viewer_first_entry(struct viewer *w, const char *select);
/* Open entry @i in the text pane (the one open before is closed). 0 or -errno. */
int viewer_open_entry(struct viewer *w, size_t i);
void viewer_close_doc(struct viewer *w);
/* Sum up the crash of the open document, reading up to @budget more bytes. */
void viewer_summary_step(struct viewer *w, size_t budget);

/* ---- drawing (cli/view-draw.c) ---- */
void viewer_init_colors(struct viewer *w);
/* The whole screen: the help, or header, list, text and status line. */
void viewer_draw(struct viewer *w);
/* A string that may come from a record: printable bytes only, at most @width. */
void viewer_put_safe(const char *s, int width);

#endif /* PSTORECTL_VIEW_UI_H */
