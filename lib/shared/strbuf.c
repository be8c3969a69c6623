// SPDX-License-Identifier: LGPL-2.1-or-later
/* A growing string buffer (see strbuf.h). Compiled into both libpstore and pstorectl. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>

#include "strbuf.h"
#include "utf8.h"

static int grow(struct strbuf *sb, size_t need)
{
	size_t ncap;
	char *nb;

	if (sb->oom)
		return -ENOMEM;
	if (need > SIZE_MAX - sb->len - 1)
		goto oom;
	if (sb->len + need + 1 <= sb->cap)
		return 0;
	ncap = sb->cap ? sb->cap : 256;
	while (ncap < sb->len + need + 1)
		ncap = ncap > SIZE_MAX / 2 ? sb->len + need + 1 : ncap * 2;
	nb = realloc(sb->buf, ncap);
	if (!nb)
		goto oom;
	sb->buf = nb;
	sb->cap = ncap;
	return 0;
oom:
	sb->oom = true;
	return -ENOMEM;
}

int strbuf_append(struct strbuf *sb, const void *p, size_t n)
{
	if (grow(sb, n) < 0)
		return -ENOMEM;
	if (n)
		memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf_puts(struct strbuf *sb, const char *s)
{
	return strbuf_append(sb, s, strlen(s));
}

int strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->oom = true;
		return -ENOMEM;
	}
	if (grow(sb, (size_t)n) < 0)
		return -ENOMEM;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
	return 0;
}

void strbuf_consume(struct strbuf *sb, size_t n)
{
	if (n >= sb->len) {
		strbuf_reset(sb);
		return;
	}
	memmove(sb->buf, sb->buf + n, sb->len - n + 1);
	sb->len -= n;
}

char *strbuf_steal(struct strbuf *sb)
{
	char *s = sb->oom ? NULL : sb->buf;

	if (sb->oom)
		free(sb->buf);
	else if (!s)
		s = strdup("");
	*sb = (struct strbuf){ 0 };
	return s;
}

void strbuf_free(struct strbuf *sb)
{
	free(sb->buf);
	*sb = (struct strbuf){ 0 };
}

int strbuf_json_string(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_append(sb, "\"", 1);
	for (size_t i = 0, run = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)s[i] : 0;
		uint32_t cp = c;
		size_t n = 1;

		if (i < len && c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) {
			if (c < 0x80)
				continue; /* part of the run of plain bytes */
			n = utf8_char_len(s + i, len - i, &cp);
			if (n > 0 && cp >= 0xa0) {
				i += n - 1;
				continue;
			}
		}
		strbuf_append(sb, s + run, i - run);
		if (i == len)
			break;
		if (c == '"' || c == '\\')
			strbuf_printf(sb, "\\%c", c);
		else if (c == '\n')
			strbuf_puts(sb, "\\n");
		else if (c == '\t')
			strbuf_puts(sb, "\\t");
		else if (c == '\r')
			strbuf_puts(sb, "\\r");
		else if (n == 0)
			strbuf_puts(sb, "\\ufffd"); /* not UTF-8 */
		else
			strbuf_printf(sb, "\\u%04x", (unsigned)cp); /* C0, DEL, C1 */
		i += (n ? n : 1) - 1;
		run = i + 1;
	}
	return strbuf_append(sb, "\"", 1);
}
