// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The crash summary of a kernel log: what went wrong (panic, oops, BUG, lockup...), in
 * which process and CPU, the taint, the kernel, the faulting PC, the call trace and the
 * modules, read the way a kernel developer reads an x86_64 or arm64 oops.
 */
#include <ctype.h>
#include <inttypes.h>

#include "crash.h"

/* In the kernel's taint bit order (kernel/panic.c); meanings in our words (arrays, not
 * pointers, as in strtab.h). */
static const struct {
	char flag;
	char meaning[39];
} taints[] = {
	{ 'P', "proprietary module loaded" },
	{ 'F', "module loaded by force" },
	{ 'S', "CPU out of specification" },
	{ 'R', "module unloaded by force" },
	{ 'M', "machine check exception" },
	{ 'B', "bad page referenced" },
	{ 'U', "tainted on request of user space" },
	{ 'D', "kernel died recently (oops or BUG)" },
	{ 'A', "ACPI table overridden" },
	{ 'W', "kernel warning issued" },
	{ 'C', "staging driver loaded" },
	{ 'I', "workaround for a firmware bug" },
	{ 'O', "out-of-tree module loaded" },
	{ 'E', "unsigned module loaded" },
	{ 'L', "soft lockup occurred" },
	{ 'K', "kernel live-patched" },
	{ 'X', "auxiliary taint (distribution-defined)" },
	{ 'T', "built with struct randomization" },
	{ 'N', "in-kernel test run" },
};

_public_ const char *pstore_taint_flag_to_string(char flag)
{
	for (size_t i = 0; i < ARRAY_SIZE(taints); i++)
		if (taints[i].flag == flag)
			return taints[i].meaning;
	return NULL;
}

/* ---- reading a record whole ---- */

int pstore_record_read_text(struct pstore_ctx *ctx, struct pstore_record *r, unsigned flags,
			    size_t max, char **ret, size_t *ret_len)
{
	struct pstore_reader *rd = NULL;
	struct strbuf sb = { 0 };
	char buf[16384];
	ssize_t n;
	int err;

	err = pstore_record_open(ctx, r, flags, &rd);
	if (err < 0)
		return err;
	while ((n = pstore_reader_read(rd, buf, sizeof(buf))) > 0) {
		/* keep the end: the crash is at the end of a long log */
		strbuf_append(&sb, buf, (size_t)n);
		if (sb.len > max)
			strbuf_consume(&sb, sb.len - max);
	}
	pstore_reader_free(rd);
	if (n < 0) {
		strbuf_free(&sb);
		return (int)n;
	}
	if (strbuf_failed(&sb))
		return -ENOMEM;
	*ret_len = sb.len;
	*ret = sb.buf ? strbuf_steal(&sb) : strdup("");
	return *ret ? 0 : -ENOMEM;
}

/* ---- lines ---- */

struct line {
	const char *s; /* the message, without "<N>" and "[    1.234567]" */
	size_t len;
};

/* "[" spaces, then @lead (or nothing), digits and, when @dot, one '.' among them, "]". */
static size_t bracket_len(const char *s, size_t len, const char *lead, bool dot)
{
	size_t q = 0, digits = 0;

	if (!len || s[0] != '[')
		return 0;
	for (q = 1; q < len && s[q] == ' '; q++)
		;
	if (lead && q < len && strchr(lead, s[q]))
		q++;
	for (; q < len && (isdigit((unsigned char)s[q]) || (dot && s[q] == '.')); q++)
		digits++;
	if (!digits || q >= len || s[q] != ']')
		return 0;
	return q + 1;
}

/* Strips "<N>", "[ sec.usec]" and a caller id "[    T1]" / "[ C0]", then one space. */
static struct line strip_prefix(const char *s, size_t len)
{
	struct line l;
	int level, facility;
	size_t p = pstore_log_prefix_parse(s, len, &level, &facility), b;

	b = bracket_len(s + p, len - p, NULL, true);
	if (b) {
		p += b;
		p += bracket_len(s + p, len - p, "TC", false);
		if (p < len && s[p] == ' ')
			p++;
	}
	l.s = s + p;
	l.len = len - p;
	while (l.len && (l.s[l.len - 1] == '\r' || l.s[l.len - 1] == ' '))
		l.len--;
	return l;
}

static bool has_prefix(const struct line *l, const char *p)
{
	size_t n = strlen(p);

	return l->len >= n && !memcmp(l->s, p, n);
}

static bool contains(const struct line *l, const char *needle)
{
	return memmem(l->s, l->len, needle, strlen(needle)) != NULL;
}

/* Leading spaces skipped. */
static struct line ltrim(struct line l)
{
	while (l.len && l.s[0] == ' ') {
		l.s++;
		l.len--;
	}
	return l;
}

/* ---- the result ---- */

struct crash_priv {
	struct pstore_crash pub;
	struct pstore_crash_frame **frames; /* pub.frames */
	char **strs; /* every string the result points to */
	size_t nstrs;
	bool oom;
};

static const char *keep(struct crash_priv *c, const char *s, size_t len)
{
	char *d, **v;

	if (c->oom)
		return NULL;
	v = realloc(c->strs, (c->nstrs + 1) * sizeof(*v));
	d = v ? strndup(s, len) : NULL;
	if (v)
		c->strs = v;
	if (!d) {
		c->oom = true;
		return NULL;
	}
	/* The text came from a crashed machine's memory: no control characters inside. */
	for (char *p = d; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	c->strs[c->nstrs++] = d;
	return d;
}

static const char *keepl(struct crash_priv *c, struct line l)
{
	return keep(c, l.s, l.len);
}

_public_ void pstore_crash_free(struct pstore_crash *pub)
{
	struct crash_priv *c = (struct crash_priv *)pub;

	if (!c)
		return;
	for (size_t i = 0; i < c->nstrs; i++)
		free(c->strs[i]);
	free(c->strs);
	for (size_t i = 0; i < c->pub.n_frames; i++)
		free(c->frames[i]);
	free(c->frames);
	free((void *)c->pub.modules);
	free((void *)c->pub.taints);
	free(c);
}

/* ---- the parts ---- */

/* "sym+0x16/0x20 [mod]" (maybe "? " in front). Returns false when it is not a frame. */
static bool parse_symbol(struct crash_priv *c, struct line l, struct pstore_crash_frame *f)
{
	const char *plus, *slash, *end = l.s + l.len, *p;
	char *e;
	char num[24];

	memset(f, 0, sizeof(*f));
	f->reliable = true;
	if (has_prefix(&l, "? ")) {
		f->reliable = false;
		l.s += 2;
		l.len -= 2;
	}
	p = memchr(l.s, ' ', l.len);
	if (p)
		end = p;
	plus = memchr(l.s, '+', (size_t)(end - l.s));
	if (!plus || plus == l.s)
		return false;
	slash = memchr(plus, '/', (size_t)(end - plus));
	if (!slash || (size_t)(slash - plus - 1) >= sizeof(num) ||
	    (size_t)(end - slash - 1) >= sizeof(num))
		return false;
	for (const char *q = l.s; q < plus; q++)
		if (!(isalnum((unsigned char)*q) || *q == '_' || *q == '.' || *q == '$'))
			return false;
	memcpy(num, plus + 1, (size_t)(slash - plus - 1));
	num[slash - plus - 1] = '\0';
	f->offset = strtoull(num, &e, 16);
	if (strncmp(num, "0x", 2) || *e)
		return false;
	memcpy(num, slash + 1, (size_t)(end - slash - 1));
	num[end - slash - 1] = '\0';
	f->size = strtoull(num, &e, 16);
	if (strncmp(num, "0x", 2) || *e)
		return false;
	f->symbol = keep(c, l.s, (size_t)(plus - l.s));
	if (p && p + 2 < l.s + l.len && p[1] == '[') {
		const char *rb = memchr(p, ']', (size_t)(l.s + l.len - p));

		if (rb)
			f->module = keep(c, p + 2, (size_t)(rb - p - 2));
	}
	return true;
}

/* "CPU: 0 PID: 90 Comm: boot.sh Not tainted 6.1.0-56-cloud-amd64 #1  Debian 6.1.192-2"
 * (6.1), "CPU: 0 UID: 0 PID: 1 Comm: sh Tainted: G  W  6.12 ..." or "Tainted: [W]=WARN". */
static void parse_cpu_line(struct crash_priv *c, struct line l)
{
	struct pstore_crash *pub = &c->pub;
	char tbuf[64] = "", *words = NULL, *save = NULL, *w;
	size_t nt = 0;
	const char *comm, *t;

	words = strndup(l.s, l.len);
	if (!words) {
		c->oom = true;
		return;
	}
	if (sscanf(words, "CPU: %d", &pub->cpu) != 1)
		pub->cpu = -1;
	t = strstr(words, " PID: ");
	if (t)
		pub->pid = atoi(t + 6);
	comm = strstr(words, " Comm: ");
	if (!comm)
		goto out;
	comm += 7;
	t = strstr(comm, " Not tainted ");
	if (!t)
		t = strstr(comm, " Tainted: ");
	if (!t)
		goto out;
	/* Comm is at most 16 bytes ("%.20s") and may hold spaces: it ends where the taint
	 * starts. */
	pub->process = keep(c, comm, (size_t)(t - comm));
	if (!strncmp(t, " Not tainted ", 13)) {
		w = strtok_r((char *)t + 13, " ", &save);
	} else {
		w = strtok_r((char *)t + 10, " ", &save);
		for (; w && !isdigit((unsigned char)*w); w = strtok_r(NULL, " ", &save)) {
			if (w[0] == '[' && w[1] && w[2] == ']') {
				if (nt + 1 < sizeof(tbuf))
					tbuf[nt++] = w[1];
				continue;
			}
			for (char *q = w; *q; q++)
				if (isupper((unsigned char)*q) && *q != 'G' && nt + 1 < sizeof(tbuf))
					tbuf[nt++] = *q;
		}
		tbuf[nt] = '\0';
	}
	pub->taint = keep(c, tbuf, nt);
	if (w) {
		pub->kernel_release = keep(c, w, strlen(w));
		w = strtok_r(NULL, "", &save);
		if (w) {
			while (*w == ' ')
				w++;
			pub->kernel_version = keep(c, w, strlen(w));
		}
	}
	if (nt) {
		struct pstore_taint *tv = calloc(nt, sizeof(*tv));

		if (!tv) {
			c->oom = true;
			goto out;
		}
		for (size_t i = 0; i < nt; i++) {
			const char *m = pstore_taint_flag_to_string(tbuf[i]);

			tv[i].flag = tbuf[i];
			tv[i].meaning = m ? m : "unknown taint flag";
		}
		pub->taints = tv;
		pub->n_taints = nt;
	}
out:
	free(words);
}

/* "Modules linked in: ramoops(O) reed_solomon [last unloaded: foo]" */
static void parse_modules(struct crash_priv *c, struct line l)
{
	const char **v = NULL;
	size_t n = 0;

	l.s += strlen("Modules linked in:");
	l.len -= strlen("Modules linked in:");
	for (size_t i = 0; i < l.len;) {
		size_t j;

		while (i < l.len && l.s[i] == ' ')
			i++;
		if (i >= l.len || l.s[i] == '[')
			break;
		for (j = i; j < l.len && l.s[j] != ' ' && l.s[j] != '('; j++)
			;
		if (j > i) {
			const char **nv = realloc(v, (n + 1) * sizeof(*v));

			if (!nv) {
				c->oom = true;
				break;
			}
			v = nv;
			v[n++] = keep(c, l.s + i, j - i);
		}
		while (j < l.len && l.s[j] != ' ')
			j++;
		i = j;
	}
	c->pub.modules = v;
	c->pub.n_modules = n;
}

/* What a headline says went wrong; NULL when the line does not start a crash report. */
static const char *headline_kind(const struct line *l, const char **cause)
{
	*cause = NULL;
	if (has_prefix(l, "BUG: kernel NULL pointer dereference") ||
	    has_prefix(l, "Unable to handle kernel NULL pointer dereference")) {
		*cause = "null";
		return "oops";
	}
	if (has_prefix(l, "BUG: unable to handle") ||
	    has_prefix(l, "Unable to handle kernel ") || has_prefix(l, "general protection fault") ||
	    has_prefix(l, "Oops: ") || has_prefix(l, "Internal error: "))
		return "oops";
	if (has_prefix(l, "kernel BUG at ") || has_prefix(l, "invalid opcode: "))
		return "bug";
	if (contains(l, "BUG: soft lockup"))
		return "soft_lockup";
	if (contains(l, "Watchdog detected hard LOCKUP"))
		return "hard_lockup";
	if (has_prefix(l, "INFO: task ") && contains(l, " blocked for more than "))
		return "hung_task";
	if (has_prefix(l, "Kernel panic - not syncing: "))
		return "panic";
	if (has_prefix(l, "BUG: "))
		return "bug";
	return NULL;
}

/* The detail of a "panic" reboot reason, from the panic message and what came before. */
static const char *panic_cause(const char *msg, const char *kind)
{
	if (strstr(msg, "sysrq triggered crash"))
		return "sysrq";
	if (strstr(msg, "hung_task"))
		return "hung_task";
	if (strstr(msg, "softlockup"))
		return "soft_lockup";
	if (strstr(msg, "Hard LOCKUP") || strstr(msg, "hard LOCKUP"))
		return "hard_lockup";
	if (strstr(msg, "Out of memory") || strstr(msg, "deadlocked on memory"))
		return "oom";
	if (strstr(msg, "Fatal exception"))
		return "oops";
	if (kind && (streq(kind, "oops") || streq(kind, "bug")))
		return "oops";
	if (kind && !streq(kind, "panic") && !streq(kind, "warning"))
		return kind;
	return NULL;
}

/*
 * "INFO: task COMM:PID blocked for more than N seconds." (kernel/hung_task.c): a hung-task
 * report is about the blocked task, not about khungtaskd, whose CPU line follows the panic.
 * The task ran on no CPU when it was found, so the CPU is unknown.
 */
static void parse_hung_task(struct crash_priv *c, struct line l)
{
	const char *comm = l.s + strlen("INFO: task "), *end, *colon = NULL;

	end = memmem(l.s, l.len, " blocked for more than ", 23);
	if (!end)
		return;
	for (const char *p = comm; p < end; p++) /* the comm may hold ':' too */
		if (*p == ':')
			colon = p;
	if (!colon || colon == comm || colon + 1 == end)
		return;
	for (const char *p = colon + 1; p < end; p++)
		if (!isdigit((unsigned char)*p))
			return;
	c->pub.process = keep(c, comm, (size_t)(colon - comm));
	c->pub.pid = atoi(colon + 1);
	c->pub.cpu = -1;
}

static int add_frame(struct crash_priv *c, const struct pstore_crash_frame *f)
{
	struct pstore_crash_frame **v, *n;

	v = reallocarray(c->frames, c->pub.n_frames + 1, sizeof(*v));
	if (v)
		c->frames = v;
	n = v ? malloc(sizeof(*n)) : NULL;
	if (!n) {
		c->oom = true;
		return -ENOMEM;
	}
	*n = *f;
	n->struct_size = sizeof(*n);
	c->frames[c->pub.n_frames++] = n;
	c->pub.frames = (const struct pstore_crash_frame *const *)c->frames;
	return 0;
}

static bool is_stack_tag(const struct line *l)
{
	return l->len > 2 && l->s[0] == '<' && l->s[l->len - 1] == '>';
}

_public_ int pstore_crash_parse(struct pstore_ctx *ctx, const char *buf, size_t len,
				struct pstore_crash **ret)
{
	struct crash_priv *c;
	struct pstore_crash *pub;
	struct line *lines = NULL;
	size_t n = 0, cap = 0, head = SIZE_MAX, warn_head = SIZE_MAX;
	const char *kind = NULL, *cause = NULL;
	bool x86 = false, arm64 = false, in_trace = false, trace_done = false;

	/* lines, without prefixes */
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t l = nl ? (size_t)(nl - (buf + i)) : len - i;

		if (n == cap) {
			struct line *nv = realloc(lines, (cap = cap ? cap * 2 : 256) * sizeof(*nv));

			if (!nv) {
				free(lines);
				return pstore_err_oom(ctx);
			}
			lines = nv;
		}
		lines[n++] = strip_prefix(buf + i, l);
		i += l + 1;
	}

	for (size_t i = 0; i < n && head == SIZE_MAX; i++) {
		const char *k, *cs;

		if ((k = headline_kind(&lines[i], &cs))) {
			head = i;
			kind = k;
			cause = cs;
		} else if (warn_head == SIZE_MAX && has_prefix(&lines[i], "WARNING: CPU: ")) {
			warn_head = i;
		}
	}
	if (head == SIZE_MAX && warn_head != SIZE_MAX) {
		head = warn_head;
		kind = "warning";
	}
	if (head == SIZE_MAX) {
		free(lines);
		return -ENODATA;
	}

	c = calloc(1, sizeof(*c));
	if (!c) {
		free(lines);
		return pstore_err_oom(ctx);
	}
	pub = &c->pub;
	pub->struct_size = sizeof(*pub);
	pub->pid = -1;
	pub->cpu = -1;
	pub->kind = kind;
	pub->headline = keepl(c, lines[head]);
	pub->headline_line = (unsigned)head + 1;
	/* "BUG: unable to handle page fault" is followed by "Oops: ..." on x86. */
	for (size_t i = head; i < n; i++) {
		struct line l = lines[i], t = ltrim(l);

		if (has_prefix(&l, "Kernel panic - not syncing: ")) {
			/* the last panic wins: that is the one that stopped the machine */
			pub->panic = keep(c, l.s + 28, l.len - 28);
			/* a panic after the trace (softlockup_panic) dumps the stack again */
			trace_done = trace_done || pub->n_frames > 0;
			in_trace = false;
			continue;
		}
		if (!pub->oops && (has_prefix(&l, "Oops: ") || has_prefix(&l, "Internal error: ")))
			pub->oops = keepl(c, l);
		if (has_prefix(&l, "---[ end "))
			trace_done = trace_done || pub->n_frames > 0;
		if (!pub->process && has_prefix(&l, "CPU: ") && memmem(l.s, l.len, " PID: ", 6))
			parse_cpu_line(c, l);
		if (!pub->hardware && has_prefix(&l, "Hardware name: "))
			pub->hardware = keep(c, l.s + 15, l.len - 15);
		if (!pub->n_modules && has_prefix(&l, "Modules linked in:"))
			parse_modules(c, l);
		if (has_prefix(&l, "RIP: ") || has_prefix(&l, "RSP: "))
			x86 = true;
		if (has_prefix(&l, "pc : ") || has_prefix(&l, "pstate: "))
			arm64 = true;
		if (!pub->pc && (has_prefix(&l, "RIP: ") || has_prefix(&l, "pc : "))) {
			struct line v = { l.s + 5, l.len - 5 };
			struct pstore_crash_frame f;

			/* x86: "RIP: 0010:sym+0x16/0x20"; user space: "RIP: 0033:0x47b7a0" */
			if (x86 && v.len > 5 && v.s[4] == ':') {
				pub->pc_user = !memcmp(v.s, "0033", 4) || !memcmp(v.s, "0023", 4);
				v.s += 5;
				v.len -= 5;
			}
			v = ltrim(v);
			if (!in_trace || pub->n_frames == 0) {
				pub->pc = keepl(c, v);
				if (parse_symbol(c, v, &f)) {
					pub->pc_symbol = f.symbol;
					pub->pc_offset = f.offset;
					pub->pc_size = f.size;
					pub->pc_module = f.module;
				}
			}
		}
		if (!trace_done && (has_prefix(&l, "Call Trace:") || has_prefix(&l, "Call trace:"))) {
			in_trace = true;
			continue;
		}
		if (in_trace) {
			struct pstore_crash_frame f;

			if (is_stack_tag(&t))
				continue;
			if (l.len && l.s[0] == ' ' && parse_symbol(c, t, &f)) {
				f.text = keepl(c, t);
				add_frame(c, &f);
				continue;
			}
			in_trace = false;
			trace_done = pub->n_frames > 0;
		}
	}
	if (streq(kind, "hung_task"))
		parse_hung_task(c, lines[head]);
	if (has_prefix(&lines[head], "Internal error: "))
		arm64 = true;
	/* A panic has no register dump: the system call entry in the trace tells. */
	for (size_t i = 0; !x86 && !arm64 && i < pub->n_frames; i++) {
		const char *sym = pub->frames[i]->symbol;

		x86 = sym && (!strncmp(sym, "entry_SYSCALL_64", 16) || streq(sym, "do_syscall_64"));
		arm64 = sym && (!strncmp(sym, "el0t_64_", 8) || streq(sym, "el0_svc") ||
				streq(sym, "invoke_syscall"));
	}
	pub->arch = x86 ? "x86_64" : arm64 ? "arm64" : NULL;
	if (pub->panic)
		cause = panic_cause(pub->panic, kind);
	else if (!cause && !streq(kind, "warning"))
		cause = kind;
	pub->cause = cause;
	free(lines);
	if (c->oom) {
		pstore_crash_free(pub);
		return pstore_err_oom(ctx);
	}
	*ret = pub;
	return 0;
}

_public_ int pstore_crash_from_record(struct pstore_ctx *ctx, struct pstore_record *r,
				      struct pstore_crash **ret)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int err;

	err = pstore_record_read_text(ctx, r, PSTORE_READ_INFLATE | PSTORE_READ_STRIP_ECC,
				      PSTORE_CRASH_TEXT_MAX, &buf, &len);
	if (err < 0)
		return err;
	return pstore_crash_parse(ctx, buf, len, ret);
}
