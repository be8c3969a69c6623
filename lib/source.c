// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Record sources: what every kind of source shares (listing, sorting, opening,
 * removing), and the live pstore mount, found in the sysroot's /proc/self/mountinfo.
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
	if (!r->src->ops->remove)
		return pstore_err(ctx, -EROFS, "%s: this source cannot erase records", r->name);
	return r->src->ops->remove(r->src, r);
}

/* ---- mountinfo ---- */

/* Decodes the \040-style octal escapes of mountinfo fields. */
static char *unescape_field(const char *s, size_t len)
{
	char *out = malloc(len + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len && s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			*o++ = (char)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) |
				      (s[i + 3] - '0'));
			i += 3;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

_public_ int pstore_mountinfo_find(const char *buf, size_t len, const char *fstype, char **ret)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *f[6], *sep, *q;
		size_t fl[6], nf = 0;

		if (!eol)
			eol = end;
		/* id parent maj:min root mountpoint options [optional...] - fstype source ... */
		q = p;
		while (q < eol && nf < 6) {
			const char *w;

			while (q < eol && *q == ' ')
				q++;
			w = q;
			while (q < eol && *q != ' ')
				q++;
			if (q > w) {
				f[nf] = w;
				fl[nf++] = (size_t)(q - w);
			}
		}
		sep = NULL;
		for (q = p; q + 2 < eol; q++)
			if (q[0] == ' ' && q[1] == '-' && q[2] == ' ') {
				sep = q + 3;
				break;
			}
		if (nf >= 5 && sep) {
			const char *t = sep, *te = sep;

			while (te < eol && *te != ' ')
				te++;
			if ((size_t)(te - t) == strlen(fstype) &&
			    memcmp(t, fstype, (size_t)(te - t)) == 0) {
				*ret = unescape_field(f[4], fl[4]);
				return *ret ? 0 : -ENOMEM;
			}
		}
		p = eol + 1;
	}
	return -ENOENT;
}

_public_ int pstore_source_new_mount(struct pstore_ctx *ctx, struct pstore_source **ret)
{
	_cleanup_free_ char *buf = NULL, *mp = NULL;
	size_t len;
	int r;

	r = pstore_read_sysfile(ctx, "/proc/self/mountinfo", &buf, &len);
	if (r < 0)
		return r;
	r = pstore_mountinfo_find(buf, len, "pstore", &mp);
	if (r == -ENOENT)
		return pstore_err(ctx, -ENOENT,
				  "pstore is not mounted (no pstore line in /proc/self/mountinfo); "
				  "run 'pstorectl mount' or read a copy with --dir");
	if (r < 0)
		return r;
	return source_dir_new(ctx, mp, "mount", ret);
}

_public_ int pstore_backend_get(struct pstore_ctx *ctx, char **ret)
{
	char *buf = NULL;
	size_t len;
	int r;

	r = pstore_read_sysfile(ctx, "/sys/module/pstore/parameters/backend", &buf, &len);
	if (r < 0)
		return r;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	if (len == 0 || streq(buf, "(null)")) {
		free(buf);
		return pstore_err(ctx, -ENODEV, "no pstore backend is registered");
	}
	*ret = buf;
	return 0;
}
