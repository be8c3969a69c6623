// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dmesg dumps across records: the parts of one dump (a backend that splits a dump over
 * several records, as efi_pstore does) and which dump is the newest.
 */
#include "source.h"

/* ---- parts of one dump ---- */

/* EFI writes the parts of one dump one after the other: allow a little clock skew. */
#define DUMP_PARTS_MAX_SKEW 10

static int cmp_part_desc(const void *a, const void *b)
{
	const struct pstore_record *x = *(struct pstore_record *const *)a;
	const struct pstore_record *y = *(struct pstore_record *const *)b;

	if (x->hdr.part != y->hdr.part)
		return x->hdr.part > y->hdr.part ? -1 : 1;
	return strcmp(x->name, y->name);
}

_public_ int pstore_record_dump_parts(struct pstore_record *const *recs, size_t n,
				      struct pstore_record *r, struct pstore_record ***ret,
				      size_t *ret_n)
{
	struct pstore_record **out;
	struct pstore_dmesg_header h;
	size_t k = 0;

	out = calloc(n + 1, sizeof(*out));
	if (!out)
		return -ENOMEM;
	if (r->pn.type != PSTORE_TYPE_DMESG || pstore_record_get_dmesg_header(r, &h) < 0) {
		out[k++] = pstore_record_ref(r);
		goto done;
	}
	out[k++] = pstore_record_ref(r);
	for (size_t i = 0; i < n; i++) {
		struct pstore_record *o = recs[i];
		struct pstore_dmesg_header oh;
		bool dup = false;

		if (o == r || o->pn.type != PSTORE_TYPE_DMESG ||
		    !streq(o->pn.backend, r->pn.backend) ||
		    pstore_record_get_dmesg_header(o, &oh) < 0 || oh.reason != h.reason ||
		    oh.count != h.count || llabs(o->mtime - r->mtime) > DUMP_PARTS_MAX_SKEW)
			continue;
		for (size_t j = 0; j < k; j++)
			dup |= out[j]->hdr.part == oh.part;
		if (!dup)
			out[k++] = pstore_record_ref(o);
	}
	qsort(out, k, sizeof(*out), cmp_part_desc);
done:
	*ret = out;
	*ret_n = k;
	return 0;
}

_public_ int pstore_dump_newest(struct pstore_record *const *recs, size_t n,
				struct pstore_record **ret)
{
	struct pstore_record *best = NULL, **parts = NULL;
	struct pstore_dmesg_header bh = { 0 };
	int64_t bt = 0;
	size_t np = 0;
	int e;

	for (size_t i = 0; i < n; i++) {
		struct pstore_record *r = recs[i];
		struct pstore_dmesg_header h;
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
