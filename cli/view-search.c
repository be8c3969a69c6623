/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The viewer's search, without a terminal: POSIX extended regexes over a record of any
 * size, a chunk at a time, with a required literal found first (as grep does) so that
 * most of the record is never handed to regexec().
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

/* ==== search ============================================================================ */

size_t vregex_literal(const char *pat, char *buf, size_t len)
{
	char cur[256];
	size_t n = 0, best = 0;
	int depth = 0;

	buf[0] = '\0';
	if (strchr(pat, '|'))
		return 0; /* alternation: no single literal is required */
	for (const char *p = pat; *p;) {
		char ch;
		bool lit = false;

		if (*p == '\\' && p[1] && strchr(".[]()*+?{}|^$\\/", p[1])) {
			ch = p[1];
			p += 2;
			lit = true;
		} else if (*p == '\\') {
			p += p[1] ? 2 : 1; /* \w and the like: not a literal */
		} else if (*p == '[') {
			/* a bracket expression ends the run: skip it */
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p && *p != ']')
				p += (*p == '[' && p[1] == ':') ? 2 : 1;
			if (*p)
				p++;
		} else if (strchr("().^$", *p)) {
			if (*p == '(')
				depth++;
			if (*p == ')')
				depth--;
			p++;
		} else if (*p == '{') {
			while (*p && *p != '}')
				p++;
			if (*p)
				p++;
		} else if (strchr("*?+", *p)) {
			p++;
		} else {
			ch = *p++;
			lit = true;
		}
		/* inside a group the group may repeat or be optional: no literal there */
		if (lit && depth == 0 && !(*p && strchr("*?{", *p))) {
			if (n + 1 < sizeof(cur))
				cur[n++] = ch;
			if (*p == '+') { /* x+: x is required, the run ends */
				if (n > best && n < len) {
					memcpy(buf, cur, n);
					best = n;
				}
				n = 0;
			}
			continue;
		}
		if (n > best && n < len) {
			memcpy(buf, cur, n);
			best = n;
		}
		n = 0;
	}
	if (n > best && n < len) {
		memcpy(buf, cur, n);
		best = n;
	}
	buf[best] = '\0';
	return best;
}

int vsearch_compile(struct vsearch *s, const char *pattern, char *err, size_t errlen)
{
	int flags = REG_EXTENDED | REG_NEWLINE, r;

	if (s->compiled)
		regfree(&s->re);
	s->compiled = false;
	s->crash = false;
	s->icase = true;
	for (const char *p = pattern; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++; /* \W is not a capital letter of the text */
			continue;
		}
		if (isupper((unsigned char)*p))
			s->icase = false;
	}
	if (s->icase)
		flags |= REG_ICASE;
	r = regcomp(&s->re, pattern, flags);
	if (r) {
		regerror(r, &s->re, err, errlen);
		return r;
	}
	s->compiled = true;
	snprintf(s->pattern, sizeof(s->pattern), "%s", pattern);
	s->litlen = vregex_literal(pattern, s->lit, sizeof(s->lit));
	if (s->icase)
		for (size_t i = 0; i < s->litlen; i++)
			s->lit[i] = (char)tolower((unsigned char)s->lit[i]);
	return 0;
}

void vsearch_free(struct vsearch *s)
{
	if (s->compiled)
		regfree(&s->re);
	free(s->buf);
	free(s->low);
	memset(s, 0, sizeof(*s));
}

static bool level_ok(const struct vsearch *s, const char *line, size_t len)
{
	int level, fac;

	if (s->level_max >= 7)
		return true;
	if (!pstore_log_prefix_parse(line, len, &level, &fac))
		return true; /* lines without a level are always shown */
	return level <= s->level_max;
}

bool vsearch_line_matches(struct vsearch *s, const char *line, size_t len)
{
	if (!level_ok(s, line, len))
		return false;
	if (s->crash) {
		struct vline_info li;

		vline_parse(line, len, &li);
		return li.crash != VCRASH_NONE;
	}
	if (!s->compiled)
		return false;
	regmatch_t m = { .rm_so = 0, .rm_eo = (regoff_t)len };
	return regexec(&s->re, line, 1, &m, REG_STARTEND) == 0;
}

size_t vsearch_line_ranges(struct vsearch *s, const char *line, size_t len,
			   size_t ranges[][2], size_t max)
{
	size_t n = 0, pos = 0;

	if (!s->compiled || s->crash)
		return 0;
	while (n < max && pos <= len) {
		regmatch_t m = { .rm_so = (regoff_t)pos, .rm_eo = (regoff_t)len };

		if (regexec(&s->re, line, 1, &m, REG_STARTEND | (pos ? REG_NOTBOL : 0)) != 0)
			break;
		ranges[n][0] = (size_t)m.rm_so;
		ranges[n][1] = (size_t)m.rm_eo;
		n++;
		pos = m.rm_eo > m.rm_so ? (size_t)m.rm_eo : (size_t)m.rm_eo + 1;
	}
	return n;
}

void vsearch_start(struct vsearch *s, struct vdoc *d, uint64_t from, bool backward)
{
	s->backward = backward;
	s->active = true;
	s->result = 0;
	/* forward from line @from itself; backward from the line above it */
	s->pos = vdoc_has_line(d, from) ? vdoc_line_offset(d, from) : d->src.size;
}

/*
 * ASCII to lower case, eight bytes at a time: this runs over the whole record for a
 * case-insensitive search, and a table lookup per byte would be the slowest part of it.
 */
static void lower_ascii(char *dst, const char *src, size_t n)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x, b, ge_a, gt_z;

		memcpy(&x, src + i, 8);
		b = x & ~high;
		ge_a = (b + (0x80 - 'A') * ones) & high;
		gt_z = (b + (0x80 - 'Z' - 1) * ones) & high;
		x |= ((ge_a & ~gt_z & ~x) >> 2); /* 0x80 >> 2 = 0x20 */
		memcpy(dst + i, &x, 8);
	}
	for (; i < n; i++)
		dst[i] = (char)((src[i] >= 'A' && src[i] <= 'Z') ? src[i] + 32 : src[i]);
}

/*
 * The matching line in buf[0, n) (which starts and ends at line boundaries): the first
 * one, or the last one when backward. Returns its offset in buf or -1.
 */
static ssize_t search_chunk(struct vsearch *s, const char *buf, size_t n)
{
	const char *hay = buf;
	ssize_t found = -1;
	size_t pos = 0;

	if (s->litlen && s->icase) {
		lower_ascii(s->low, buf, n);
		hay = s->low;
	}
	while (pos < n) {
		size_t ls, le;
		const char *nl;

		if (s->litlen && !s->crash) {
			const char *c = memmem(hay + pos, n - pos, s->lit, s->litlen);

			if (!c)
				break;
			/* the line around the candidate */
			ls = (size_t)(c - hay);
			while (ls > pos && buf[ls - 1] != '\n')
				ls--;
		} else {
			ls = pos;
		}
		nl = memchr(buf + ls, '\n', n - ls);
		le = nl ? (size_t)(nl - buf) : n;
		if (vsearch_line_matches(s, buf + ls, le - ls)) {
			found = (ssize_t)ls;
			if (!s->backward)
				return found;
		}
		pos = le + 1;
	}
	return found;
}

int vsearch_step(struct vsearch *s, struct vdoc *d, size_t budget)
{
	if (!s->active)
		return s->result;
	if (!s->buf && !(s->buf = malloc(VDOC_CHUNK + 1)))
		return s->active = false, s->result = -1;
	if (!s->low && !(s->low = malloc(VDOC_CHUNK + 1)))
		return s->active = false, s->result = -1;
	while (budget > 0) {
		uint64_t start, size = d->src.size;
		size_t want, n;
		ssize_t got, at;

		if (!s->backward) {
			if (s->pos >= size)
				break;
			start = s->pos;
			want = size - start < VDOC_CHUNK ? (size_t)(size - start) : VDOC_CHUNK;
		} else {
			if (s->pos == 0)
				break;
			start = s->pos > VDOC_CHUNK ? s->pos - VDOC_CHUNK : 0;
			want = (size_t)(s->pos - start);
		}
		got = vdoc_read(d, s->buf, want, start);
		if (got <= 0)
			break;
		n = (size_t)got;
		if (!s->backward) {
			/* up to the last whole line (a line longer than a chunk is cut) */
			if (start + n < size) {
				const char *nl = memrchr(s->buf, '\n', n);

				if (nl)
					n = (size_t)(nl + 1 - s->buf);
			}
			s->buf[n] = '\0'; /* REG_STARTEND is not known to every regexec wrapper */
			at = search_chunk(s, s->buf, n);
			s->pos = start + n;
		} else {
			size_t skip = 0;

			/* from the first whole line */
			if (start > 0) {
				const char *nl = memchr(s->buf, '\n', n);

				if (nl && (size_t)(nl + 1 - s->buf) < n)
					skip = (size_t)(nl + 1 - s->buf);
			}
			s->buf[n] = '\0';
			at = search_chunk(s, s->buf + skip, n - skip);
			if (at >= 0)
				at += (ssize_t)skip;
			s->pos = start + skip;
		}
		if (at >= 0) {
			s->found_line = vdoc_line_of(d, start + (uint64_t)at);
			s->active = false;
			return s->result = 1;
		}
		budget -= n < budget ? n : budget;
		if (n == 0)
			break;
	}
	if ((!s->backward && s->pos >= d->src.size) || (s->backward && s->pos == 0)) {
		s->active = false;
		s->result = -1;
	}
	return s->result;
}
