// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A record source over the records decoded from a memory image (lib/decode.c): they are
 * held in memory with the names and bytes pstorefs would give them, so that listing,
 * reading, the viewer and archiving work on them unchanged. Nothing can be erased.
 */
#include "image.h"
#include "source.h"

static struct pstore_decode *image_decode(struct pstore_source *s)
{
	return s->data;
}

static int image_list(struct pstore_source *s)
{
	struct pstore_decode *d = image_decode(s);

	for (size_t i = 0; i < pstore_decode_record_count(d); i++) {
		const struct pstore_decoded_record *r = pstore_decode_get_record(d, i);
		int e = source_add_record(s, r->name, r->len, r->mtime);

		if (e < 0)
			return e;
	}
	return 0;
}

static const struct pstore_decoded_record *find(struct pstore_source *s, const char *name)
{
	struct pstore_decode *d = image_decode(s);

	for (size_t i = 0; i < pstore_decode_record_count(d); i++)
		if (streq(pstore_decode_get_record(d, i)->name, name))
			return pstore_decode_get_record(d, i);
	return NULL;
}

static ssize_t mem_pread(struct pstore_stream *st, void *buf, size_t len, uint64_t off)
{
	if (off >= st->size)
		return 0;
	if (len > st->size - off)
		len = (size_t)(st->size - off);
	memcpy(buf, st->mem + off, len);
	return (ssize_t)len;
}

static void mem_close(struct pstore_stream *st)
{
	st->mem = NULL;
}

static int image_open(struct pstore_source *s, struct pstore_record *r, struct pstore_stream *st)
{
	const struct pstore_decoded_record *dr = find(s, r->name);

	if (!dr)
		return st->quiet ? -ENOENT
				 : pstore_err(s->ctx, -ENOENT, "%s: no such record", r->name);
	st->fd = -1;
	st->mem = dr->data;
	st->size = dr->len;
	st->pread = mem_pread;
	st->close = mem_close;
	return 0;
}

static void image_free(struct pstore_source *s)
{
	pstore_decode_free(s->data);
}

static const struct pstore_source_ops image_ops = {
	.kind = "image",
	.list = image_list,
	.open = image_open,
	.free = image_free,
};

_public_ int pstore_source_new_image(struct pstore_ctx *ctx, struct pstore_decode *d,
				     struct pstore_source **ret)
{
	struct pstore_source *s;
	int r;

	r = source_new(ctx, &image_ops, pstore_decode_get_path(d), &s);
	if (r < 0) {
		pstore_decode_free(d);
		return pstore_err(ctx, r, "out of memory");
	}
	s->data = d;
	*ret = s;
	return 0;
}
