/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The viewer's logic without a terminal: a lazy line index over a record, crash lines,
 * and how a line is cut into cells (the search is cli/view-search.c, the state and its
 * keys cli/view-keys.c). Only ncurses' KEY_* numbers are
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
ssize_t vdoc_read(struct vdoc *d, char *buf, size_t len, uint64_t off)
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
		n = vdoc_read(d, d->sbuf, want, d->scan_off);
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

	/* the dmesg record's header, "Oops#1 Part1", names the dump, it is not the oops */
	if (len > 5 && !memcmp(t, "Oops#", 5) && isdigit((unsigned char)t[5]))
		return VCRASH_NONE;
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
