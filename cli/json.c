/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A small JSON writer for output that is not a table. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "pstorectl.h"

void json_init(struct json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
}

static void json_indent(struct json *j)
{
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

static void json_quoted(FILE *f, const char *s, size_t len)
{
	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fprintf(f, "\\u%04x", c);
			} else if (c < 0x80) {
				fputc(c, f);
			} else {
				/*
				 * JSON is UTF-8: a byte that is not part of a valid character
				 * is U+FFFD; C1 controls are written \u0080..\u009f.
				 */
				uint32_t cp;
				size_t n = utf8_char_len(s + i, len - i, &cp);

				if (n == 0)
					fputs("\\ufffd", f);
				else if (cp < 0xa0)
					fprintf(f, "\\u%04x", (unsigned)cp);
				else
					fwrite(s + i, 1, n, f);
				if (n > 1)
					i += n - 1;
			}
		}
	}
	fputc('"', f);
}

/* Comma, newline, indentation and "key": before a value. */
static void json_key(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->need_comma[j->depth])
			fputc(',', j->f);
		fputc('\n', j->f);
		json_indent(j);
	}
	j->need_comma[j->depth] = true;
	if (key) {
		json_quoted(j->f, key, strlen(key));
		fputs(": ", j->f);
	}
}

static void json_push(struct json *j, const char *key, char c)
{
	json_key(j, key);
	fputc(c, j->f);
	if (j->depth + 1 < (int)ARRAY_SIZE(j->need_comma))
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void json_pop(struct json *j, char c)
{
	bool had = j->need_comma[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (had) {
		fputc('\n', j->f);
		json_indent(j);
	}
	fputc(c, j->f);
}

void json_open(struct json *j, const char *key)
{
	json_push(j, key, '{');
}

void json_close(struct json *j)
{
	json_pop(j, '}');
}

void json_open_array(struct json *j, const char *key)
{
	json_push(j, key, '[');
}

void json_close_array(struct json *j)
{
	json_pop(j, ']');
}

void json_strn(struct json *j, const char *key, const char *val, size_t len)
{
	json_key(j, key);
	if (val)
		json_quoted(j->f, val, len);
	else
		fputs("null", j->f);
}

void json_str(struct json *j, const char *key, const char *val)
{
	json_strn(j, key, val, val ? strlen(val) : 0);
}

void json_u64(struct json *j, const char *key, uint64_t val)
{
	json_key(j, key);
	fprintf(j->f, "%" PRIu64, val);
}

/* A number already in JSON syntax, for one that does not fit 64 bits (an end at 2^64). */
void json_number(struct json *j, const char *key, const char *digits)
{
	json_key(j, key);
	fputs(digits, j->f);
}

void json_i64(struct json *j, const char *key, int64_t val)
{
	json_key(j, key);
	fprintf(j->f, "%" PRId64, val);
}

void json_bool(struct json *j, const char *key, bool val)
{
	json_key(j, key);
	fputs(val ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
	json_key(j, key);
	fputs("null", j->f);
}

int json_finish(struct json *j)
{
	fputc('\n', j->f);
	return ferror(j->f) ? -EIO : 0;
}
