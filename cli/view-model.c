/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The viewer's logic without a terminal: a lazy line index over a record, the search, crash
 * lines, how a line is cut into cells, and view_key(). Only ncurses' KEY_* numbers are
 * taken from <curses.h>; nothing here draws.
 */
#include <ctype.h>
#include <curses.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "view.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define VDOC_STRIDE 1024        /* a mark at least every so many lines */
#define VDOC_MARK_BYTES (64u << 10) /* ... and every so many bytes */
#define VDOC_CHUNK (1u << 20)   /* indexer and search read this much at a time */
#define VDOC_WIN (VDOC_LINE_MAX + (64u << 10))

/* ==== the document ====================================================================== */

int vdoc_init(struct vdoc *d, const struct vdoc_src *src)
{
	memset(d, 0, sizeof(*d));
	d->src = *src;
	d->wcap = VDOC_WIN;
	d->win = malloc(d->wcap + 1); /* + a NUL: regexec interceptors run strlen */
	d->mcap = 64;
	d->marks = malloc(d->mcap * sizeof(*d->marks));
	if (!d->win || !d->marks) {
		vdoc_free(d);
		return -ENOMEM;
	}
	d->marks[0] = (struct vmark){ 0, 0 };
	d->nmarks = 1;
	d->complete = src->size == 0;
	return 0;
}

void vdoc_free(struct vdoc *d)
{
	free(d->win);
	free(d->marks);
	free(d->sbuf);
	memset(d, 0, sizeof(*d));
}

void vdoc_grow(struct vdoc *d, uint64_t size)
{
	if (size <= d->src.size)
		return;
	d->src.size = size;
	d->complete = false;
	d->wlen = 0; /* the last line may have grown */
}

/* Bytes [off, off + len) in the window (len cut at the end of the document); NULL on a
 * read error. *got says how many are there. */
static const char *span(struct vdoc *d, uint64_t off, size_t len, size_t *got)
{
	size_t want;
	ssize_t n;

	if (off >= d->src.size) {
		*got = 0;
		return d->win;
	}
	if (len > d->src.size - off)
		len = (size_t)(d->src.size - off);
	if (len > d->wcap)
		len = d->wcap;
	if (off >= d->woff && off + len <= d->woff + d->wlen) {
		*got = len;
		return d->win + (off - d->woff);
	}
	d->woff = off;
	d->wlen = 0;
	want = d->wcap < d->src.size - off ? d->wcap : (size_t)(d->src.size - off);
	while (d->wlen < want) { /* sources may return less than asked */
		n = d->src.pread(d->src.data, d->win + d->wlen, want - d->wlen, off + d->wlen);
		if (n < 0) {
			if (!d->err)
				d->err = (int)n;
			d->wlen = 0;
			*got = 0;
			return NULL;
		}
		if (n == 0)
			break;
		d->wlen += (size_t)n;
	}
	d->win[d->wlen] = '\0';
	*got = len < d->wlen ? len : d->wlen;
	return d->win;
}

/* As the source's pread, retrying short reads. */
static ssize_t read_full(struct vdoc *d, char *buf, size_t len, uint64_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = d->src.pread(d->src.data, buf + got, len - got, off + got);

		if (n < 0)
			return n;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static int add_mark(struct vdoc *d, uint64_t line, uint64_t off)
{
	if (d->nmarks == d->mcap) {
		struct vmark *m = realloc(d->marks, 2 * d->mcap * sizeof(*m));

		if (!m)
			return -ENOMEM;
		d->marks = m;
		d->mcap *= 2;
	}
	d->marks[d->nmarks++] = (struct vmark){ line, off };
	return 0;
}

bool vdoc_index_step(struct vdoc *d, size_t budget)
{
	if (d->complete)
		return true;
	if (!d->sbuf && !(d->sbuf = malloc(VDOC_CHUNK)))
		return d->complete = true, true;
	while (budget > 0 && d->scan_off < d->src.size) {
		size_t want = budget < VDOC_CHUNK ? budget : VDOC_CHUNK;
		const struct vmark *last = &d->marks[d->nmarks - 1];
		const char *p, *e, *nl;
		ssize_t n;

		if (want > d->src.size - d->scan_off)
			want = (size_t)(d->src.size - d->scan_off);
		n = read_full(d, d->sbuf, want, d->scan_off);
		if (n <= 0) {
			if (n < 0 && !d->err)
				d->err = (int)n;
			d->src.size = d->scan_off; /* what could be read is the document */
			break;
		}
		p = d->sbuf;
		e = d->sbuf + n;
		while ((nl = memchr(p, '\n', (size_t)(e - p)))) {
			uint64_t off = d->scan_off + (uint64_t)(nl + 1 - d->sbuf);

			d->scan_lines++;
			if ((d->scan_lines - last->line >= VDOC_STRIDE ||
			     off - last->off >= VDOC_MARK_BYTES) &&
			    off < d->src.size) {
				if (add_mark(d, d->scan_lines, off) < 0)
					break;
				last = &d->marks[d->nmarks - 1];
			}
			p = nl + 1;
		}
		d->scan_off += (uint64_t)n;
		budget -= (size_t)n < budget ? (size_t)n : budget;
	}
	if (d->scan_off >= d->src.size) {
		char lastc = '\n';
		size_t got;
		const char *p = d->src.size ? span(d, d->src.size - 1, 1, &got) : NULL;

		if (p && got)
			lastc = *p;
		d->complete = true;
		d->nlines = d->scan_lines + (lastc != '\n');
	}
	return d->complete;
}

void vdoc_index_all(struct vdoc *d)
{
	while (!vdoc_index_step(d, 64u << 20))
		;
}

uint64_t vdoc_lines_known(const struct vdoc *d)
{
	return d->complete ? d->nlines : d->scan_lines;
}

bool vdoc_has_line(struct vdoc *d, uint64_t k)
{
	while (!d->complete && d->scan_lines <= k)
		vdoc_index_step(d, VDOC_CHUNK);
	return d->complete ? k < d->nlines : true;
}

/* Skip @n newlines from @off; returns the offset after them (or the size). */
static uint64_t skip_lines(struct vdoc *d, uint64_t off, uint64_t n)
{
	while (n > 0 && off < d->src.size) {
		size_t got;
		const char *p = span(d, off, d->wcap, &got), *nl;

		if (!p || !got)
			return d->src.size;
		while (n > 0 && (nl = memchr(p, '\n', got))) {
			off += (uint64_t)(nl + 1 - p);
			got -= (size_t)(nl + 1 - p);
			p = nl + 1;
			n--;
		}
		if (n > 0)
			off += got;
	}
	return off;
}

/* The last mark at or before line k. */
static const struct vmark *mark_for_line(const struct vdoc *d, uint64_t k)
{
	size_t lo = 0, hi = d->nmarks;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (d->marks[mid].line <= k)
			lo = mid;
		else
			hi = mid;
	}
	return &d->marks[lo];
}

uint64_t vdoc_line_offset(struct vdoc *d, uint64_t k)
{
	struct vmark from;

	if (!vdoc_has_line(d, k))
		return d->src.size;
	from = *mark_for_line(d, k);
	if (d->memo.line <= k && d->memo.line >= from.line)
		from = d->memo;
	d->memo.off = skip_lines(d, from.off, k - from.line);
	d->memo.line = k;
	return d->memo.off;
}

uint64_t vdoc_line_of(struct vdoc *d, uint64_t off)
{
	size_t lo = 0, hi;
	uint64_t line, pos;

	while (!d->complete && d->scan_off <= off)
		vdoc_index_step(d, VDOC_CHUNK);
	hi = d->nmarks;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (d->marks[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	line = d->marks[lo].line;
	pos = d->marks[lo].off;
	while (pos < off) {
		size_t got, want = off - pos < d->wcap ? (size_t)(off - pos) : d->wcap;
		const char *p = span(d, pos, want, &got), *nl, *e;

		if (!p || !got)
			break;
		e = p + got;
		while ((nl = memchr(p, '\n', (size_t)(e - p)))) {
			line++;
			p = nl + 1;
		}
		pos += got;
	}
	return line;
}

bool vdoc_line(struct vdoc *d, uint64_t k, const char **ret, size_t *ret_len, bool *cut)
{
	uint64_t off;
	const char *p, *nl;
	size_t got;

	if (!vdoc_has_line(d, k))
		return false;
	off = vdoc_line_offset(d, k);
	p = span(d, off, VDOC_LINE_MAX + 1, &got);
	if (!p)
		return false;
	nl = memchr(p, '\n', got);
	*cut = !nl && got > VDOC_LINE_MAX;
	*ret = p;
	*ret_len = nl ? (size_t)(nl - p) : (got > VDOC_LINE_MAX ? VDOC_LINE_MAX : got);
	return true;
}

/* ==== one line ========================================================================== */

static bool has(const char *s, size_t len, const char *what)
{
	return memmem(s, len, what, strlen(what)) != NULL;
}

enum vcrash vcrash_classify(const char *t, size_t len)
{
	/* the more precise ones first: a soft lockup is also a "BUG:" */
	static const struct {
		const char *text;
		enum vcrash kind;
	} pats[] = {
		{ "Kernel panic - not syncing", VCRASH_PANIC },
		{ "watchdog: BUG: soft lockup", VCRASH_LOCKUP },
		{ "Unable to handle kernel", VCRASH_UNABLE },
		{ "BUG:", VCRASH_BUG },
		{ "Oops", VCRASH_OOPS },
		{ "WARNING:", VCRASH_WARNING },
		{ "Call Trace:", VCRASH_TRACE },
		{ "SysRq : Trigger a crash", VCRASH_SYSRQ },
		{ "sysrq: Trigger a crash", VCRASH_SYSRQ }, /* since 5.x */
		{ "reboot: Restarting system", VCRASH_REBOOT },
		{ "reboot: Power down", VCRASH_POWEROFF },
	};

	/* all but one have a colon or "Oops"/"Unable": a cheap first test for long logs */
	if (!memchr(t, ':', len) && !memchr(t, 'O', len) && !memchr(t, 'U', len))
		return VCRASH_NONE;
	for (size_t i = 0; i < ARRAY_SIZE(pats); i++)
		if (has(t, len, pats[i].text))
			return pats[i].kind;
	/* RIP: (x86) and "pc : " (arm64) start the text */
	if ((len >= 4 && !memcmp(t, "RIP:", 4)) || (len >= 5 && !memcmp(t, "pc : ", 5)))
		return VCRASH_PC;
	return VCRASH_NONE;
}

void vline_parse(const char *line, size_t len, struct vline_info *ret)
{
	size_t i;
	int fac;

	memset(ret, 0, sizeof(*ret));
	ret->level = -1;
	ret->plen = pstore_log_prefix_parse(line, len, &ret->level, &fac);
	if (!ret->plen)
		ret->level = -1;
	i = ret->plen;
	/* "[  123.456789] " */
	if (i < len && line[i] == '[') {
		size_t j = i + 1;
		bool dot = false, digit = false;

		while (j < len && line[j] == ' ')
			j++;
		while (j < len && (isdigit((unsigned char)line[j]) || (line[j] == '.' && !dot))) {
			if (line[j] == '.')
				dot = true;
			else
				digit = true;
			j++;
		}
		if (j < len && line[j] == ']' && dot && digit) {
			ret->ts_start = i;
			ret->ts_end = j + 1;
			ret->ts = strtod(line + i + 1, NULL);
			i = j + 1;
			if (i < len && line[i] == ' ')
				i++;
		}
	}
	ret->crash = vcrash_classify(line + i, len - i);
}

/* ==== the crash summary ================================================================= */

void vcrash_summary_init(struct vcrash_summary *s)
{
	memset(s, 0, sizeof(*s));
}

void vcrash_summary_free(struct vcrash_summary *s)
{
	pstore_crash_free(s->crash);
	s->crash = NULL;
}

bool vcrash_starts(const char *line, size_t len)
{
	struct vline_info li;

	vline_parse(line, len, &li);
	/* a WARNING counts only when nothing worse follows: the end of the text tells */
	return li.crash == VCRASH_PANIC || li.crash == VCRASH_OOPS || li.crash == VCRASH_BUG ||
	       li.crash == VCRASH_LOCKUP || li.crash == VCRASH_UNABLE;
}

int vcrash_summary_parse(struct vcrash_summary *s, struct pstore_ctx *ctx, const char *buf,
			 size_t len)
{
	struct pstore_crash *c = NULL;
	int r;

	r = pstore_crash_parse(ctx, buf, len, &c);
	if (r < 0)
		return r;
	pstore_crash_free(s->crash);
	s->crash = c;
	return 0;
}

void vcrash_summary_format(const struct vcrash_summary *s, char *buf, size_t len)
{
	const struct pstore_crash *c = s->crash;
	int n;

	if (!c) {
		snprintf(buf, len, "no crash in this record");
		return;
	}
	/* the panic text is what matters; the prefix is known */
	if (c->panic)
		n = snprintf(buf, len, "panic: %s", c->panic);
	else
		n = snprintf(buf, len, "%s", c->headline);
	if (n >= 0 && (size_t)n < len && (c->process || c->pid >= 0))
		snprintf(buf + n, len - (size_t)n, " | %s[%d] CPU %d%s%s%s",
			 c->process && *c->process ? c->process : "?", c->pid, c->cpu,
			 !c->taint ? "" : " | ", !c->taint ? "" : *c->taint ? "Tainted: " : "Not tainted",
			 c->taint ? c->taint : "");
}

/* ==== cells ============================================================================= */

void vcursor_init(struct vcursor *c, const char *line, size_t len, const struct vline_info *li,
		  bool raw, bool cut)
{
	memset(c, 0, sizeof(*c));
	c->line = line;
	c->p = line + (raw || !li ? 0 : li->plen);
	c->end = line + len;
	c->raw = raw;
	if (li && li->ts_end) {
		c->ts_start = li->ts_start;
		c->ts_end = li->ts_end;
	}
	c->cut = cut;
}

static uint8_t cls_at(const struct vcursor *c, size_t off)
{
	for (size_t i = 0; i < c->nmatch; i++)
		if (off >= c->match[i][0] && off < c->match[i][1])
			return VCLS_MATCH;
	if (c->ts_end && off >= c->ts_start && off < c->ts_end)
		return VCLS_TS;
	return VCLS_TEXT;
}

static void esc_cell(struct vcell *cell, unsigned char b)
{
	static const char hex[] = "0123456789abcdef";

	cell->p = NULL;
	cell->esc[0] = '\\';
	cell->esc[1] = 'x';
	cell->esc[2] = hex[b >> 4];
	cell->esc[3] = hex[b & 15];
	cell->esc[4] = '\0';
	cell->len = 4;
	cell->width = 4;
	cell->cls = VCLS_ESC;
}

bool vcursor_next(struct vcursor *c, struct vcell *cell)
{
	unsigned char b;
	size_t off;

	if (c->alt) { /* the wall-clock time in place of the timestamp */
		if (c->altpos < c->altlen) {
			cell->p = c->alt + c->altpos++;
			cell->len = 1;
			cell->width = 1;
			cell->cls = VCLS_TS;
			c->col++;
			return true;
		}
		c->alt = NULL;
		c->p = c->line + c->ts_end;
	}
	if (c->p >= c->end) {
		if (c->cut && !c->cut_done) {
			c->cut_done = true;
			cell->p = "[cut]";
			cell->len = 5;
			cell->width = 5;
			cell->cls = VCLS_CUT;
			return true;
		}
		return false;
	}
	off = (size_t)(c->p - c->line);
	b = (unsigned char)*c->p;
	cell->cls = cls_at(c, off);
	if (b == '\t' && !c->raw) {
		size_t w = 8 - c->col % 8;

		memset(cell->esc, ' ', w);
		cell->esc[w] = '\0';
		cell->p = NULL;
		cell->len = (uint8_t)w;
		cell->width = (uint8_t)w;
		c->p++;
		c->col += w;
		return true;
	}
	if (b >= 0x20 && b < 0x7f) {
		cell->p = c->p++;
		cell->len = 1;
		cell->width = 1;
		c->col++;
		return true;
	}
	if (b >= 0x80 && !c->raw) {
		mbstate_t st;
		wchar_t wc;
		size_t n;
		int w;

		memset(&st, 0, sizeof(st));
		n = mbrtowc(&wc, c->p, (size_t)(c->end - c->p), &st);
		/* C1 controls (U+0080-U+009F) act on terminals as ESC sequences do */
		if (n != (size_t)-1 && n != (size_t)-2 && n > 0 && wc >= 0xa0 &&
		    (w = wcwidth(wc)) >= 0) {
			cell->p = c->p;
			cell->len = (uint8_t)n;
			cell->width = (uint8_t)w;
			c->p += n;
			c->col += (size_t)w;
			return true;
		}
	}
	esc_cell(cell, b);
	if (cell->cls == VCLS_TEXT)
		cell->cls = VCLS_ESC;
	c->p++;
	c->col += 4;
	return true;
}

size_t vline_rows(const char *line, size_t len, const struct vline_info *li, bool raw,
		  bool cut, int cols)
{
	struct vcursor c;
	struct vcell cell;
	size_t rows = 1, col = 0;

	if (cols <= 0)
		return 1;
	vcursor_init(&c, line, len, li, raw, cut);
	while (vcursor_next(&c, &cell)) {
		if (col + cell.width > (size_t)cols && col > 0) {
			rows++;
			col = 0;
		}
		col += cell.width;
	}
	return rows;
}

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
		got = read_full(d, s->buf, want, start);
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

/* ==== the state and its keys ============================================================ */

void view_msg(struct vstate *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->msg, sizeof(v->msg), fmt, ap);
	va_end(ap);
}

void view_init(struct vstate *v, int rows, int cols)
{
	memset(v, 0, sizeof(*v));
	v->rows = rows;
	v->cols = cols;
	v->wrap = true;
	v->level_max = 7;
	v->focus = VPANE_TEXT;
	view_layout(v);
}

void view_layout(struct vstate *v)
{
	/* header, list title, list, text, status: the list takes at most a quarter */
	int max_list = v->rows / 4 < 3 ? 3 : v->rows / 4;

	v->list_rows = (int)v->nentries < max_list ? (int)v->nentries : max_list;
	if (v->list_rows < 1)
		v->list_rows = 1;
	v->text_rows = v->rows - 3 - v->list_rows;
	if (v->text_rows < 1)
		v->text_rows = 1;
	if (v->sel < v->list_top)
		v->list_top = v->sel;
	if (v->sel >= v->list_top + (size_t)v->list_rows)
		v->list_top = v->sel - (size_t)v->list_rows + 1;
}

void view_set_doc(struct vstate *v, struct vdoc *doc)
{
	v->doc = doc;
	v->top = 0;
	v->top_sub = 0;
	v->hscroll = 0;
	v->search.active = false;
}

bool view_line_visible(struct vstate *v, uint64_t k)
{
	const char *line;
	size_t len;
	bool cut;
	int level, fac;

	if (!v->doc || !vdoc_line(v->doc, k, &line, &len, &cut))
		return false;
	if (v->level_max >= 7)
		return true;
	if (!pstore_log_prefix_parse(line, len, &level, &fac))
		return true;
	return level <= v->level_max;
}

/* The next / previous visible line from k (excluded); false when there is none. */
static bool next_visible(struct vstate *v, uint64_t k, uint64_t *ret)
{
	for (uint64_t i = k + 1; v->doc && vdoc_has_line(v->doc, i); i++)
		if (view_line_visible(v, i))
			return *ret = i, true;
	return false;
}

static bool prev_visible(struct vstate *v, uint64_t k, uint64_t *ret)
{
	for (uint64_t i = k; i-- > 0;)
		if (view_line_visible(v, i))
			return *ret = i, true;
	return false;
}

static size_t rows_of(struct vstate *v, uint64_t k)
{
	const char *line;
	size_t len;
	bool cut;
	struct vline_info li;

	if (!v->wrap)
		return 1;
	if (!vdoc_line(v->doc, k, &line, &len, &cut))
		return 1;
	vline_parse(line, len, &li);
	return vline_rows(line, len, &li, v->raw, cut, v->cols);
}

/* Can the text move down one row (is there anything below the last row shown)? */
static bool more_below(struct vstate *v)
{
	uint64_t k = v->top, nk;
	long left = v->text_rows;

	if (!v->doc || !vdoc_has_line(v->doc, k))
		return false;
	left -= (long)(rows_of(v, k) - v->top_sub);
	while (left >= 0) {
		if (!next_visible(v, k, &nk))
			return false;
		k = nk;
		left -= (long)rows_of(v, k);
	}
	return true;
}

static void row_down(struct vstate *v)
{
	uint64_t nk;

	if (!more_below(v))
		return;
	if (v->top_sub + 1 < rows_of(v, v->top)) {
		v->top_sub++;
	} else if (next_visible(v, v->top, &nk)) {
		v->top = nk;
		v->top_sub = 0;
	}
}

static void row_up(struct vstate *v)
{
	uint64_t pk;

	if (v->top_sub > 0) {
		v->top_sub--;
	} else if (prev_visible(v, v->top, &pk)) {
		v->top = pk;
		v->top_sub = rows_of(v, pk) - 1;
	}
}

static void first_visible_top(struct vstate *v)
{
	uint64_t k;

	v->top = 0;
	v->top_sub = 0;
	if (v->doc && !view_line_visible(v, 0) && next_visible(v, 0, &k))
		v->top = k;
}

void view_end(struct vstate *v)
{
	uint64_t n, k;
	long left = v->text_rows;

	if (!v->doc)
		return;
	vdoc_index_all(v->doc);
	n = vdoc_lines_known(v->doc);
	if (n == 0)
		return;
	k = n - 1;
	if (!view_line_visible(v, k) && !prev_visible(v, k, &k)) {
		first_visible_top(v);
		return;
	}
	/* go up until the pane is full */
	for (;;) {
		size_t r = rows_of(v, k);
		uint64_t pk;

		if ((long)r >= left) {
			v->top = k;
			v->top_sub = r - (size_t)left;
			return;
		}
		left -= (long)r;
		if (!prev_visible(v, k, &pk)) {
			v->top = k;
			v->top_sub = 0;
			return;
		}
		k = pk;
	}
}

void view_show_line(struct vstate *v, uint64_t k)
{
	int ctx = v->text_rows / 4;

	v->top = k;
	v->top_sub = 0;
	for (int i = 0; i < ctx; i++) {
		uint64_t pk;

		if (!prev_visible(v, v->top, &pk))
			break;
		v->top = pk;
	}
	/* not past the end */
	if (!more_below(v)) {
		uint64_t t = v->top;

		view_end(v);
		if (v->top > t)
			v->top = t, v->top_sub = 0;
	}
}

static enum vaction start_search(struct vstate *v, bool backward, bool crash)
{
	uint64_t at = v->top;

	if (!v->doc)
		return VA_NONE;
	if (!crash && !v->have_pattern) {
		view_msg(v, "no pattern yet: / to search");
		return VA_NONE;
	}
	/* from the hit being looked at (n, N, ] after a hit), else from the top line */
	if (v->search.result == 1 && v->search.found_line >= v->top &&
	    v->search.found_line < v->top + (uint64_t)v->text_rows)
		at = v->search.found_line + (backward ? 0 : 1);
	v->search.crash = crash;
	v->search.level_max = v->level_max;
	vsearch_start(&v->search, v->doc, at, backward);
	return VA_SEARCH;
}

static enum vaction list_key(struct vstate *v, int key)
{
	switch (key) {
	case KEY_UP:
	case 'k':
		if (v->sel > 0)
			v->sel--;
		break;
	case KEY_DOWN:
	case 'j':
		if (v->sel + 1 < v->nentries)
			v->sel++;
		break;
	case KEY_HOME:
	case 'g':
		v->sel = 0;
		break;
	case KEY_END:
	case 'G':
		v->sel = v->nentries ? v->nentries - 1 : 0;
		break;
	case KEY_PPAGE:
	case 'b':
		v->sel = v->sel > (size_t)v->list_rows ? v->sel - (size_t)v->list_rows : 0;
		break;
	case KEY_NPAGE:
	case ' ':
		v->sel += (size_t)v->list_rows;
		if (v->sel >= v->nentries)
			v->sel = v->nentries ? v->nentries - 1 : 0;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		v->focus = VPANE_TEXT;
		view_layout(v);
		return VA_OPEN;
	default:
		return VA_NONE;
	}
	view_layout(v);
	return VA_NONE;
}

enum vaction view_key(struct vstate *v, int key)
{
	v->msg[0] = '\0';
	if (v->help) { /* any key leaves the help; q quits from there too */
		v->help = false;
		return key == 'q' ? VA_QUIT : VA_NONE;
	}
	if (v->pending == 'l') {
		v->pending = 0;
		if (key >= '0' && key <= '7') {
			v->level_max = key - '0';
			view_msg(v, "showing levels %s and worse",
				 pstore_log_level_to_string(v->level_max));
		} else {
			v->level_max = 7;
			view_msg(v, "showing all levels");
		}
		if (v->doc && !view_line_visible(v, v->top)) {
			uint64_t k;

			if (next_visible(v, v->top, &k) || prev_visible(v, v->top, &k))
				v->top = k;
		}
		v->top_sub = 0;
		return VA_NONE;
	}
	switch (key) {
	case 'q':
	case VKEY_ESC:
		return VA_QUIT;
	case '?':
		if (v->focus == VPANE_TEXT)
			return VA_PROMPT_BACK;
		/* fall through */
	case KEY_F(1):
	case 'h':
		v->help = true;
		return VA_NONE;
	case VKEY_TAB:
		v->focus = v->focus == VPANE_LIST ? VPANE_TEXT : VPANE_LIST;
		return VA_NONE;
	case 'F':
		v->follow = !v->follow;
		view_msg(v, v->follow ? "following: new records and lines appear"
							   : "following stopped");
		if (v->follow)
			view_end(v);
		return VA_FOLLOW;
	case 's':
		return v->doc ? VA_SAVE : VA_NONE;
	case 'w':
		v->wrap = !v->wrap;
		v->top_sub = 0;
		v->hscroll = 0;
		view_msg(v, v->wrap ? "long lines wrapped"
							 : "long lines cut: left/right scroll");
		return VA_NONE;
	case 'r':
		v->raw = !v->raw;
		v->top_sub = 0;
		view_msg(v, v->raw ? "raw: the bytes as stored, <N> prefixes"
							: "decoded text");
		return VA_NONE;
	case 't':
		if (!v->time_known) {
			view_msg(v, "the record's time is not known");
			return VA_NONE;
		}
		v->walltime = !v->walltime;
		view_msg(v, v->walltime ? "wall-clock time (UTC)"
							     : "kernel timestamps");
		return VA_NONE;
	case 'l':
		v->pending = 'l';
		snprintf(v->msg, sizeof(v->msg),
			 "level: 0 emerg 1 alert 2 crit 3 err 4 warn 5 notice 6 info 7 debug, "
			 "other key: all");
		return VA_NONE;
	case KEY_MOUSE: /* the caller turns the wheel into arrows */
		return VA_NONE;
	}
	if (v->focus == VPANE_LIST)
		return list_key(v, key);
	if (!v->doc)
		return VA_NONE;
	switch (key) {
	case KEY_DOWN:
	case 'j':
	case '\n':
	case '\r':
	case KEY_ENTER:
		row_down(v);
		break;
	case KEY_UP:
	case 'k':
		row_up(v);
		break;
	case KEY_NPAGE:
	case ' ':
	case VKEY_CTRL('f'):
		for (int i = 0; i < v->text_rows - 1 || i == 0; i++)
			row_down(v);
		break;
	case KEY_PPAGE:
	case 'b':
	case VKEY_CTRL('b'):
		for (int i = 0; i < v->text_rows - 1 || i == 0; i++)
			row_up(v);
		break;
	case KEY_HOME:
	case 'g':
		first_visible_top(v);
		break;
	case KEY_END:
	case 'G':
		view_end(v);
		break;
	case KEY_RIGHT:
	case 'L':
		if (!v->wrap)
			v->hscroll += (size_t)(v->cols / 2);
		break;
	case KEY_LEFT:
	case 'H':
		if (!v->wrap)
			v->hscroll = v->hscroll > (size_t)(v->cols / 2) ? v->hscroll - (size_t)(v->cols / 2)
									 : 0;
		break;
	case '/':
		return VA_PROMPT_FWD;
	case 'n':
		return start_search(v, v->pat_back, false);
	case 'N':
		return start_search(v, !v->pat_back, false);
	case ']':
		return start_search(v, false, true);
	case '[':
		return start_search(v, true, true);
	default:
		return VA_NONE;
	}
	return VA_NONE;
}
