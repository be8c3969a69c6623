/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A record's reader to stdout, for cat and tail: the bytes as they are without a copy
 * through user space, escaped for a terminal, or a line at a time for a line filter.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "pstorectl.h"

/*
 * Hands each complete line of buf to o->line(). A line split across two reads waits in
 * carry for its end; one longer than a chunk is let through in pieces.
 */
static int split_lines(const struct textout *o, size_t chunk, struct strbuf *carry,
		       const char *buf, size_t n)
{
	size_t start = 0;
	int r = 0;

	for (size_t i = 0; i < n && r == 0; i++) {
		if (buf[i] != '\n')
			continue;
		if (carry->len) {
			/* the start of this line came in the previous chunk */
			r = strbuf_append(carry, buf + start, i + 1 - start);
			if (r == 0)
				r = o->line(o->data, carry->buf, carry->len);
			strbuf_reset(carry);
		} else {
			r = o->line(o->data, buf + start, i + 1 - start);
		}
		start = i + 1;
	}
	if (r == 0 && start < n) {
		size_t add = n - start;

		if (carry->len + add > chunk) {
			r = o->line(o->data, carry->buf ? carry->buf : "", carry->len);
			strbuf_reset(carry);
		}
		if (r == 0)
			r = strbuf_append(carry, buf + start, add);
	}
	return r;
}

int textout_copy(struct pstore_reader *rd, const struct textout *o)
{
	size_t chunk = o->chunk ? o->chunk : TEXTOUT_CHUNK;
	struct strbuf carry = { 0 };
	char *buf;
	ssize_t n;
	int r = 0;

	if (!o->line && !o->escape) {
		if (fflush(stdout) != 0)
			return write_error(errno), -errno;
		r = pstore_reader_copy(rd, STDOUT_FILENO);
		/* errors only the stdout side can have: a write error, said once */
		if (r == -ENOSPC || r == -EFBIG || r == -EDQUOT || r == -EPIPE)
			write_error(r);
		return r;
	}
	buf = malloc(chunk);
	if (!buf)
		return -ENOMEM;
	while (r == 0 && (n = pstore_reader_read(rd, buf, chunk)) != 0) {
		if (n < 0)
			r = (int)n;
		else if (o->line)
			r = split_lines(o, chunk, &carry, buf, (size_t)n);
		else if ((r = write_record_text(stdout, buf, (size_t)n, o->escape)) < 0)
			write_error(errno);
	}
	if (r == 0 && carry.len)
		r = o->line(o->data, carry.buf, carry.len);
	strbuf_free(&carry);
	free(buf);
	return r;
}
