// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Positional reads of one record's bytes as stored: for a viewer that jumps around a large
 * record (the end, a search hit) without reading what lies before or holding it whole.
 */
#include "source.h"

struct pstore_preader {
	struct pstore_ctx *ctx;
	struct pstore_record *rec;
	struct pstore_stream st;
};

_public_ int pstore_record_open_pread(struct pstore_ctx *ctx, struct pstore_record *r,
				      struct pstore_preader **ret)
{
	struct pstore_preader *p = calloc(1, sizeof(*p));
	int e;

	if (!p)
		return -ENOMEM;
	e = source_open(r, &p->st);
	if (e < 0) {
		free(p);
		return e;
	}
	p->ctx = ctx;
	p->rec = pstore_record_ref(r);
	*ret = p;
	return 0;
}

_public_ uint64_t pstore_preader_get_size(const struct pstore_preader *p)
{
	return p->st.size;
}

_public_ ssize_t pstore_preader_pread(struct pstore_preader *p, void *buf, size_t len,
				      uint64_t off)
{
	ssize_t n;

	if (off >= p->st.size)
		return 0;
	if (len > p->st.size - off)
		len = (size_t)(p->st.size - off);
	n = stream_pread_full(&p->st, buf, len, off);
	if (n < 0)
		return pstore_err_sys(p->ctx, (int)n, "%s", p->rec->name);
	return n;
}

_public_ struct pstore_preader *pstore_preader_free(struct pstore_preader *p)
{
	if (!p)
		return NULL;
	if (p->st.close)
		p->st.close(&p->st);
	pstore_record_unref(p->rec);
	free(p);
	return NULL;
}
