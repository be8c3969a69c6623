/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Text that came from outside (a crash log, a record's name, a config line, a library
 * message quoting a file) may hold control characters and escape sequences: on a
 * terminal, stdout or stderr, they are shown escaped, never acted on.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "pstorectl.h"

/*
 * Length of the valid UTF-8 sequence at @s (2..4 bytes), or 0 when it is invalid or a C1
 * control (U+0080..U+009F): the Linux console and xterm act on those as on ESC [.
 */
static size_t utf8_printable_len(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n = utf8_char_len((const char *)s, len, &cp);

	return n && cp >= 0xa0 ? n : 0;
}

/*
 * The one rule for text from outside on a terminal: C0 controls (but tab, and newline when
 * keep_lines), DEL, C1 controls (raw 0x80..0x9f or UTF-8) and invalid UTF-8 are shown as
 * \xNN; runs of safe bytes go out at once.
 */
static int write_escaped(FILE *f, const char *buf, size_t len, bool keep_lines)
{
	const unsigned char *b = (const unsigned char *)buf;
	size_t i = 0, run = 0, n;

	while (i < len) {
		unsigned char c = b[i];

		if ((c >= 0x20 && c < 0x7f) || (c == '\n' && keep_lines) || c == '\t') {
			i++;
			continue;
		}
		if (c >= 0x80 && (n = utf8_printable_len(b + i, len - i)) > 0) {
			i += n;
			continue;
		}
		if (i > run && fwrite(buf + run, 1, i - run, f) != i - run)
			return -EIO;
		if (fprintf(f, "\\x%02x", c) < 0)
			return -EIO;
		run = ++i;
	}
	if (len > run && fwrite(buf + run, 1, len - run, f) != len - run)
		return -EIO;
	return 0;
}

bool term_stream(FILE *f)
{
	static signed char tty[3] = { -1, -1, -1 };
	int fd = fileno(f);

	if (fd < 0)
		return false;
	if (fd > 2)
		return isatty(fd);
	if (tty[fd] < 0)
		tty[fd] = (signed char)isatty(fd);
	return tty[fd];
}

int write_term(FILE *f, const char *buf, size_t len, bool keep_lines)
{
	if (!term_stream(f))
		return len && fwrite(buf, 1, len, f) != len ? -EIO : 0;
	return write_escaped(f, buf, len, keep_lines);
}

int tprintf(FILE *f, const char *fmt, ...)
{
	_cleanup_free_ char *buf = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	return write_term(f, buf, (size_t)n, true);
}

int write_record_text(FILE *f, const char *buf, size_t len, bool escape)
{
	if (!escape) {
		if (len && fwrite(buf, 1, len, f) != len)
			return -EIO;
		return 0;
	}
	/* A character split across two calls is shown escaped. */
	return write_escaped(f, buf, len, true);
}
