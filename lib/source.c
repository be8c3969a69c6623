// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The base of every record source (reference counting, listing, sorting, opening,
 * removing) and the record object (what a record knows from its listing: name, size,
 * time). The kinds of sources (lib/source-*.c) build on this file, never the reverse.
 */
#include <inttypes.h>

#include "source.h"

int source_new(struct pstore_ctx *ctx, const struct pstore_source_ops *ops, const char *path,
	       struct pstore_source **ret)
{
	struct pstore_source *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->refs = 1;
	s->ops = ops;
	s->path = path ? strdup(path) : NULL;
	if (path && !s->path) {
		free(s);
		return -ENOMEM;
	}
	s->ctx = pstore_ref(ctx);
	*ret = s;
	return 0;
}

_public_ struct pstore_source *pstore_source_ref(struct pstore_source *s)
{
	if (s)
		s->refs++;
	return s;
}

_public_ struct pstore_source *pstore_source_unref(struct pstore_source *s)
{
	if (!s || --s->refs > 0)
		return NULL;
	if (s->ops->free)
		s->ops->free(s);
	free(s->path);
	free(s->watch_dir);
	pstore_unref(s->ctx);
	free(s);
	return NULL;
}

_public_ const char *pstore_source_get_kind(const struct pstore_source *s)
{
	return s->ops->kind;
}

_public_ const char *pstore_source_get_path(const struct pstore_source *s)
{
	return s->path;
}

_public_ const char *pstore_source_get_watch_dir(const struct pstore_source *s)
{
	return s->watch_dir;
}

_public_ void pstore_source_set_all_files(struct pstore_source *s, bool all)
{
	s->all_files = all;
}

static int cmp_records(const void *a, const void *b)
{
	const struct pstore_record *x = *(struct pstore_record *const *)a;
	const struct pstore_record *y = *(struct pstore_record *const *)b;
	int c;

	if (x->pn.type != y->pn.type)
		return x->pn.type < y->pn.type ? -1 : 1;
	c = strcmp(x->pn.backend, y->pn.backend);
	if (c)
		return c;
	if (x->pn.has_id != y->pn.has_id)
		return x->pn.has_id ? 1 : -1;
	if (x->pn.id != y->pn.id)
		return x->pn.id < y->pn.id ? -1 : 1;
	return strcmp(x->name, y->name);
}

_public_ int pstore_source_list(struct pstore_source *s, struct pstore_record ***ret,
				size_t *ret_n)
{
	int r;

	s->recs = NULL;
	s->nrecs = s->cap = 0;
	r = s->ops->list(s);
	if (r < 0) {
		/* records hold a reference to s: drop them without recursion trouble */
		pstore_record_list_free(s->recs, s->nrecs);
		s->recs = NULL;
		s->nrecs = s->cap = 0;
		return r;
	}
	if (s->nrecs > 1)
		qsort(s->recs, s->nrecs, sizeof(*s->recs), cmp_records);
	*ret = s->recs;
	*ret_n = s->nrecs;
	if (!*ret) {
		*ret = calloc(1, sizeof(**ret));
		if (!*ret)
			return -ENOMEM;
	}
	s->recs = NULL;
	s->nrecs = s->cap = 0;
	return 0;
}

/* ---- records ---- */


/*
 * What a file of a source is, from its name: a record name the kernel makes (or an archive
 * copy of one, NAME.N), or systemd-pstore's reassembled "dmesg.txt" in one of its per-id
 * directories. Anything else (notes, a DTB, a README) is not a record.
 */
static bool name_is_record(const char *name, struct pstore_name *pn)
{
	const char *base = strrchr(name, '/');

	if (pstore_record_name_parse(base ? base + 1 : name, pn) == 0)
		return true;
	if (base && streq(base + 1, "dmesg.txt")) {
		pn->type = PSTORE_TYPE_DMESG;
		return true;
	}
	return false;
}

static int add_record(struct pstore_source *s, const char *name, uint64_t size,
		      int64_t mtime, bool stat_pending)
{
	struct pstore_record *r;
	struct pstore_name pn = PSTORE_STRUCT_INIT(struct pstore_name);
	bool foreign = !name_is_record(name, &pn);

	if (foreign && !s->all_files) {
		dbg(s->ctx, "%s: not a record name, skipped", name);
		return 0;
	}
	if (s->nrecs == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct pstore_record **n = reallocarray(s->recs, cap, sizeof(*n));

		if (!n)
			return -ENOMEM;
		s->recs = n;
		s->cap = cap;
	}
	/* the name in the same block: one allocation, and the record's fields and name
	 * side by side (sorting and ls of 10,000 records touch both) */
	r = calloc(1, sizeof(*r) + strlen(name) + 1);
	if (!r)
		return -ENOMEM;
	r->name = strcpy((char *)(r + 1), name);
	r->refs = 1;
	r->src = pstore_source_ref(s);
	r->size = size;
	r->mtime = mtime;
	r->stat_pending = stat_pending;
	r->pn = pn;
	r->hdr.struct_size = sizeof(r->hdr);
	r->ecc.struct_size = sizeof(r->ecc);
	r->foreign = foreign;
	s->recs[s->nrecs++] = r;
	return 0;
}

int source_add_record(struct pstore_source *s, const char *name, uint64_t size,
		      int64_t mtime)
{
	return add_record(s, name, size, mtime, false);
}

int source_add_record_unstated(struct pstore_source *s, const char *name)
{
	return add_record(s, name, 0, 0, true);
}

void source_record_stat(struct pstore_record *r)
{
	int e;

	if (!r->stat_pending)
		return;
	r->stat_pending = false;
	e = r->src->ops->stat ? r->src->ops->stat(r->src, r) : -ENOTSUP;
	if (e < 0) {
		r->size = 0;
		r->mtime = 0;
		if (!r->probe_err)
			r->probe_err = e;
	}
}

void source_records_stat(struct pstore_record *const *recs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		source_record_stat(recs[i]);
}

_public_ struct pstore_record *pstore_record_ref(struct pstore_record *r)
{
	if (r)
		r->refs++;
	return r;
}

_public_ struct pstore_record *pstore_record_unref(struct pstore_record *r)
{
	if (!r || --r->refs > 0)
		return NULL;
	pstore_source_unref(r->src);
	free(r);
	return NULL;
}

_public_ void pstore_record_list_free(struct pstore_record **recs, size_t n)
{
	if (!recs)
		return;
	for (size_t i = 0; i < n; i++)
		pstore_record_unref(recs[i]);
	free(recs);
}

_public_ const char *pstore_record_get_name(const struct pstore_record *r)
{
	return r->name;
}

_public_ enum pstore_type pstore_record_get_type(const struct pstore_record *r)
{
	return r->pn.type;
}

_public_ const char *pstore_record_get_backend(const struct pstore_record *r)
{
	return r->pn.backend;
}

_public_ int pstore_record_get_id(const struct pstore_record *r, uint64_t *ret)
{
	if (!r->pn.has_id)
		return -ENODATA;
	*ret = r->pn.id;
	return 0;
}

_public_ uint64_t pstore_record_get_size(const struct pstore_record *r)
{
	/* the size is read on first use: a cache, not a change the caller sees */
	source_record_stat((struct pstore_record *)r);
	return r->size;
}

_public_ bool pstore_record_is_compressed(const struct pstore_record *r)
{
	return r->pn.compressed;
}

_public_ int64_t pstore_record_get_mtime(const struct pstore_record *r)
{
	source_record_stat((struct pstore_record *)r);
	return r->mtime;
}

_public_ int pstore_record_get_time(const struct pstore_record *r, int64_t *ret)
{
	/* inode.c sets mtime from record->time only when it is not 0. ramoops (its
	 * "====sec.usec" header), pstore_blk/zone and efi give a time to dmesg records
	 * alone; erst gives every record the time of its CPER header (mce too). */
	if (r->pn.type != PSTORE_TYPE_DMESG &&
	    (r->pn.type == PSTORE_TYPE_UNKNOWN || !streq(r->pn.backend, "erst")))
		return -ENODATA;
	source_record_stat((struct pstore_record *)r);
	*ret = r->mtime;
	return 0;
}

_public_ bool pstore_record_is_foreign(const struct pstore_record *r)
{
	return r->foreign;
}

/* @name is @what, or @what is @name without the ".enc.z" of a compressed record. */
static bool name_is(const struct pstore_record *r, const char *name, const char *what)
{
	size_t l = strlen(what);

	if (streq(name, what))
		return true;
	return r->pn.compressed && strncmp(name, what, l) == 0 && streq(name + l, ".enc.z");
}

_public_ bool pstore_record_matches(const struct pstore_record *r, const char *what)
{
	const char *base = strrchr(r->name, '/');
	int type;

	if (r->foreign)
		return streq(r->name, what);
	/* a type names records of that type, never a file that merely has that name */
	type = pstore_type_from_string(what);
	if (type >= 0)
		return r->pn.type == (enum pstore_type)type;
	return name_is(r, r->name, what) || (base && name_is(r, base + 1, what));
}

/* ---- opening ---- */

int source_open(struct pstore_record *r, struct pstore_stream *st)
{
	memset(st, 0, sizeof(*st));
	st->fd = -1;
	return r->src->ops->open(r->src, r, st);
}

int source_open_quiet(struct pstore_record *r, struct pstore_stream *st)
{
	memset(st, 0, sizeof(*st));
	st->fd = -1;
	st->quiet = true;
	return r->src->ops->open(r->src, r, st);
}

ssize_t stream_pread_full(struct pstore_stream *st, void *buf, size_t len, uint64_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = st->pread(st, (char *)buf + got, len - got, off + got);

		if (n < 0)
			return n;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

_public_ int pstore_record_remove(struct pstore_ctx *ctx, struct pstore_record *r)
{
	if (r->foreign)
		return pstore_err(ctx, -EPERM, "%s: not a pstore record, never erased", r->name);
	if (!r->src->ops->remove)
		return pstore_err(ctx, -EROFS, "%s: this source cannot erase records", r->name);
	return r->src->ops->remove(r->src, r);
}
