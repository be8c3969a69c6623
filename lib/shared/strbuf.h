/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A growing string/byte buffer, shared by lib/ and cli/. Allocation failure is sticky:
 * appends after it do nothing and strbuf_failed() says so, so that a builder can append
 * freely and check once at the end. */
#ifndef PSTORE_SHARED_STRBUF_H
#define PSTORE_SHARED_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

#include "c.h"

struct strbuf {
	char *buf; /* NUL-terminated when not NULL */
	size_t len, cap;
	bool oom;
};

/* Append @n bytes. Returns 0 or -ENOMEM. */
int strbuf_append(struct strbuf *sb, const void *p, size_t n);
int strbuf_puts(struct strbuf *sb, const char *s);
int strbuf_printf(struct strbuf *sb, const char *fmt, ...) _printf_(2, 3);
/*
 * Append @len bytes of @s as a JSON string, quotes included: JSON is UTF-8, so a byte
 * that is not part of a valid character is U+FFFD; controls (C0, DEL and the C1 range)
 * are escaped. The rule of cli/json.c, for JSON the library writes to files.
 */
int strbuf_json_string(struct strbuf *sb, const char *s, size_t len);
/* Drop the first @n bytes (a consumed prefix). */
void strbuf_consume(struct strbuf *sb, size_t n);
static inline void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}
static inline bool strbuf_failed(const struct strbuf *sb)
{
	return sb->oom;
}
/* The malloc'd string (ownership passes to the caller), or NULL after a failure. */
char *strbuf_steal(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);

#endif /* PSTORE_SHARED_STRBUF_H */
