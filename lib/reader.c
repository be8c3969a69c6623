// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Streaming reads of one record: the bytes as stored, inflated (.enc.z), without the ECC
 * notice, without the dmesg header line, or from the last N lines. Memory stays flat
 * whatever the record's size (the tail of a compressed record keeps its last lines only).
 */
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>

#include "codec.h"
#include "format.h"
#include "source.h"

#define CHUNK (256u << 10)
/* The first read of a compressed record: enough to detect its format (codec.h). */
#define DETECT_IN (16u << 10)
/* The tail of inflated text holds its last lines: refused when they are longer than this. */
#define INFLATED_MAX (256u << 20)

struct pstore_reader {
	struct pstore_ctx *ctx;
	struct pstore_record *rec;
	struct pstore_stream st;
	unsigned flags;
	uint64_t pos, end;      /* input range still to read */
	/* decompressing */
	const struct codec_ops *codec;
	struct codec *z;
	bool z_done;
	unsigned char *in;
	size_t inlen, inpos;
	uint64_t inoff;         /* stream offset of in[0] */
	/* held in memory (the tail of a compressed record) */
	char *mem;
	size_t memlen, mempos;
	int mem_err;            /* the inflate error that cut the held text short */
	/* the dmesg header, for STRIP_HEADER */
	bool head_done;
	char head[64];
	size_t headlen, headpos;
};

_public_ struct pstore_reader *pstore_reader_free(struct pstore_reader *rd)
{
	if (!rd)
		return NULL;
	if (rd->st.close)
		rd->st.close(&rd->st);
	if (rd->z)
		rd->codec->free(rd->z);
	free(rd->in);
	free(rd->mem);
	pstore_record_unref(rd->rec);
	free(rd);
	return NULL;
}

/* The decompressors tried on a compressed record, in this order (lib/codec.h). */
static const struct codec_ops *const codecs[] = {
	&codec_zlib,
};

/*
 * PSTORE_READ_STRIP_ECC: end the stream where its ECC notice starts, read from the end of
 * the stream just opened (the record may have changed since it was probed). The record's
 * cached notice (pstore_record_get_ecc()) is updated on the way.
 */
static void strip_ecc(struct pstore_reader *rd)
{
	struct pstore_record *r = rd->rec;
	char tail[PSTORE_ECC_NOTICE_MAX];
	uint64_t off;
	ssize_t n;

	if (!format_name_may_have_ecc(&r->pn))
		return;
	off = rd->st.size > sizeof(tail) ? rd->st.size - sizeof(tail) : 0;
	n = stream_pread_full(&rd->st, tail, (size_t)(rd->st.size - off), off);
	if (n < 0)
		return; /* reading the record fails again, with a message */
	(void)pstore_ecc_notice_parse(tail, (size_t)n, &r->ecc);
	r->ecc.offset += (size_t)off;
	r->probed_tail = true;
	if (r->ecc.status != PSTORE_ECC_NONE && r->ecc.offset <= rd->end)
		rd->end = r->ecc.offset;
}

static int reader_new(struct pstore_ctx *ctx, struct pstore_record *r, unsigned flags,
		      struct pstore_reader **ret)
{
	struct pstore_reader *rd = calloc(1, sizeof(*rd));
	int e;

	if (!rd)
		return -ENOMEM;
	rd->ctx = ctx;
	rd->rec = pstore_record_ref(r);
	rd->flags = flags;
	rd->head_done = !(flags & PSTORE_READ_STRIP_HEADER);
	e = source_open(r, &rd->st);
	if (e < 0) {
		pstore_reader_free(rd);
		return e;
	}
	rd->end = rd->st.size;
	if (flags & PSTORE_READ_STRIP_ECC)
		strip_ecc(rd);
	if ((flags & PSTORE_READ_INFLATE) && r->pn.compressed) {
		const char *fmt = NULL;
		size_t used = 0;
		ssize_t n;

		rd->in = malloc(CHUNK);
		if (!rd->in) {
			pstore_reader_free(rd);
			return -ENOMEM;
		}
		n = stream_pread_full(&rd->st, rd->in,
				      (size_t)(rd->end < DETECT_IN ? rd->end : DETECT_IN), 0);
		if (n < 0) {
			e = pstore_err_sys(ctx, (int)n, "%s", r->name);
			pstore_reader_free(rd);
			return e;
		}
		/* the codec that knows the data goes on from where its test stopped */
		for (size_t i = 0; i < ARRAY_SIZE(codecs) && !rd->codec; i++) {
			e = codecs[i]->open(rd->in, (size_t)n, &rd->z, &used, &fmt);
			if (e == 0)
				rd->codec = codecs[i];
			else if (e != -EBADMSG) {
				pstore_reader_free(rd);
				return e;
			}
		}
		if (!rd->codec) {
			e = pstore_err(ctx, -EBADMSG,
				       "%s: cannot inflate: neither raw deflate nor zlib nor gzip "
				       "data",
				       r->name);
			pstore_reader_free(rd);
			return e;
		}
		dbg(ctx, "%s: compressed with %s", r->name, fmt);
		rd->inlen = (size_t)n;
		rd->inpos = used;
		rd->inoff = 0;
		rd->pos = (uint64_t)n;
	}
	*ret = rd;
	return 0;
}

static ssize_t read_raw(struct pstore_reader *rd, void *buf, size_t len)
{
	ssize_t n;

	if (rd->pos >= rd->end)
		return 0;
	if (len > rd->end - rd->pos)
		len = (size_t)(rd->end - rd->pos);
	n = rd->st.pread(&rd->st, buf, len, rd->pos);
	if (n < 0)
		return pstore_err_sys(rd->ctx, (int)n, "%s", rd->rec->name);
	if (n == 0) /* not the end it had when opened: cut short meanwhile */
		return pstore_err(rd->ctx, -EIO,
				  "%s: truncated while being read (%llu of %llu bytes read)",
				  rd->rec->name, (unsigned long long)rd->pos,
				  (unsigned long long)rd->end);
	rd->pos += (uint64_t)n;
	return n;
}

static ssize_t read_inflate(struct pstore_reader *rd, void *buf, size_t len)
{
	for (;;) {
		size_t used, made;
		int r;

		if (rd->z_done) /* what follows the stream (the ECC notice) passes as it is */
			return read_raw(rd, buf, len);
		if (rd->inpos == rd->inlen && rd->pos < rd->end) {
			size_t want = rd->end - rd->pos < CHUNK ? (size_t)(rd->end - rd->pos) : CHUNK;
			ssize_t n = rd->st.pread(&rd->st, rd->in, want, rd->pos);

			if (n < 0)
				return pstore_err_sys(rd->ctx, (int)n, "%s", rd->rec->name);
			if (n == 0) /* shorter than when opened (truncated meanwhile): the end */
				rd->end = rd->pos;
			rd->inoff = rd->pos;
			rd->inlen = (size_t)n;
			rd->inpos = 0;
			rd->pos += (uint64_t)n;
		}
		r = rd->codec->run(rd->z, rd->in + rd->inpos, rd->inlen - rd->inpos, &used, buf, len,
				 &made);
		rd->inpos += used;
		/* a damaged stream: first what came before the damage (the next call fails
		 * again: zlib stays in its error state) */
		if (r < 0 && made)
			return (ssize_t)made;
		if (r < 0)
			return pstore_err(rd->ctx, r, "%s: corrupt compressed data near byte %llu",
					  rd->rec->name,
					  (unsigned long long)(rd->inoff + rd->inpos));
		if (r == 1) {
			rd->z_done = true;
			rd->pos = rd->inoff + rd->inpos; /* resume raw right after the stream */
		}
		if (made)
			return (ssize_t)made;
		if (r == 0 && used == 0 && rd->inpos == rd->inlen && rd->pos >= rd->end)
			return pstore_err(rd->ctx, -EBADMSG,
					  "%s: the compressed data ends early (truncated record)",
					  rd->rec->name);
	}
}

static ssize_t read_inner(struct pstore_reader *rd, void *buf, size_t len)
{
	if (rd->mem) {
		size_t n = rd->memlen - rd->mempos < len ? rd->memlen - rd->mempos : len;

		if (n == 0 && rd->mem_err)
			return pstore_err(rd->ctx, rd->mem_err,
					  "%s: corrupt compressed data: the text ends where the "
					  "damage starts",
					  rd->rec->name);

		memcpy(buf, rd->mem + rd->mempos, n);
		rd->mempos += n;
		return (ssize_t)n;
	}
	if (rd->z)
		return read_inflate(rd, buf, len);
	return read_raw(rd, buf, len);
}

_public_ ssize_t pstore_reader_read(struct pstore_reader *rd, void *buf, size_t len)
{
	if (len == 0)
		return 0;
	if (!rd->head_done) {
		struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);

		rd->head_done = true;
		while (rd->headlen < sizeof(rd->head)) {
			ssize_t n = read_inner(rd, rd->head + rd->headlen,
					       sizeof(rd->head) - rd->headlen);

			if (n < 0)
				return n;
			if (n == 0)
				break;
			rd->headlen += (size_t)n;
		}
		if (pstore_dmesg_header_parse(rd->head, rd->headlen, &h) == 0)
			rd->headpos = h.len;
	}
	if (rd->headpos < rd->headlen) {
		size_t n = rd->headlen - rd->headpos < len ? rd->headlen - rd->headpos : len;

		memcpy(buf, rd->head + rd->headpos, n);
		rd->headpos += n;
		return (ssize_t)n;
	}
	return read_inner(rd, buf, len);
}

_public_ int pstore_record_open(struct pstore_ctx *ctx, struct pstore_record *r, unsigned flags,
				struct pstore_reader **ret)
{
	return reader_new(ctx, r, flags, ret);
}

/* Where the last @nlines lines of [0, end) start, searching backwards in blocks. */
static int find_tail_fd(struct pstore_reader *rd, uint64_t nlines, uint64_t *ret)
{
	char *buf;
	uint64_t off = rd->end, seen = 0;
	bool first = true;

	*ret = rd->end;
	if (nlines == 0 || rd->end == 0)
		return 0;
	buf = malloc(CHUNK / 4);
	if (!buf)
		return -ENOMEM;
	while (off > 0) {
		size_t want = off < CHUNK / 4 ? (size_t)off : CHUNK / 4;
		ssize_t n = stream_pread_full(&rd->st, buf, want, off - want);

		if (n < 0 || (size_t)n != want) {
			free(buf);
			return pstore_err(rd->ctx, n < 0 ? (int)n : -EIO, "%s: %s", rd->rec->name,
					  n < 0 ? strerror((int)-n) : "changed while reading");
		}
		for (size_t i = want; i-- > 0;) {
			if (first) {
				first = false;
				if (buf[i] == '\n') /* the last line's own newline */
					continue;
			}
			if (buf[i] == '\n' && ++seen == nlines) {
				*ret = off - want + i + 1;
				free(buf);
				return 0;
			}
		}
		off -= want;
	}
	free(buf);
	*ret = 0;
	return 0;
}

static size_t find_tail_mem(const char *buf, size_t len, uint64_t nlines)
{
	uint64_t seen = 0;
	size_t i = len;

	if (nlines == 0)
		return len;
	if (i > 0 && buf[i - 1] == '\n')
		i--;
	while (i-- > 0)
		if (buf[i] == '\n' && ++seen == nlines)
			return i + 1;
	return 0;
}

/* Text read in pieces, of which only the last ones are kept (hold_tail). */
#define TAIL_PIECE (64u << 10)

struct tail_piece {
	char *buf;
	size_t len;
	uint64_t lines; /* newlines in it */
};

/*
 * Reads @rd to its end, keeping pieces of text as long as the pieces after the first one
 * hold fewer than @nlines + 1 newlines (the last line's own newline does not count): the
 * last @nlines lines are in what is kept. Memory is those lines and two pieces, whatever
 * the record's size. Then @rd serves the last @nlines lines from memory.
 */
static int hold_tail(struct pstore_reader *rd, uint64_t nlines)
{
	struct tail_piece *p = NULL;
	size_t np = 0, cap = 0, held = 0, len = 0;
	uint64_t after_first = 0; /* newlines in p[1..np) */
	bool any = false;
	char *m = NULL, *spare = NULL; /* a dropped piece's buffer, for the next one */
	int e = 0;

	for (bool end = false; !end;) {
		struct tail_piece cur = { .buf = spare ? spare : malloc(TAIL_PIECE) };

		spare = NULL;
		if (!cur.buf) {
			e = -ENOMEM;
			goto out;
		}
		while (cur.len < TAIL_PIECE) {
			ssize_t n = pstore_reader_read(rd, cur.buf + cur.len, TAIL_PIECE - cur.len);

			if (n == -EBADMSG && (any || cur.len > 0)) {
				/* a damaged stream: the end of what came before the damage,
				 * then the error (read_inflate gives that text first) */
				rd->mem_err = (int)n;
				end = true;
				break;
			}
			if (n < 0) {
				free(cur.buf);
				e = (int)n;
				goto out;
			}
			if (n == 0) {
				end = true;
				break;
			}
			cur.len += (size_t)n;
		}
		any |= cur.len > 0;
		for (const char *q = cur.buf, *qe = cur.buf + cur.len;
		     (q = memchr(q, '\n', (size_t)(qe - q))); q++)
			cur.lines++;
		if (np == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct tail_piece *pn = reallocarray(p, ncap, sizeof(*p));

			if (!pn) {
				free(cur.buf);
				e = -ENOMEM;
				goto out;
			}
			p = pn;
			cap = ncap;
		}
		if (np > 0)
			after_first += cur.lines;
		p[np++] = cur;
		held += cur.len;
		while (np > 1 && after_first >= nlines + 1) {
			held -= p[0].len;
			if (spare)
				free(p[0].buf);
			else
				spare = p[0].buf;
			memmove(p, p + 1, (np - 1) * sizeof(*p));
			np--;
			after_first -= p[0].lines;
		}
		if (held > INFLATED_MAX) {
			e = pstore_err(rd->ctx, -EFBIG, "%s: lines too long to hold", rd->rec->name);
			goto out;
		}
	}
	m = malloc(held + 1);
	if (!m) {
		e = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < np; i++) {
		memcpy(m + len, p[i].buf, p[i].len);
		len += p[i].len;
	}
	/* the stream is used up; serve from memory */
	if (rd->z)
		rd->codec->free(rd->z);
	rd->z = NULL;
	rd->head_done = true;
	rd->headpos = rd->headlen = 0;
	rd->mem = m;
	rd->memlen = len;
	rd->mempos = find_tail_mem(m, len, nlines);
out:
	for (size_t i = 0; i < np; i++)
		free(p[i].buf);
	free(p);
	free(spare);
	return e;
}

_public_ int pstore_record_open_tail(struct pstore_ctx *ctx, struct pstore_record *r,
				     unsigned flags, uint64_t nlines, struct pstore_reader **ret)
{
	struct pstore_reader *rd;
	uint64_t start;
	int e;

	e = reader_new(ctx, r, flags, &rd);
	if (e < 0)
		return e;
	if (rd->z || !rd->head_done) {
		/* Inflated (or header-stripped) text has no offsets to seek to: read it from
		 * the start, keeping only the end (all of it: just read it). */
		if (nlines == UINT64_MAX) {
			*ret = rd;
			return 0;
		}
		e = hold_tail(rd, nlines);
		if (e < 0) {
			pstore_reader_free(rd);
			return e;
		}
		*ret = rd;
		return 0;
	}
	e = find_tail_fd(rd, nlines, &start);
	if (e < 0) {
		pstore_reader_free(rd);
		return e;
	}
	rd->pos = start;
	*ret = rd;
	return 0;
}

_public_ int pstore_reader_copy(struct pstore_reader *rd, int fd)
{
	char *buf;
	ssize_t n;

	/* Nothing to change: let the kernel move the bytes. */
	if (!rd->z && !rd->mem && rd->head_done && rd->headpos >= rd->headlen &&
	    rd->st.fd >= 0) {
		struct stat sb;
		bool is_pipe = fstat(fd, &sb) == 0 && S_ISFIFO(sb.st_mode);

		while (rd->pos < rd->end) {
			size_t want = rd->end - rd->pos > (1u << 30) ? (1u << 30)
								      : (size_t)(rd->end - rd->pos);
			loff_t off = (loff_t)rd->pos;

			if (is_pipe)
				n = splice(rd->st.fd, &off, fd, NULL, want, SPLICE_F_MORE);
			else
				n = sendfile(fd, rd->st.fd, &off, want);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP))
				break; /* fall back to read/write */
			if (n < 0)
				return pstore_err_sys(rd->ctx, 0, "write error");
			if (n == 0)
				break;
			rd->pos += (uint64_t)n;
		}
	}
	buf = malloc(CHUNK);
	if (!buf)
		return -ENOMEM;
	while ((n = pstore_reader_read(rd, buf, CHUNK)) > 0) {
		int e = pstore_write_all(fd, buf, (size_t)n);

		if (e < 0) {
			free(buf);
			return pstore_err_sys(rd->ctx, e, "write error");
		}
	}
	free(buf);
	return n < 0 ? (int)n : 0;
}
