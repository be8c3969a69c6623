// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dmesg dumps across records: the parts of one dump (a backend that splits a dump over
 * several records, as efi_pstore does) and which dump is the newest.
 */
#include "source.h"

/* ---- parts of one dump ---- */

/* EFI writes the parts of one dump one after the other: allow a little clock skew. */
#define DUMP_PARTS_MAX_SKEW 10

/* Test seam (tests/unit/test-records.c): records examined as candidate parts. */
unsigned long dump_parts_examined;

static int cmp_part_desc(const void *a, const void *b)
{
	const struct pstore_record *x = *(struct pstore_record *const *)a;
	const struct pstore_record *y = *(struct pstore_record *const *)b;

	if (x->hdr.part != y->hdr.part)
		return x->hdr.part > y->hdr.part ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Could @o be a part of @r's dump? What the listing tells: type, backend, time window. */
static bool may_be_part(const struct pstore_record *r, const struct pstore_record *o)
{
	dump_parts_examined++;
	return o != r && o->pn.type == PSTORE_TYPE_DMESG &&
	       llabs(o->mtime - r->mtime) <= DUMP_PARTS_MAX_SKEW &&
	       streq(o->pn.backend, r->pn.backend);
}

/*
 * @cands (in the order of the listing) that are parts of @r's dump, one record a part, @r
 * first: into a new list, highest part first. Headers (a read of the record each) are
 * read only for the records that pass the cheap tests, @r's only when one does.
 */
static int collect_parts(struct pstore_record *const *cands, size_t n, struct pstore_record *r,
			 struct pstore_record ***ret, size_t *ret_n)
{
	struct pstore_record **out;
	struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
	int has_h = -1; /* r's header: not read yet */
	size_t k = 0;

	out = calloc(n + 2, sizeof(*out));
	if (!out)
		return -ENOMEM;
	out[k++] = pstore_record_ref(r);
	for (size_t i = 0; i < n && has_h != 0 && r->pn.type == PSTORE_TYPE_DMESG; i++) {
		struct pstore_record *o = cands[i];
		struct pstore_dmesg_header oh = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
		bool dup = false;

		if (!may_be_part(r, o))
			continue;
		if (has_h < 0)
			has_h = pstore_record_get_dmesg_header(r, &h) == 0;
		if (!has_h || pstore_record_get_dmesg_header(o, &oh) < 0 ||
		    oh.reason != h.reason || oh.count != h.count)
			continue;
		for (size_t j = 0; j < k; j++)
			dup |= out[j]->hdr.part == oh.part;
		if (!dup)
			out[k++] = pstore_record_ref(o);
	}
	if (k > 1)
		qsort(out, k, sizeof(*out), cmp_part_desc);
	*ret = out;
	*ret_n = k;
	return 0;
}

_public_ int pstore_record_dump_parts(struct pstore_record *const *recs, size_t n,
				      struct pstore_record *r, struct pstore_record ***ret,
				      size_t *ret_n)
{
	/* the time window reads r->mtime: listed records may not have it yet */
	source_records_stat(recs, n);
	source_record_stat(r);
	return collect_parts(recs, n, r, ret, ret_n);
}

/*
 * The dmesg records of a listing sorted by backend and time, so that the candidates for
 * the parts of a dump are a binary search away: grouping every record of a listing costs
 * n log n, not n^2. Headers are read only for records within a dump's time window.
 */
struct dump_slot {
	struct pstore_record *r;
	size_t pos; /* in the listing: which of two records with the same part wins */
};

struct pstore_dump_index {
	struct dump_slot *slots;
	size_t n;
};

static int cmp_slot(const void *a, const void *b)
{
	const struct dump_slot *x = a, *y = b;
	int c = strcmp(x->r->pn.backend, y->r->pn.backend);

	if (c)
		return c;
	if (x->r->mtime != y->r->mtime)
		return x->r->mtime < y->r->mtime ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int cmp_slot_pos(const void *a, const void *b)
{
	const struct dump_slot *x = a, *y = b;

	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

_public_ int pstore_dump_index_new(struct pstore_record *const *recs, size_t n,
				   struct pstore_dump_index **ret)
{
	struct pstore_dump_index *idx = calloc(1, sizeof(*idx));

	if (!idx)
		return -ENOMEM;
	source_records_stat(recs, n);
	idx->slots = calloc(n + 1, sizeof(*idx->slots));
	if (!idx->slots) {
		free(idx);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		if (recs[i]->pn.type == PSTORE_TYPE_DMESG)
			idx->slots[idx->n++] = (struct dump_slot){ pstore_record_ref(recs[i]), i };
	qsort(idx->slots, idx->n, sizeof(*idx->slots), cmp_slot);
	*ret = idx;
	return 0;
}

_public_ struct pstore_dump_index *pstore_dump_index_free(struct pstore_dump_index *idx)
{
	if (!idx)
		return NULL;
	for (size_t i = 0; i < idx->n; i++)
		pstore_record_unref(idx->slots[i].r);
	free(idx->slots);
	free(idx);
	return NULL;
}

_public_ int pstore_dump_index_parts(const struct pstore_dump_index *idx,
				     struct pstore_record *r, struct pstore_record ***ret,
				     size_t *ret_n)
{
	struct dump_slot key = { .r = r }, *win;
	struct pstore_record **cands;
	size_t lo = 0, hi = idx->n, end, nw;
	int e;

	if (r->pn.type != PSTORE_TYPE_DMESG)
		return collect_parts(NULL, 0, r, ret, ret_n);
	source_record_stat(r);
	/* the first slot of r's backend at or after r's time minus the skew */
	key.r = &(struct pstore_record){ .pn = r->pn, .mtime = r->mtime - DUMP_PARTS_MAX_SKEW };
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_slot(&idx->slots[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < idx->n && streq(idx->slots[end].r->pn.backend, r->pn.backend) &&
		       idx->slots[end].r->mtime <= r->mtime + DUMP_PARTS_MAX_SKEW;
	     end++)
		;
	/* the window in the order of the listing, as pstore_record_dump_parts() sees it */
	nw = end - lo;
	win = malloc((nw + 1) * sizeof(*win));
	cands = malloc((nw + 1) * sizeof(*cands));
	if (!win || !cands) {
		free(win);
		free(cands);
		return -ENOMEM;
	}
	memcpy(win, idx->slots + lo, nw * sizeof(*win));
	qsort(win, nw, sizeof(*win), cmp_slot_pos);
	for (size_t i = 0; i < nw; i++)
		cands[i] = win[i].r;
	e = collect_parts(cands, nw, r, ret, ret_n);
	free(win);
	free(cands);
	return e;
}

_public_ int pstore_dump_newest(struct pstore_record *const *recs, size_t n,
				struct pstore_record **ret)
{
	struct pstore_record *best = NULL, **parts = NULL;
	struct pstore_dmesg_header bh = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
	int64_t bt = 0;
	size_t np = 0;
	int e;

	source_records_stat(recs, n);
	for (size_t i = 0; i < n; i++) {
		struct pstore_record *r = recs[i];
		struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
		int64_t t;

		/* an empty record is a slot the kernel has not filled: no dump */
		if (r->pn.type != PSTORE_TYPE_DMESG || r->size == 0 ||
		    pstore_record_get_time(r, &t) < 0 || pstore_record_get_dmesg_header(r, &h) < 0)
			continue;
		if (!best || t > bt || (t == bt && h.part < bh.part)) {
			best = r;
			bt = t;
			bh = h;
		}
	}
	if (!best)
		return -ENOENT;
	/* A dump in parts is stored part 1 first, so its newest record can be a later part:
	 * the dump is named by its part 1, which holds the end of the log. */
	e = pstore_record_dump_parts(recs, n, best, &parts, &np);
	if (e < 0)
		return e;
	*ret = parts[np - 1];
	pstore_record_list_free(parts, np);
	return 0;
}
