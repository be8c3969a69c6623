/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The viewer's list entries and the document opened over one: the records of the source
 * (the parts of a dmesg dump as one entry), an archive's boots and the records of one, a
 * record read in place or inflated into memory, the crash summary read in the background,
 * the wall-clock time of timestamp 0.
 * No ncurses here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view-ui.h"

#define MEM_DOC_MAX (256u << 20) /* inflated or reassembled text held in memory */

/* ==== entries ============================================================================ */

void viewer_free_entries(struct viewer *w)
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

int viewer_load_entries(struct viewer *w)
{
	struct pstore_record **recs;
	bool *done;
	size_t n;
	int r;

	r = pstore_source_list(w->src, &recs, &n);
	if (r < 0)
		return r;
	pstore_record_list_probe(recs, n);
	done = calloc(n + 1, sizeof(*done));
	viewer_free_entries(w);
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
size_t viewer_first_entry(struct viewer *w, const char *select)
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

/* ==== an archive's boots ================================================================= */

void viewer_boot_index(const struct viewer *w, size_t i, char *buf, size_t len)
{
	size_t n = pstore_archive_count(w->arch);

	snprintf(buf, len, "%s%zu", i + 1 < n ? "-" : "", n - 1 - i);
}

/* The index of the boot directory @name in @a, or SIZE_MAX. */
static size_t boot_by_name(const struct pstore_archive *a, const char *name)
{
	for (size_t i = 0; name && i < pstore_archive_count(a); i++)
		if (streq(pstore_archive_get_name(a, i), name))
			return i;
	return SIZE_MAX;
}

int viewer_load_boots(struct viewer *w)
{
	struct vstate *v = &w->v;
	struct pstore_archive *a = NULL, *old = w->arch;
	size_t sel, boot;
	int r;

	r = pstore_archive_open(w->a->ctx, w->a->archive, &a);
	if (r < 0)
		return r;
	sel = old && v->at_boots && v->sel < v->nboots
		      ? boot_by_name(a, pstore_archive_get_name(old, v->sel))
		      : SIZE_MAX;
	boot = old && v->boot < v->nboots
		       ? boot_by_name(a, pstore_archive_get_name(old, v->boot))
		       : SIZE_MAX;
	pstore_archive_free(old);
	w->arch = a;
	v->nboots = pstore_archive_count(a);
	v->boot = boot;
	if (v->at_boots) {
		v->nentries = v->nboots;
		v->sel = sel != SIZE_MAX ? sel : v->nboots ? v->nboots - 1 : 0;
		view_layout(v);
	}
	return 0;
}

int viewer_open_boot(struct viewer *w, size_t i, const char *select)
{
	struct pstore_source *src = NULL, *old = w->src;
	int r;

	if (i >= pstore_archive_count(w->arch))
		return -ENOENT;
	r = pstore_source_new_dir(w->a->ctx, pstore_archive_get_path(w->arch, i), &src);
	if (r < 0)
		return r;
	viewer_close_doc(w);
	w->src = src;
	r = viewer_load_entries(w);
	if (r < 0) { /* the list as it was */
		w->src = old;
		pstore_source_unref(src);
		return r;
	}
	pstore_source_unref(old);
	view_boot_loaded(&w->v, i, w->nents, viewer_first_entry(w, select));
	return 0;
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

void viewer_close_doc(struct viewer *w)
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
void viewer_summary_step(struct viewer *w, size_t budget)
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

int viewer_open_entry(struct viewer *w, size_t i)
{
	struct open_doc *od = &w->od;
	struct entry *e = &w->ents[i];
	struct vdoc_src src;
	int r;

	viewer_close_doc(w);
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
	viewer_summary_step(w, 256u << 10);
	return 0;
}
