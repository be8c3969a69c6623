/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The viewer's logic without a terminal: line index, crash lines, cells, search, keys,
 * and the list's entries (an archive's boots and their records, cli/view-entries.c).
 */
#include "unit.h"

#include <curses.h>
#include <locale.h>
#include <sys/stat.h>

#include "view-ui.h"

/* A document over a string, read in pieces as small as @step to find boundary bugs. */
struct memsrc {
	const char *buf;
	size_t len, step;
	unsigned reads;
};

static ssize_t mem_pread(void *data, void *buf, size_t len, uint64_t off)
{
	struct memsrc *m = data;

	m->reads++;
	if (off >= m->len)
		return 0;
	if (len > m->len - off)
		len = m->len - (size_t)off;
	if (m->step && len > m->step)
		len = m->step;
	memcpy(buf, m->buf + off, len);
	return (ssize_t)len;
}

static void doc_on(struct vdoc *d, struct memsrc *m, const char *text, size_t len)
{
	struct vdoc_src src = { mem_pread, m, len };

	m->buf = text;
	m->len = len;
	assert_int_equal(vdoc_init(d, &src), 0);
}

/* "line N\n" for N in [0, n) */
static char *numbered(size_t n, size_t *len)
{
	char *s = malloc(n * 16 + 1), *p = s;

	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "line %zu\n", i);
	*len = (size_t)(p - s);
	return s;
}

static void expect_line(struct vdoc *d, uint64_t k, const char *want)
{
	const char *p;
	size_t len;
	bool cut;

	assert_true(vdoc_line(d, k, &p, &len, &cut));
	assert_int_equal(len, strlen(want));
	assert_memory_equal(p, want, len);
	assert_false(cut);
}

static void test_index(void **state)
{
	struct memsrc m = { 0 };
	struct vdoc d;
	size_t len;
	char *text = numbered(50000, &len);
	char want[32];

	(void)state;
	doc_on(&d, &m, text, len);
	/* a line near the start needs no full index */
	expect_line(&d, 3, "line 3");
	assert_true(d.scan_off <= (1u << 20));
	vdoc_index_all(&d);
	assert_true(d.complete);
	assert_int_equal(vdoc_lines_known(&d), 50000);
	for (uint64_t k = 0; k < 50000; k += 4999) {
		snprintf(want, sizeof(want), "line %llu", (unsigned long long)k);
		expect_line(&d, k, want);
	}
	expect_line(&d, 49999, "line 49999");
	assert_false(vdoc_has_line(&d, 50000));
	/* back and forth */
	expect_line(&d, 1025, "line 1025");
	expect_line(&d, 1024, "line 1024");
	/* offsets to lines */
	assert_int_equal(vdoc_line_of(&d, vdoc_line_offset(&d, 31337)), 31337);
	assert_int_equal(vdoc_line_of(&d, vdoc_line_offset(&d, 31337) + 3), 31337);
	assert_true(d.nmarks < 200); /* sparse */
	vdoc_free(&d);
	free(text);
}

static void test_index_edges(void **state)
{
	struct memsrc m = { 0 };
	struct vdoc d;
	const char *p;
	size_t len;
	bool cut;

	(void)state;
	doc_on(&d, &m, "", 0);
	assert_true(d.complete);
	assert_int_equal(vdoc_lines_known(&d), 0);
	assert_false(vdoc_line(&d, 0, &p, &len, &cut));
	vdoc_free(&d);

	/* no final newline: the last line counts */
	doc_on(&d, &m, "a\nb", 3);
	vdoc_index_all(&d);
	assert_int_equal(vdoc_lines_known(&d), 2);
	expect_line(&d, 1, "b");
	vdoc_free(&d);

	/* empty lines */
	doc_on(&d, &m, "\n\n\n", 3);
	vdoc_index_all(&d);
	assert_int_equal(vdoc_lines_known(&d), 3);
	expect_line(&d, 2, "");
	vdoc_free(&d);

	/* short reads from the source */
	m.step = 7;
	doc_on(&d, &m, "one\ntwo\nthree\nfour\n", 19);
	vdoc_index_all(&d);
	assert_int_equal(vdoc_lines_known(&d), 4);
	expect_line(&d, 3, "four");
	vdoc_free(&d);
	m.step = 0;

	/* growing (following) */
	doc_on(&d, &m, "a\nb\nc\n", 4);
	vdoc_index_all(&d);
	assert_int_equal(vdoc_lines_known(&d), 2);
	m.len = 6;
	vdoc_grow(&d, 6);
	vdoc_index_all(&d);
	assert_int_equal(vdoc_lines_known(&d), 3);
	expect_line(&d, 2, "c");
	vdoc_free(&d);
}

static void test_long_line(void **state)
{
	struct memsrc m = { 0 };
	struct vdoc d;
	size_t n = VDOC_LINE_MAX + 1000;
	char *text = malloc(n + 8);
	const char *p;
	size_t len;
	bool cut;

	(void)state;
	memset(text, 'x', n);
	memcpy(text + n, "\nend\n", 5);
	doc_on(&d, &m, text, n + 5);
	assert_true(vdoc_line(&d, 0, &p, &len, &cut));
	assert_true(cut);
	assert_int_equal(len, VDOC_LINE_MAX);
	expect_line(&d, 1, "end");
	vdoc_free(&d);
	free(text);

	/* 300 KB: whole */
	n = 300000;
	text = malloc(n + 1);
	memset(text, 'y', n);
	text[n] = '\n';
	doc_on(&d, &m, text, n + 1);
	assert_true(vdoc_line(&d, 0, &p, &len, &cut));
	assert_false(cut);
	assert_int_equal(len, n);
	vdoc_free(&d);
	free(text);
}

static void test_crash_classify(void **state)
{
	static const struct {
		const char *line;
		enum vcrash kind;
	} cases[] = {
		{ "<0>[    2.268450] Kernel panic - not syncing: sysrq triggered crash", VCRASH_PANIC },
		{ "<4>[    1.0] Oops: 0002 [#1] PREEMPT SMP NOPTI", VCRASH_OOPS },
		{ "<1>[    1.0] BUG: kernel NULL pointer dereference, address: 0000", VCRASH_BUG },
		{ "<4>[    1.0] WARNING: CPU: 0 PID: 1 at kernel/foo.c:12 f+0x1/0x2", VCRASH_WARNING },
		{ "<4>[    2.269226] Call Trace:", VCRASH_TRACE },
		{ "<4>[    2.272540] RIP: 0033:0x47b7a0", VCRASH_PC },
		{ "<4>[    2.0] pc : sysrq_handle_crash+0x24/0x30", VCRASH_PC },
		{ "<1>[    2.0] Unable to handle kernel NULL pointer dereference", VCRASH_UNABLE },
		{ "<0>[   30.0] watchdog: BUG: soft lockup - CPU#0 stuck for 22s!", VCRASH_LOCKUP },
		{ "<6>[    2.0] sysrq: SysRq : Trigger a crash", VCRASH_SYSRQ },
		{ "<5>[    9.0] reboot: Restarting system", VCRASH_REBOOT },
		{ "<5>[    9.0] reboot: Power down", VCRASH_POWEROFF },
		{ "<6>[    0.000000] BIOS-e820: [mem 0x0-0x9fbff] usable", VCRASH_NONE },
		{ "plain console text", VCRASH_NONE },
		/* the dmesg record's own header is not the oops: the viewer opened an oops
		 * dump at line 1 instead of its "Oops:" line */
		{ "Oops#1 Part1", VCRASH_NONE },
		{ "Oops#12 Part3", VCRASH_NONE },
		{ "<4>[    2.27] R10: 00000000000001b6 RIP_NOT: x", VCRASH_NONE },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vline_info li;

		vline_parse(cases[i].line, strlen(cases[i].line), &li);
		if (li.crash != cases[i].kind)
			fail_msg("'%s': %d, want %d", cases[i].line, li.crash, cases[i].kind);
	}
}

static void test_line_parse(void **state)
{
	const char *l = "<3>[   12.500000] usb 1-1: device descriptor read error";
	struct vline_info li;

	(void)state;
	vline_parse(l, strlen(l), &li);
	assert_int_equal(li.level, 3);
	assert_int_equal(li.plen, 3);
	assert_int_equal(li.ts_start, 3);
	assert_int_equal(li.ts_end, 17);
	assert_true(li.ts > 12.49 && li.ts < 12.51);
	vline_parse("no prefix", 9, &li);
	assert_int_equal(li.level, -1);
	assert_int_equal(li.ts_end, 0);
	vline_parse("[bracket] text", 14, &li);
	assert_int_equal(li.ts_end, 0);
}

/* The summary of a text, as the viewer makes it: the window from the first line that opens
 * a crash report, or the whole text when none does. */
static void summary_of(struct pstore_ctx *ctx, const char *const *lines, size_t n, char *buf,
		       size_t len)
{
	struct vcrash_summary s;
	char text[4096];
	size_t o = 0, at = SIZE_MAX;

	for (size_t i = 0; i < n; i++) {
		if (at == SIZE_MAX && vcrash_starts(lines[i], strlen(lines[i])))
			at = o;
		o += (size_t)snprintf(text + o, sizeof(text) - o, "%s\n", lines[i]);
	}
	vcrash_summary_init(&s);
	if (at == SIZE_MAX)
		at = 0;
	(void)vcrash_summary_parse(&s, ctx, text + at, o - at);
	vcrash_summary_format(&s, buf, len);
	vcrash_summary_free(&s);
}

static void test_summary(void **state)
{
	static const char *const lines[] = {
		"<6>[    2.0] sysrq: Trigger a crash",
		"<0>[    2.268450] Kernel panic - not syncing: sysrq triggered crash",
		"<4>[    2.268711] CPU: 0 PID: 90 Comm: boot.sh Not tainted 6.1.0-56-cloud-amd64 #1",
		"<4>[    2.269226] Call Trace:",
	};
	/* an oops, then the panic it caused: the panic is the headline, the oops' task stays */
	static const char *const l2[] = {
		"<6>[ 5.0] insmod: loading a module",
		"<1>[ 5.1] BUG: kernel NULL pointer dereference, address: 0000000000000000",
		"<4>[ 5.2] CPU: 3 PID: 1234 Comm: insmod Tainted: G           O      6.1.0 #1",
		"<0>[ 5.3] Kernel panic - not syncing: Fatal exception",
	};
	/* a WARNING alone: no line opens a report, the parser takes the warning */
	static const char *const l3[] = {
		"<4>[ 7.0] WARNING: CPU: 1 PID: 7 at mm/slab.c:10 f+0x1/0x2",
		"<4>[ 7.1] CPU: 1 PID: 7 Comm: kworker/1:0 Tainted: G        W          6.1.0 #1",
	};
	static const char *const none[] = { "<6>[ 1.0] all is well" };
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct vcrash_summary s;
	char buf[256];

	(void)state;
	vcrash_summary_init(&s);
	vcrash_summary_format(&s, buf, sizeof(buf));
	assert_string_equal(buf, "no crash in this record");
	summary_of(ctx, lines, ARRAY_SIZE(lines), buf, sizeof(buf));
	assert_string_equal(buf, "panic: sysrq triggered crash | boot.sh[90] CPU 0 | Not tainted");
	assert_false(vcrash_starts(l2[0], strlen(l2[0])));
	assert_true(vcrash_starts(l2[1], strlen(l2[1])));
	summary_of(ctx, l2, ARRAY_SIZE(l2), buf, sizeof(buf));
	/* the taint as `pstorectl info` reads it: the flags set, 'G' left out */
	assert_string_equal(buf, "panic: Fatal exception | insmod[1234] CPU 3 | Tainted: O");
	assert_false(vcrash_starts(l3[0], strlen(l3[0])));
	summary_of(ctx, l3, ARRAY_SIZE(l3), buf, sizeof(buf));
	assert_string_equal(buf,
			    "WARNING: CPU: 1 PID: 7 at mm/slab.c:10 f+0x1/0x2 | kworker/1:0[7] CPU 1 | Tainted: W");
	summary_of(ctx, none, ARRAY_SIZE(none), buf, sizeof(buf));
	assert_string_equal(buf, "no crash in this record");
	pstore_unref(ctx);
}

/* The cells of a line, as the screen would show them. */
static void shown(const char *line, size_t len, bool raw, char *out, size_t cap)
{
	struct vline_info li;
	struct vcursor c;
	struct vcell cell;
	size_t o = 0;

	vline_parse(line, len, &li);
	vcursor_init(&c, line, len, &li, raw, false);
	while (vcursor_next(&c, &cell)) {
		const char *p = cell.p ? cell.p : cell.esc;

		assert_true(o + cell.len < cap);
		memcpy(out + o, p, cell.len);
		o += cell.len;
	}
	out[o] = '\0';
}

static void test_cells_escape(void **state)
{
	char out[256];
	const char esc[] = "<6>[    1.0] a\x1b[2Jb\x9b" "c\x07\x7f";

	(void)state;
	shown(esc, sizeof(esc) - 1, false, out, sizeof(out));
	assert_string_equal(out, "[    1.0] a\\x1b[2Jb\\x9bc\\x07\\x7f");
	assert_null(strchr(out, 0x1b));
	/* raw: the prefix stays */
	shown(esc, sizeof(esc) - 1, true, out, sizeof(out));
	assert_string_equal(out, "<6>[    1.0] a\\x1b[2Jb\\x9bc\\x07\\x7f");
	/* tab to the next stop of 8 */
	shown("a\tb", 3, false, out, sizeof(out));
	assert_string_equal(out, "a       b");
	/* C1 control encoded in UTF-8 (U+009B CSI) is escaped under any locale */
	shown("x\xc2\x9by", 4, false, out, sizeof(out));
	assert_null(strstr(out, "\xc2\x9b"));
}

static void test_cells_utf8(void **state)
{
	char out[256];
	const char *l = "caf\xc3\xa9 \xe2\x9c\x93";

	(void)state;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		skip();
	shown(l, strlen(l), false, out, sizeof(out));
	assert_string_equal(out, l);
	shown(l, strlen(l), true, out, sizeof(out));
	assert_string_equal(out, "caf\\xc3\\xa9 \\xe2\\x9c\\x93");
	/* invalid UTF-8 is escaped */
	shown("a\xff" "b", 3, false, out, sizeof(out));
	assert_string_equal(out, "a\\xffb");
	setlocale(LC_CTYPE, "C");
}

static void test_rows(void **state)
{
	char line[200];

	(void)state;
	memset(line, 'a', sizeof(line));
	assert_int_equal(vline_rows(line, 200, NULL, false, false, 80), 3);
	assert_int_equal(vline_rows(line, 160, NULL, false, false, 80), 2);
	assert_int_equal(vline_rows(line, 0, NULL, false, false, 80), 1);
	/* escapes are 4 columns and are not split */
	assert_int_equal(vline_rows("\x1b\x1b\x1b", 3, NULL, false, false, 10), 2);
}

static void test_regex_literal(void **state)
{
	static const struct {
		const char *pat, *lit;
	} cases[] = {
		{ "panic", "panic" },
		{ "Kernel panic - not", "Kernel panic - not" },
		{ "ab*cdef", "cdef" },
		{ "abc+de", "abc" },
		{ "foo.*barbaz", "barbaz" },
		{ "a|b", "" },
		{ "[Pp]anic", "anic" },
		{ "^RIP:", "RIP:" },
		{ "x\\.y", "x.y" },
		{ "(abc)*d", "d" },
		{ "colou?r", "colo" },
		{ "\\wfoo", "foo" },
		{ "a{2}bc", "bc" },
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		vregex_literal(cases[i].pat, buf, sizeof(buf));
		if (strcmp(buf, cases[i].lit))
			fail_msg("'%s': '%s', want '%s'", cases[i].pat, buf, cases[i].lit);
	}
}

static int run_search(struct vsearch *s, struct vdoc *d, uint64_t from, bool back)
{
	vsearch_start(s, d, from, back);
	while (vsearch_step(s, d, 4096) == 0)
		;
	return s->result;
}

static void test_search(void **state)
{
	struct memsrc m = { 0 };
	struct vsearch s = { .level_max = 7 };
	struct vdoc d;
	char err[128];
	size_t len;
	char *text = numbered(200000, &len);

	(void)state;
	doc_on(&d, &m, text, len);
	assert_int_equal(vsearch_compile(&s, "line 1234$", err, sizeof(err)), 0);
	assert_true(s.icase);
	assert_int_equal(run_search(&s, &d, 0, false), 1);
	assert_int_equal(s.found_line, 1234);
	/* from the line itself, then after it */
	assert_int_equal(run_search(&s, &d, 1234, false), 1);
	assert_int_equal(s.found_line, 1234);
	assert_int_equal(run_search(&s, &d, 1235, false), -1);
	/* backward */
	assert_int_equal(run_search(&s, &d, 199999, true), 1);
	assert_int_equal(s.found_line, 1234);
	assert_int_equal(run_search(&s, &d, 1234, true), -1);
	/* case: a capital makes it exact */
	assert_int_equal(vsearch_compile(&s, "LINE 5$", err, sizeof(err)), 0);
	assert_false(s.icase);
	assert_int_equal(run_search(&s, &d, 0, false), -1);
	assert_int_equal(vsearch_compile(&s, "LiNe 199999", err, sizeof(err)), 0);
	assert_int_equal(vsearch_compile(&s, "line 199999", err, sizeof(err)), 0);
	assert_int_equal(run_search(&s, &d, 0, false), 1);
	assert_int_equal(s.found_line, 199999);
	/* case-insensitive over every byte value: the chunk is lowered 8 bytes at a time */
	{
		char all[300];
		struct memsrc m2 = { 0 };
		struct vdoc d2;

		for (int i = 0; i < 256; i++)
			all[i] = (char)(i == '\n' ? ' ' : i);
		memcpy(all + 256, "\nxxZ@[`{AbCdEfGhIjKlMnOpQrStUvWxYz\n", 35);
		doc_on(&d2, &m2, all, 291);
		assert_int_equal(vsearch_compile(&s, "z@\\[`\\{abcdefghijklmnopqrstuvwxyz", err, sizeof(err)), 0);
		assert_true(s.litlen > 20);
		assert_int_equal(run_search(&s, &d2, 0, false), 1);
		assert_int_equal(s.found_line, 1);
		vdoc_free(&d2);
	}
	/* no literal: every line is tried */
	assert_int_equal(vsearch_compile(&s, "^l.ne 1[0-9]{4}7$", err, sizeof(err)), 0);
	assert_int_equal(run_search(&s, &d, 0, false), 1);
	assert_int_equal(s.found_line, 100007);
	/* a bad pattern */
	assert_int_not_equal(vsearch_compile(&s, "a(", err, sizeof(err)), 0);
	assert_true(err[0]);
	vsearch_free(&s);
	vdoc_free(&d);
	free(text);
}

static void test_search_icase_and_levels(void **state)
{
	const char *text = "<6>[ 1.0] first\n<3>[ 2.0] Panic here\n<6>[ 3.0] panic info\n"
			   "<0>[ 4.0] Kernel panic - not syncing: x\n";
	struct memsrc m = { 0 };
	struct vsearch s = { .level_max = 7 };
	struct vdoc d;
	char err[64];
	size_t ranges[4][2];

	(void)state;
	doc_on(&d, &m, text, strlen(text));
	assert_int_equal(vsearch_compile(&s, "panic", err, sizeof(err)), 0);
	assert_int_equal(run_search(&s, &d, 0, false), 1);
	assert_int_equal(s.found_line, 1);
	/* with a level filter, line 2 (info) does not count */
	s.level_max = 3;
	assert_int_equal(run_search(&s, &d, 2, false), 1);
	assert_int_equal(s.found_line, 3);
	/* highlight ranges */
	assert_int_equal(vsearch_line_ranges(&s, "panic and PANIC", 15, ranges, 4), 2);
	assert_int_equal(ranges[1][0], 10);
	assert_int_equal(ranges[1][1], 15);
	/* crash lines: ] */
	s.crash = true;
	s.level_max = 7;
	assert_int_equal(run_search(&s, &d, 0, false), 1);
	assert_int_equal(s.found_line, 3);
	assert_int_equal(run_search(&s, &d, 3, true), -1);
	vsearch_free(&s);
	vdoc_free(&d);
}

/* ---- view_key ---- */
struct fixture {
	struct memsrc m;
	struct vdoc d;
	struct vstate v;
	char *text;
};

static void keys_on(struct fixture *f, size_t nlines, int rows)
{
	size_t len;

	f->text = numbered(nlines, &len);
	doc_on(&f->d, &f->m, f->text, len);
	view_init(&f->v, rows, 80);
	f->v.nentries = 3;
	view_layout(&f->v);
	view_set_doc(&f->v, &f->d);
	f->v.search.level_max = 7;
}

static void keys_off(struct fixture *f)
{
	vsearch_free(&f->v.search);
	vdoc_free(&f->d);
	free(f->text);
}

static void test_keys_scroll(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	keys_on(&f, 1000, 24);
	assert_int_equal(f.v.text_rows, 24 - 3 - 3);
	assert_int_equal(view_key(&f.v, 'j'), VA_NONE);
	assert_int_equal(f.v.top, 1);
	view_key(&f.v, KEY_DOWN);
	assert_int_equal(f.v.top, 2);
	view_key(&f.v, 'k');
	view_key(&f.v, KEY_UP);
	view_key(&f.v, KEY_UP); /* not above the first line */
	assert_int_equal(f.v.top, 0);
	view_key(&f.v, ' ');
	assert_int_equal(f.v.top, (uint64_t)f.v.text_rows - 1);
	view_key(&f.v, 'b');
	assert_int_equal(f.v.top, 0);
	view_key(&f.v, 'G');
	assert_int_equal(f.v.top, 1000 - (uint64_t)f.v.text_rows);
	view_key(&f.v, 'j'); /* not past the end */
	assert_int_equal(f.v.top, 1000 - (uint64_t)f.v.text_rows);
	view_key(&f.v, KEY_HOME);
	assert_int_equal(f.v.top, 0);
	view_key(&f.v, KEY_END);
	assert_int_equal(f.v.top, 1000 - (uint64_t)f.v.text_rows);
	view_key(&f.v, 'g');
	/* w: cut lines, sideways */
	view_key(&f.v, 'w');
	assert_false(f.v.wrap);
	view_key(&f.v, KEY_RIGHT);
	assert_int_equal(f.v.hscroll, 40);
	view_key(&f.v, KEY_LEFT);
	assert_int_equal(f.v.hscroll, 0);
	view_key(&f.v, 'w');
	assert_true(f.v.wrap);
	/* r, t */
	view_key(&f.v, 'r');
	assert_true(f.v.raw);
	view_key(&f.v, 't');
	assert_false(f.v.walltime);
	assert_non_null(strstr(f.v.msg, "not known"));
	f.v.time_known = true;
	view_key(&f.v, 't');
	assert_true(f.v.walltime);
	/* help, then any key */
	view_key(&f.v, KEY_F(1));
	assert_true(f.v.help);
	assert_int_equal(view_key(&f.v, 'x'), VA_NONE);
	assert_false(f.v.help);
	/* quit */
	assert_int_equal(view_key(&f.v, 'q'), VA_QUIT);
	assert_int_equal(view_key(&f.v, VKEY_ESC), VA_QUIT);
	keys_off(&f);
}

static void test_keys_wrap(void **state)
{
	struct fixture f = { 0 };
	char *text = malloc(400 + 20);

	(void)state;
	/* line 0 takes 5 rows at 80 columns */
	memset(text, 'a', 400);
	strcpy(text + 400, "\nb\nc\n");
	f.text = text;
	doc_on(&f.d, &f.m, text, strlen(text));
	view_init(&f.v, 8, 80); /* 3 text rows with one list row */
	f.v.nentries = 1;
	view_layout(&f.v);
	view_set_doc(&f.v, &f.d);
	assert_int_equal(f.v.text_rows, 4);
	view_key(&f.v, 'j');
	assert_int_equal(f.v.top, 0);
	assert_int_equal(f.v.top_sub, 1);
	view_key(&f.v, 'G');
	/* 7 rows in all, 4 shown: the last four rows */
	assert_int_equal(f.v.top, 0);
	assert_int_equal(f.v.top_sub, 3);
	view_key(&f.v, 'k');
	assert_int_equal(f.v.top_sub, 2);
	keys_off(&f);
}

static void test_keys_panes_and_search(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	keys_on(&f, 5000, 24);
	/* n without a pattern */
	assert_int_equal(view_key(&f.v, 'n'), VA_NONE);
	assert_non_null(strstr(f.v.msg, "no pattern"));
	assert_int_equal(view_key(&f.v, '/'), VA_PROMPT_FWD);
	assert_int_equal(view_key(&f.v, '?'), VA_PROMPT_BACK);
	/* what the caller does after the prompt */
	{
		char err[64];

		assert_int_equal(vsearch_compile(&f.v.search, "^line 4321$", err, sizeof(err)), 0);
		f.v.have_pattern = true;
	}
	assert_int_equal(view_key(&f.v, 'n'), VA_SEARCH);
	while (vsearch_step(&f.v.search, &f.d, 1 << 20) == 0)
		;
	assert_int_equal(f.v.search.result, 1);
	view_show_line(&f.v, f.v.search.found_line);
	assert_true(f.v.top <= 4321 && 4321 < f.v.top + (uint64_t)f.v.text_rows);
	/* N from the hit: backward, none above */
	assert_int_equal(view_key(&f.v, 'N'), VA_SEARCH);
	while (vsearch_step(&f.v.search, &f.d, 1 << 20) == 0)
		;
	assert_int_equal(f.v.search.result, -1);
	/* Tab: the list; keys move the selection; Enter opens */
	view_key(&f.v, VKEY_TAB);
	assert_int_equal(f.v.focus, VPANE_LIST);
	view_key(&f.v, 'j');
	view_key(&f.v, 'j');
	view_key(&f.v, 'j');
	assert_int_equal(f.v.sel, 2);
	view_key(&f.v, 'k');
	assert_int_equal(f.v.sel, 1);
	assert_int_equal(view_key(&f.v, '?'), VA_NONE); /* help in the list */
	assert_true(f.v.help);
	view_key(&f.v, ' ');
	assert_int_equal(view_key(&f.v, '\r'), VA_OPEN);
	assert_int_equal(f.v.focus, VPANE_TEXT);
	assert_int_equal(view_key(&f.v, 's'), VA_SAVE);
	assert_int_equal(view_key(&f.v, 'F'), VA_FOLLOW);
	assert_true(f.v.follow);
	keys_off(&f);
}

static void test_keys_level(void **state)
{
	const char *text = "<6>[ 1.0] a\n<3>[ 2.0] b\n<6>[ 3.0] c\n<0>[ 4.0] d\n<7>[ 5.0] e\n";
	struct fixture f = { 0 };

	(void)state;
	f.text = strdup(text);
	doc_on(&f.d, &f.m, f.text, strlen(text));
	view_init(&f.v, 24, 80);
	view_set_doc(&f.v, &f.d);
	view_key(&f.v, 'l');
	assert_int_equal(f.v.pending, 'l');
	view_key(&f.v, '3');
	assert_int_equal(f.v.level_max, 3);
	assert_int_equal(f.v.top, 1); /* line 0 is info: hidden */
	assert_false(view_line_visible(&f.v, 2));
	assert_true(view_line_visible(&f.v, 3));
	view_key(&f.v, 'g');
	assert_int_equal(f.v.top, 1);
	view_key(&f.v, 'l');
	view_key(&f.v, 'a');
	assert_int_equal(f.v.level_max, 7);
	assert_true(view_line_visible(&f.v, 2));
	keys_off(&f);
}

/* An archive's two list levels: its boots, and the records of the boot loaded. */
static void test_keys_archive(void **state)
{
	struct vstate v;

	(void)state;
	/* not an archive: Backspace does nothing, Left in the list neither, Esc quits */
	view_init(&v, 24, 80);
	v.nentries = 4;
	v.focus = VPANE_LIST;
	assert_int_equal(view_key(&v, KEY_BACKSPACE), VA_NONE);
	assert_int_equal(view_key(&v, KEY_LEFT), VA_NONE);
	assert_false(v.at_boots);
	assert_int_equal(view_key(&v, VKEY_ESC), VA_QUIT);

	/* three boots, the newest (2) loaded: 5 records, the fifth selected */
	view_init(&v, 24, 80);
	v.archive = true;
	v.nboots = 3;
	view_boot_loaded(&v, 2, 5, 4);
	assert_false(v.at_boots);
	assert_int_equal(v.nentries, 5);
	assert_int_equal(v.sel, 4);
	/* Backspace, from the text pane too: up to the boots, the loaded one selected */
	assert_int_equal(v.focus, VPANE_TEXT);
	assert_int_equal(view_key(&v, KEY_BACKSPACE), VA_NONE);
	assert_true(v.at_boots);
	assert_int_equal(v.focus, VPANE_LIST);
	assert_int_equal(v.nentries, 3);
	assert_int_equal(v.sel, 2);
	assert_int_equal(v.list_rows, 3);
	/* another boot: Enter asks the caller to load it; it says what it loaded */
	view_key(&v, 'k');
	assert_int_equal(v.sel, 1);
	assert_int_equal(view_key(&v, '\r'), VA_OPEN_BOOT);
	assert_true(v.at_boots);
	view_boot_loaded(&v, 1, 2, 0);
	assert_false(v.at_boots);
	assert_int_equal(v.boot, 1);
	assert_int_equal(v.nentries, 2);
	assert_int_equal(v.sel, 0);
	view_key(&v, 'j');
	assert_int_equal(v.sel, 1);
	view_key(&v, 'j'); /* two records only */
	assert_int_equal(v.sel, 1);
	/* Esc goes up (not out); Enter on the same boot: its records as they were left */
	assert_int_equal(view_key(&v, VKEY_ESC), VA_NONE);
	assert_true(v.at_boots);
	assert_int_equal(v.sel, 1);
	assert_int_equal(view_key(&v, KEY_ENTER), VA_NONE);
	assert_false(v.at_boots);
	assert_int_equal(v.nentries, 2);
	assert_int_equal(v.sel, 1);
	/* in the text pane Left scrolls; in the list it goes up, and Right down again */
	view_key(&v, VKEY_TAB);
	assert_int_equal(v.focus, VPANE_TEXT);
	view_key(&v, KEY_LEFT);
	assert_false(v.at_boots);
	view_key(&v, VKEY_TAB);
	view_key(&v, KEY_LEFT);
	assert_true(v.at_boots);
	assert_int_equal(view_key(&v, KEY_RIGHT), VA_NONE);
	assert_false(v.at_boots);
	assert_int_equal(v.sel, 1);
	/* Enter on a record still opens it */
	assert_int_equal(view_key(&v, '\r'), VA_OPEN);
	/* at the boots, Esc and q quit */
	view_boots(&v);
	assert_int_equal(view_key(&v, VKEY_ESC), VA_QUIT);
	assert_int_equal(view_key(&v, 'q'), VA_QUIT);
	/* an empty archive: nothing to open */
	view_init(&v, 24, 80);
	v.archive = true;
	view_boots(&v);
	assert_true(v.at_boots);
	assert_int_equal(view_key(&v, '\r'), VA_NONE);
}

/*
 * Archives a copy of a real-kernel record set whose files all carry the time @t: a boot
 * directory is named by its records' time, and git does not keep the fixtures' mtimes.
 */
static void archive_fixture(struct pstore_ctx *ctx, const char *root, const char *name,
			    long long t)
{
	struct pstore_source *src = NULL;
	char tmp[] = "/tmp/test-view-records.XXXXXX", *cmd = NULL;

	assert_non_null(mkdtemp(tmp));
	assert_true(asprintf(&cmd, "cp -r '%s/e2e-captured/%s/.' '%s' && rm -rf '%s/boot2' "
				   "'%s/MTIMES' && touch -d @%lld '%s'/*", FIXTURES, name, tmp,
			     tmp, tmp, t, tmp) > 0);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(pstore_source_new_dir(ctx, tmp, &src), 0);
	assert_int_equal(pstore_archive_boot(ctx, src, root, PSTORE_ARCHIVE_KEEP, NULL),
			 1);
	pstore_source_unref(src);
	free(cmd);
	assert_true(asprintf(&cmd, "rm -rf '%s'", tmp) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static size_t entry_named(struct viewer *w, const char *name)
{
	for (size_t i = 0; i < w->nents; i++)
		if (streq(pstore_record_get_name(w->ents[i].rec), name))
			return i;
	fail_msg("no entry %s", name);
	return 0;
}

/* The entries of an archive made by the library from two real-kernel record sets. */
static void test_archive_entries(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	char root[] = "/tmp/test-view-archive.XXXXXX", idx[16];
	struct view_args a = { .abi = VIEW_ABI, .ctx = ctx, .archive = root };
	struct viewer w = { .a = &a };

	(void)state;
	assert_non_null(mkdtemp(root));
	/* console + oops dump, then the panic dump a day later */
	archive_fixture(ctx, root, "records-minimal-oops", 1796000000);
	archive_fixture(ctx, root, "records-debian61-ecc0", 1796086400);
	view_init(&w.v, 24, 80);
	w.v.archive = true;
	assert_int_equal(viewer_load_boots(&w), 0);
	assert_int_equal(w.v.nboots, 2);
	assert_int_equal(w.v.boot, SIZE_MAX); /* none loaded yet */
	viewer_boot_index(&w, 0, idx, sizeof(idx));
	assert_string_equal(idx, "-1");
	viewer_boot_index(&w, 1, idx, sizeof(idx));
	assert_string_equal(idx, "0");
	assert_non_null(strstr(pstore_archive_get_reason(w.arch, 0), "oops"));
	assert_non_null(strstr(pstore_archive_get_reason(w.arch, 1), "panic"));

	/* the newest boot: its one record, the panic, selected */
	assert_int_equal(viewer_open_boot(&w, 1, NULL), 0);
	assert_int_equal(w.nents, 1);
	assert_false(w.v.at_boots);
	assert_int_equal(w.v.boot, 1);
	assert_int_equal(w.v.nentries, 1);
	assert_true(w.ents[w.v.sel].crash);
	assert_int_equal(viewer_open_entry(&w, w.v.sel), 0);
	assert_true(w.od.open);

	/* up to the boots; following re-reads the archive and keeps both by name */
	view_boots(&w.v);
	assert_int_equal(w.v.sel, 1);
	view_key(&w.v, 'k');
	assert_int_equal(viewer_load_boots(&w), 0);
	assert_int_equal(w.v.sel, 0);
	assert_int_equal(w.v.boot, 1);

	/* the older boot: the oops dump and the console; a record named is selected */
	assert_int_equal(view_key(&w.v, '\r'), VA_OPEN_BOOT);
	assert_int_equal(viewer_open_boot(&w, 0, NULL), 0);
	assert_false(w.od.open); /* the record of the other boot is closed */
	assert_int_equal(w.nents, 2);
	assert_int_equal(w.v.sel, entry_named(&w, "dmesg-ramoops-0"));
	assert_int_equal(viewer_open_boot(&w, 0, "console-ramoops-0"), 0);
	assert_int_equal(w.v.sel, entry_named(&w, "console-ramoops-0"));
	assert_int_equal(viewer_open_boot(&w, 2, NULL), -ENOENT);
	assert_int_equal(w.nents, 2); /* the list as it was */

	viewer_close_doc(&w);
	vsearch_free(&w.v.search);
	viewer_free_entries(&w);
	pstore_archive_free(w.arch);
	pstore_source_unref(w.src);
	free(w.sbuf);
	pstore_unref(ctx);
	{
		char *cmd = NULL;

		assert_true(asprintf(&cmd, "rm -rf '%s'", root) > 0);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_index_edges),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_crash_classify),
		cmocka_unit_test(test_line_parse),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_cells_escape),
		cmocka_unit_test(test_cells_utf8),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_regex_literal),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_search_icase_and_levels),
		cmocka_unit_test(test_keys_scroll),
		cmocka_unit_test(test_keys_wrap),
		cmocka_unit_test(test_keys_panes_and_search),
		cmocka_unit_test(test_keys_level),
		cmocka_unit_test(test_keys_archive),
		cmocka_unit_test(test_archive_entries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
