// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Why did the last boot end? The reason engine weighs what survived the reset: dmesg
 * dumps and their "Panic#1" headers, the console record's last lines, pmsg markers, and
 * the watchdogs' boot status; and it says what this kernel's set-up can and cannot tell.
 */
#include <dirent.h>
#include <inttypes.h>
#include <sys/stat.h>
#include <time.h>

#include "crash.h"

static const char *const end_names[_PSTORE_END_MAX] = {
	[PSTORE_END_UNKNOWN] = "unknown",     [PSTORE_END_PANIC] = "panic",
	[PSTORE_END_OOPS] = "oops",           [PSTORE_END_WATCHDOG] = "watchdog",
	[PSTORE_END_REBOOT] = "reboot",       [PSTORE_END_POWEROFF] = "poweroff",
	[PSTORE_END_HALT] = "halt",           [PSTORE_END_KEXEC] = "kexec",
	[PSTORE_END_POWER_LOSS] = "power-loss", [PSTORE_END_RESET] = "reset",
};

_public_ const char *pstore_boot_end_to_string(enum pstore_boot_end e)
{
	if ((unsigned)e >= _PSTORE_END_MAX)
		return NULL;
	return end_names[e];
}

_public_ int pstore_boot_end_from_string(const char *s)
{
	for (int i = 0; i < _PSTORE_END_MAX; i++)
		if (streq(end_names[i], s))
			return i;
	return -EINVAL;
}

static const char *const confidence_names[] = {
	[PSTORE_CONFIDENCE_GUESS] = "guess",
	[PSTORE_CONFIDENCE_LIKELY] = "likely",
	[PSTORE_CONFIDENCE_CERTAIN] = "certain",
};

_public_ const char *pstore_confidence_to_string(enum pstore_confidence c)
{
	if ((unsigned)c >= ARRAY_SIZE(confidence_names))
		return NULL;
	return confidence_names[c];
}

_public_ int pstore_confidence_from_string(const char *s)
{
	for (int i = 0; i < (int)ARRAY_SIZE(confidence_names); i++)
		if (streq(confidence_names[i], s))
			return i;
	return -EINVAL;
}

/* ---- what this set-up can tell ---- */

struct pstore_capabilities {
	struct pstore_capability caps[_PSTORE_END_MAX - 1];
	size_t n;
};

/* The order `check` and the reason's can_tell list use. */
static const enum pstore_boot_end cap_order[] = {
	PSTORE_END_PANIC,  PSTORE_END_OOPS,  PSTORE_END_WATCHDOG, PSTORE_END_REBOOT,
	PSTORE_END_POWEROFF, PSTORE_END_HALT, PSTORE_END_KEXEC,  PSTORE_END_RESET,
	PSTORE_END_POWER_LOSS,
};

static bool sys_exists(struct pstore_ctx *ctx, const char *path)
{
	_cleanup_free_ char *p = NULL;
	struct stat st;

	if (pstore_path(ctx, path, &p) < 0)
		return false;
	return stat(p, &st) == 0;
}

/* Calls fn for each /sys/class/watchdog/watchdog*, in directory order, until it returns
 * non-zero; returns that value (0 when there is no watchdog class or fn never stopped). */
static int for_each_watchdog(struct pstore_ctx *ctx,
			     int (*fn)(struct pstore_ctx *ctx, const char *name, void *data),
			     void *data)
{
	_cleanup_free_ char *p = NULL;
	struct dirent *de;
	int r = 0;
	DIR *d;

	if (pstore_path(ctx, "/sys/class/watchdog", &p) < 0 || !(d = opendir(p)))
		return 0;
	while (r == 0 && (de = readdir(d)))
		if (!strncmp(de->d_name, "watchdog", 8))
			r = fn(ctx, de->d_name, data);
	closedir(d);
	return r;
}

static int count_watchdog(struct pstore_ctx *ctx, const char *name, void *data)
{
	_cleanup_free_ char *f = NULL;

	if (asprintf(&f, "/sys/class/watchdog/%s/bootstatus", name) > 0 && sys_exists(ctx, f))
		(*(size_t *)data)++;
	return 0;
}

static size_t count_watchdogs(struct pstore_ctx *ctx)
{
	size_t n = 0;

	for_each_watchdog(ctx, count_watchdog, &n);
	return n;
}

struct setup {
	bool dump, oops, shutdown, console, pmsg;
	size_t watchdogs;
	int64_t max_reason; /* -1 unknown */
};

static void read_setup(struct pstore_ctx *ctx, struct pstore_record *const *recs, size_t n,
		       struct setup *s)
{
	struct pstore_ramoops_params rp = PSTORE_STRUCT_INIT(struct pstore_ramoops_params);
	struct pstore_kconfig *kc = NULL;
	_cleanup_free_ char *backend = NULL;
	bool have_params, rec_console = false, rec_pmsg = false, rec_dmesg = false;
	bool k_console = false, k_pmsg = false;

	memset(s, 0, sizeof(*s));
	s->max_reason = -1;
	for (size_t i = 0; i < n; i++) {
		enum pstore_type t = pstore_record_get_type(recs[i]);

		rec_dmesg |= t == PSTORE_TYPE_DMESG;
		rec_console |= t == PSTORE_TYPE_CONSOLE;
		rec_pmsg |= t == PSTORE_TYPE_PMSG;
	}
	have_params = pstore_ramoops_params_read(ctx, &rp) == 0;
	if (have_params && (rp.have & PSTORE_RAMOOPS_HAVE_MAX_REASON))
		s->max_reason = rp.max_reason;
	if (pstore_backend_get(ctx, &backend) == 0 && backend && *backend &&
	    !streq(backend, "(null)"))
		s->dump = true;
	if (rec_dmesg || (have_params && rp.record_size > 0))
		s->dump = true;
	if (pstore_kconfig_read(ctx, NULL, NULL, &kc) == 0) {
		k_console = pstore_kconfig_enabled(kc, "PSTORE_CONSOLE");
		k_pmsg = pstore_kconfig_enabled(kc, "PSTORE_PMSG");
		pstore_kconfig_free(kc);
	}
	pstore_clear_error(ctx);
	k_pmsg |= sys_exists(ctx, "/dev/pmsg0");
	/* A frontend needs its zone too; without the module's parameters, trust the kernel. */
	s->console = rec_console ||
		     (k_console && (!have_params || rp.console_size > 0) && s->dump);
	s->pmsg = rec_pmsg || (k_pmsg && (!have_params || rp.pmsg_size > 0) && s->dump);
	/* max_reason 0 follows printk.always_kmsg_dump: oopses at least. */
	s->oops = s->dump && (s->max_reason < 0 || s->max_reason == 0 || s->max_reason >= 2);
	s->shutdown = s->dump && s->max_reason >= 4;
	s->watchdogs = count_watchdogs(ctx);
}

static const char HINT_BACKEND[] =
	"a pstore backend (ramoops with a reserved memory region) keeps the kernel's dumps";
static const char HINT_OOPS[] = "ramoops.max_reason=2 or more keeps oopses that do not panic";
static const char HINT_WATCHDOG[] =
	"no hardware watchdog in /sys/class/watchdog: load the board's watchdog driver";
static const char HINT_CLEAN[] = "ramoops.max_reason=4 keeps a record of each clean shutdown";
static const char HINT_FRONTEND[] =
	"a kernel with CONFIG_PSTORE_CONSOLE, or CONFIG_PSTORE_PMSG with markers written at boot "
	"and before a shutdown, tells a reset from a power loss and sees a kexec";

static void fill_caps(const struct setup *s, struct pstore_capabilities *c)
{
	c->n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(cap_order); i++) {
		struct pstore_capability *cap = &c->caps[c->n++];
		enum pstore_boot_end e = cap_order[i];

		cap->struct_size = sizeof(*cap);
		cap->end = e;
		cap->hint = "";
		switch (e) {
		case PSTORE_END_PANIC:
			cap->can_tell = s->dump;
			cap->because = s->dump ? "the backend keeps a dmesg dump of a panic"
					       : "no pstore backend is registered";
			cap->hint = s->dump ? "" : HINT_BACKEND;
			break;
		case PSTORE_END_OOPS:
			cap->can_tell = s->oops;
			cap->because = s->oops ? "oopses are dumped (max_reason >= 2)"
				     : s->dump ? "max_reason 1 dumps panics only"
					       : "no pstore backend is registered";
			cap->hint = s->oops ? "" : s->dump ? HINT_OOPS : HINT_BACKEND;
			break;
		case PSTORE_END_WATCHDOG:
			cap->can_tell = s->watchdogs > 0;
			cap->because = s->watchdogs ? "a watchdog reports its boot status"
						    : "no watchdog device";
			cap->hint = s->watchdogs ? "" : HINT_WATCHDOG;
			break;
		case PSTORE_END_REBOOT:
		case PSTORE_END_POWEROFF:
		case PSTORE_END_HALT:
			cap->can_tell = s->shutdown || s->console || s->pmsg;
			cap->because = s->shutdown ? "clean shutdowns are dumped (max_reason >= 4)"
				     : s->console  ? "the console record ends with the shutdown"
				     : s->pmsg     ? "shutdown markers in pmsg"
						   : "no record is written at a clean shutdown";
			cap->hint = cap->can_tell ? "" : HINT_CLEAN;
			break;
		case PSTORE_END_KEXEC:
			cap->can_tell = s->console || s->pmsg;
			cap->because = s->console ? "the console record ends with the kexec"
				     : s->pmsg    ? "kexec markers in pmsg"
						  : "no record is written before a kexec";
			cap->hint = cap->can_tell ? "" : HINT_FRONTEND;
			break;
		case PSTORE_END_RESET:
		case PSTORE_END_POWER_LOSS:
			cap->can_tell = s->console || s->pmsg;
			cap->because = s->console ? "the console record survives a warm reset"
				     : s->pmsg    ? "pmsg boot markers survive a warm reset"
						  : "nothing this kernel keeps survives a warm reset "
						    "without a crash";
			cap->hint = cap->can_tell ? "" : HINT_FRONTEND;
			break;
		default:
			break;
		}
	}
}

_public_ int pstore_capabilities_read(struct pstore_ctx *ctx, struct pstore_record *const *recs,
				      size_t n, struct pstore_capabilities **ret)
{
	struct pstore_capabilities *c = calloc(1, sizeof(*c));
	struct setup s;

	if (!c)
		return pstore_err(ctx, -ENOMEM, "out of memory");
	read_setup(ctx, recs, n, &s);
	fill_caps(&s, c);
	*ret = c;
	return 0;
}

_public_ size_t pstore_capabilities_count(const struct pstore_capabilities *c)
{
	return c ? c->n : 0;
}

_public_ const struct pstore_capability *
pstore_capabilities_get(const struct pstore_capabilities *c, size_t i)
{
	return c && i < c->n ? &c->caps[i] : NULL;
}

_public_ bool pstore_capabilities_can_tell(const struct pstore_capabilities *c,
					   enum pstore_boot_end e)
{
	for (size_t i = 0; c && i < c->n; i++)
		if (c->caps[i].end == e)
			return c->caps[i].can_tell;
	return false;
}

_public_ void pstore_capabilities_free(struct pstore_capabilities *c)
{
	free(c);
}

/* ---- the reason ---- */

struct pstore_boot_reason {
	enum pstore_boot_end end;
	char *detail;
	char *string; /* "panic,sysrq" */
	enum pstore_confidence confidence;
	struct pstore_evidence *evidence;
	char **strs; /* what evidence points to */
	size_t n_evidence, n_strs;
	char boot_id[PSTORE_BOOT_ID_LEN + 1];
	char *record;
	char *hint;
	struct pstore_capabilities caps;
	bool oom;
};

static char *rs_keep(struct pstore_boot_reason *r, char *s)
{
	char **v;

	if (!s) {
		r->oom = true;
		return NULL;
	}
	v = realloc(r->strs, (r->n_strs + 1) * sizeof(*v));
	if (!v) {
		free(s);
		r->oom = true;
		return NULL;
	}
	r->strs = v;
	r->strs[r->n_strs++] = s;
	return s;
}

/* Text from records may hold anything: control characters become '?'. */
static char *clean_dup(const char *s, size_t len)
{
	char *d = strndup(s, len);

	for (char *p = d; p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return d;
}

static void evidence(struct pstore_boot_reason *r, const char *source, const char *fmt, ...)
	_printf_(3, 4);
static void evidence(struct pstore_boot_reason *r, const char *source, const char *fmt, ...)
{
	struct pstore_evidence *v;
	char *says = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&says, fmt, ap) < 0)
		says = NULL;
	va_end(ap);
	if (says) {
		char *c = clean_dup(says, strlen(says));

		free(says);
		says = c;
	}
	if (!rs_keep(r, says) || !rs_keep(r, strdup(source)))
		return;
	v = realloc(r->evidence, (r->n_evidence + 1) * sizeof(*v));
	if (!v) {
		r->oom = true;
		return;
	}
	r->evidence = v;
	v[r->n_evidence].struct_size = sizeof(*v);
	v[r->n_evidence].source = r->strs[r->n_strs - 1];
	v[r->n_evidence].says = says;
	r->n_evidence++;
}

/* The last lines of a log that say how a shutdown ended (kernel/reboot.c, kexec_core.c). */
static enum pstore_boot_end shutdown_line(const char *buf, size_t len, char **ret_line)
{
	static const struct {
		const char *text;
		enum pstore_boot_end end;
	} pats[] = {
		{ "reboot: Restarting system", PSTORE_END_REBOOT },
		{ "reboot: machine restart", PSTORE_END_REBOOT },
		{ "reboot: Power down", PSTORE_END_POWEROFF },
		{ "reboot: System halted", PSTORE_END_HALT },
		{ "Starting new kernel", PSTORE_END_KEXEC },
	};
	const char *end = buf + len;
	size_t seen = 0;

	/* the last 12 lines, newest first */
	while (end > buf && seen < 12) {
		const char *e = end, *s;

		while (e > buf && (e[-1] == '\n' || e[-1] == '\r'))
			e--;
		s = e;
		while (s > buf && s[-1] != '\n')
			s--;
		for (size_t i = 0; i < ARRAY_SIZE(pats); i++)
			if (memmem(s, (size_t)(e - s), pats[i].text, strlen(pats[i].text))) {
				const char *t = memmem(s, (size_t)(e - s), pats[i].text,
						       strlen(pats[i].text));

				if (ret_line)
					*ret_line = clean_dup(t, (size_t)(e - t));
				return pats[i].end;
			}
		end = s;
		seen++;
	}
	return PSTORE_END_UNKNOWN;
}

/* The last non-empty line, for evidence. */
static char *last_line(const char *buf, size_t len)
{
	const char *e = buf + len, *s;

	while (e > buf && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' '))
		e--;
	s = e;
	while (s > buf && s[-1] != '\n')
		s--;
	if (e - s > 200)
		e = s + 200;
	return clean_dup(s, (size_t)(e - s));
}

struct watchdog_hit {
	char name[64];
	char identity[64];
	unsigned long status;
};

/* Fills the watchdog_hit data when name's bootstatus has WDIOF_CARDRESET: returns 1 then,
 * -1 to stop on a failed allocation, 0 to go on. */
static int watchdog_cardreset(struct pstore_ctx *ctx, const char *name, void *data)
{
	struct watchdog_hit *ret = data;
	_cleanup_free_ char *f = NULL, *buf = NULL;
	size_t len = 0;
	unsigned long v;
	char *e;

	if (strlen(name) >= sizeof(ret->name))
		return 0;
	if (asprintf(&f, "/sys/class/watchdog/%s/bootstatus", name) < 0)
		return -1;
	if (pstore_read_sysfile(ctx, f, &buf, &len) < 0)
		return 0;
	v = strtoul(buf, &e, 0);
	if (e == buf || !(v & PSTORE_WDIOF_CARDRESET))
		return 0;
	snprintf(ret->name, sizeof(ret->name), "%s", name);
	ret->status = v;
	ret->identity[0] = '\0';
	free(f);
	free(buf);
	f = buf = NULL;
	if (asprintf(&f, "/sys/class/watchdog/%s/identity", name) > 0 &&
	    pstore_read_sysfile(ctx, f, &buf, &len) == 0) {
		size_t k = 0;

		for (size_t i = 0; i < len && k + 1 < sizeof(ret->identity); i++) {
			unsigned char c = (unsigned char)buf[i];

			if (c == '\n')
				break;
			ret->identity[k++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
		}
		ret->identity[k] = '\0';
	}
	return 1;
}

/* The first watchdog whose bootstatus has WDIOF_CARDRESET. Returns 1 when found. */
static int find_watchdog(struct pstore_ctx *ctx, struct watchdog_hit *ret)
{
	int found = for_each_watchdog(ctx, watchdog_cardreset, ret) > 0;

	pstore_clear_error(ctx);
	return found;
}

static void set_end(struct pstore_boot_reason *r, enum pstore_boot_end e, const char *detail,
		    enum pstore_confidence conf)
{
	r->end = e;
	r->confidence = conf;
	free(r->detail);
	r->detail = detail ? strdup(detail) : NULL;
	if (detail && !r->detail)
		r->oom = true;
}

static const char *iso(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, len, "%" PRId64, t);
	return buf;
}

static const char *header_text(const struct pstore_dmesg_header *h, char *buf, size_t len)
{
	const char *why = pstore_reason_to_string(h->reason);
	char first = why[0] >= 'a' && why[0] <= 'z' ? (char)(why[0] - 'a' + 'A') : why[0];

	snprintf(buf, len, "%c%s#%d Part%u", first, why + 1, h->count, h->part);
	return buf;
}

struct dump {
	struct pstore_record *rec;
	struct pstore_dmesg_header h;
	int64_t time;
	bool dated; /* time known */
};

_public_ int pstore_boot_reason_find(struct pstore_ctx *ctx, struct pstore_record *const *recs,
				     size_t n, struct pstore_boot_reason **ret)
{
	struct pstore_boot_reason *r;
	struct setup s;
	struct pstore_marker **markers = NULL, *last = NULL, *boot = NULL;
	size_t nmarkers = 0;
	_cleanup_free_ char *console = NULL;
	size_t console_len = 0;
	struct pstore_record *console_rec = NULL, *pmsg_rec = NULL;
	struct dump newest = { 0 };
	struct watchdog_hit wd;
	bool have_wd, console_panic = false, survived = false;
	char tbuf[64], hbuf[64];
	int err = 0;

	r = calloc(1, sizeof(*r));
	if (!r)
		return pstore_err(ctx, -ENOMEM, "out of memory");
	read_setup(ctx, recs, n, &s);
	fill_caps(&s, &r->caps);

	/* pmsg: the markers of the boot that ended (pmsg zones hold one boot only). */
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *buf = NULL;
		struct pstore_marker **mv = NULL;
		size_t len = 0, nm = 0;

		if (pstore_record_get_type(recs[i]) != PSTORE_TYPE_PMSG)
			continue;
		pmsg_rec = recs[i];
		survived = true;
		if (pstore_record_read_text(ctx, recs[i], PSTORE_READ_INFLATE | PSTORE_READ_STRIP_ECC,
					    PSTORE_CRASH_TEXT_MAX, &buf, &len) < 0 ||
		    pstore_marker_find_all(buf, len, &mv, &nm) < 0)
			continue;
		free(markers);
		markers = mv;
		nmarkers = nm;
	}
	for (size_t i = 0; i < nmarkers; i++) {
		last = markers[i];
		if (markers[i]->event == PSTORE_MARKER_BOOT)
			boot = markers[i];
	}
	if (last)
		snprintf(r->boot_id, sizeof(r->boot_id), "%s", last->boot_id);

	/* console: the tail of the ended boot's console */
	for (size_t i = 0; i < n; i++) {
		if (pstore_record_get_type(recs[i]) != PSTORE_TYPE_CONSOLE)
			continue;
		free(console);
		console = NULL;
		if (pstore_record_read_text(ctx, recs[i], PSTORE_READ_INFLATE | PSTORE_READ_STRIP_ECC,
					    PSTORE_CRASH_TEXT_MAX, &console, &console_len) < 0)
			continue;
		console_rec = recs[i];
		survived = true;
		console_panic = memmem(console, console_len, "Kernel panic - not syncing",
				       26) != NULL;
	}

	/* dmesg: the newest dump of the ended boot */
	for (size_t i = 0; i < n; i++) {
		struct dump d = { .rec = recs[i],
				  .h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header) };

		if (pstore_record_get_type(recs[i]) != PSTORE_TYPE_DMESG ||
		    pstore_record_get_dmesg_header(recs[i], &d.h) < 0)
			continue;
		d.dated = pstore_record_get_time(recs[i], &d.time) == 0;
		if (boot && d.dated && d.time + 2 < boot->time) {
			evidence(r, pstore_record_get_name(recs[i]),
				 "%s stored at %s, before the boot that ended began: an earlier boot's",
				 header_text(&d.h, hbuf, sizeof(hbuf)), iso(d.time, tbuf, sizeof(tbuf)));
			continue;
		}
		if (!boot && console && d.h.reason == PSTORE_REASON_PANIC && !console_panic) {
			evidence(r, pstore_record_get_name(recs[i]),
				 "%s, but the console of the boot that ended shows no panic: an "
				 "earlier boot's", header_text(&d.h, hbuf, sizeof(hbuf)));
			continue;
		}
		if (!newest.rec || (d.dated && newest.dated && d.time > newest.time) ||
		    (d.dated && !newest.dated) ||
		    (d.dated == newest.dated && (!d.dated || d.time == newest.time) &&
		     d.h.part < newest.h.part))
			newest = d;
	}

	have_wd = find_watchdog(ctx, &wd);

	if ((newest.rec && newest.h.reason == PSTORE_REASON_PANIC) ||
	    (!newest.rec && console_panic)) {
		struct pstore_record *src = newest.rec ? newest.rec : console_rec;
		struct pstore_crash *c = NULL;
		bool certain = console_panic || (boot && newest.dated);

		if (newest.rec)
			evidence(r, pstore_record_get_name(src), "%s",
				 header_text(&newest.h, hbuf, sizeof(hbuf)));
		if (pstore_crash_from_record(ctx, src, &c) == 0) {
			if (c->panic)
				evidence(r, pstore_record_get_name(src), "Kernel panic - not syncing: %s",
					 c->panic);
			if (c->headline_line && c->headline && (!c->panic || !streq(c->kind, "panic")))
				evidence(r, pstore_record_get_name(src), "%s", c->headline);
		}
		pstore_clear_error(ctx);
		if (newest.rec && console_panic)
			evidence(r, pstore_record_get_name(console_rec),
				 "the console of the boot that ended shows the panic");
		set_end(r, PSTORE_END_PANIC, c ? c->cause : NULL,
			certain ? PSTORE_CONFIDENCE_CERTAIN : PSTORE_CONFIDENCE_LIKELY);
		r->record = strdup(pstore_record_get_name(src));
		pstore_crash_free(c);
		goto done;
	}

	/* A clean end: a shutdown marker, a Shutdown dump, the console's last lines. */
	if (last && last->event != PSTORE_MARKER_BOOT &&
	    !(newest.rec && newest.dated && newest.time > last->time + 2)) {
		static const enum pstore_boot_end ev2end[] = {
			[PSTORE_MARKER_REBOOT] = PSTORE_END_REBOOT,
			[PSTORE_MARKER_POWEROFF] = PSTORE_END_POWEROFF,
			[PSTORE_MARKER_HALT] = PSTORE_END_HALT,
			[PSTORE_MARKER_KEXEC] = PSTORE_END_KEXEC,
		};

		evidence(r, pstore_record_get_name(pmsg_rec), "%s marker at %s",
			 pstore_marker_event_to_string(last->event), iso(last->time, tbuf, sizeof(tbuf)));
		set_end(r, ev2end[last->event], NULL, PSTORE_CONFIDENCE_CERTAIN);
		goto done;
	}
	if (newest.rec && newest.h.reason >= PSTORE_REASON_SHUTDOWN) {
		_cleanup_free_ char *buf = NULL, *line = NULL;
		size_t len = 0;
		enum pstore_boot_end e = PSTORE_END_UNKNOWN;

		evidence(r, pstore_record_get_name(newest.rec), "%s",
			 header_text(&newest.h, hbuf, sizeof(hbuf)));
		if (newest.h.reason == PSTORE_REASON_RESTART)
			e = PSTORE_END_REBOOT;
		else if (newest.h.reason == PSTORE_REASON_HALT)
			e = PSTORE_END_HALT;
		else if (newest.h.reason == PSTORE_REASON_POWEROFF)
			e = PSTORE_END_POWEROFF;
		if (e == PSTORE_END_UNKNOWN &&
		    pstore_record_read_text(ctx, newest.rec, PSTORE_READ_INFLATE | PSTORE_READ_STRIP_ECC,
					    PSTORE_CRASH_TEXT_MAX, &buf, &len) == 0 &&
		    (e = shutdown_line(buf, len, &line)) != PSTORE_END_UNKNOWN)
			evidence(r, pstore_record_get_name(newest.rec), "%s", line);
		pstore_clear_error(ctx);
		set_end(r, e != PSTORE_END_UNKNOWN ? e : PSTORE_END_REBOOT, NULL,
			e != PSTORE_END_UNKNOWN ? PSTORE_CONFIDENCE_CERTAIN : PSTORE_CONFIDENCE_LIKELY);
		r->record = strdup(pstore_record_get_name(newest.rec));
		goto done;
	}
	if (console) {
		_cleanup_free_ char *line = NULL;
		enum pstore_boot_end e = shutdown_line(console, console_len, &line);

		if (e != PSTORE_END_UNKNOWN) {
			evidence(r, pstore_record_get_name(console_rec), "%s", line);
			set_end(r, e, NULL, PSTORE_CONFIDENCE_CERTAIN);
			goto done;
		}
	}

	if (newest.rec && newest.h.reason == PSTORE_REASON_OOPS) {
		struct pstore_crash *c = NULL;

		evidence(r, pstore_record_get_name(newest.rec), "%s",
			 header_text(&newest.h, hbuf, sizeof(hbuf)));
		if (pstore_crash_from_record(ctx, newest.rec, &c) == 0 && c->headline)
			evidence(r, pstore_record_get_name(newest.rec), "%s", c->headline);
		pstore_clear_error(ctx);
		if (have_wd)
			evidence(r, wd.name, "then the watchdog reset the machine (bootstatus 0x%lx)",
				 wd.status);
		set_end(r, PSTORE_END_OOPS, c && c->cause && !streq(c->cause, "oops") ? c->cause : NULL,
			boot && newest.dated ? PSTORE_CONFIDENCE_CERTAIN : PSTORE_CONFIDENCE_LIKELY);
		r->record = strdup(pstore_record_get_name(newest.rec));
		pstore_crash_free(c);
		goto done;
	}
	if (newest.rec && newest.h.reason == PSTORE_REASON_EMERGENCY) {
		/* emergency_restart(): a restart without shutting down (sysrq-b, a driver) */
		evidence(r, pstore_record_get_name(newest.rec), "%s",
			 header_text(&newest.h, hbuf, sizeof(hbuf)));
		set_end(r, PSTORE_END_REBOOT, "emergency", PSTORE_CONFIDENCE_CERTAIN);
		r->record = strdup(pstore_record_get_name(newest.rec));
		goto done;
	}

	if (have_wd) {
		evidence(r, wd.name, "bootstatus 0x%lx: the watchdog reset the machine%s%s%s",
			 wd.status, *wd.identity ? " (" : "", wd.identity, *wd.identity ? ")" : "");
		set_end(r, PSTORE_END_WATCHDOG, NULL, PSTORE_CONFIDENCE_CERTAIN);
		goto done;
	}

	if (survived) {
		if (console_rec) {
			_cleanup_free_ char *l = last_line(console, console_len);

			evidence(r, pstore_record_get_name(console_rec),
				 "the console survived, ending without a shutdown: %s", l ? l : "");
		}
		if (boot)
			evidence(r, pstore_record_get_name(pmsg_rec), "boot marker at %s, no shutdown marker",
				 iso(boot->time, tbuf, sizeof(tbuf)));
		else if (pmsg_rec)
			evidence(r, pstore_record_get_name(pmsg_rec), "pmsg survived");
		set_end(r, PSTORE_END_RESET, NULL,
			console_rec ? PSTORE_CONFIDENCE_LIKELY : PSTORE_CONFIDENCE_GUESS);
		goto done;
	}

	if (s.console || s.pmsg) {
		if (s.console)
			evidence(r, "console", "no console record: the boot that ended left none in RAM");
		if (s.pmsg)
			evidence(r, "pmsg", "no pmsg record: no boot marker survived");
		set_end(r, PSTORE_END_POWER_LOSS, NULL,
			s.console ? PSTORE_CONFIDENCE_LIKELY : PSTORE_CONFIDENCE_GUESS);
		goto done;
	}
	evidence(r, "records", n ? "no dump of a crash or a shutdown" : "no record");
	set_end(r, PSTORE_END_UNKNOWN, NULL, PSTORE_CONFIDENCE_GUESS);

done:
	free(markers);
	{
		struct strbuf sb = { 0 };

		strbuf_puts(&sb, end_names[r->end]);
		if (r->detail)
			strbuf_printf(&sb, ",%s", r->detail);
		r->string = strbuf_steal(&sb);
		if (!r->string)
			r->oom = true;
	}
	/* The hint: what would let the engine tell what it cannot. */
	{
		struct strbuf sb = { 0 };

		/* the watchdog's last: most machines have none, and it matters least */
		for (size_t k = 0; k < 2 * r->caps.n; k++) {
			const struct pstore_capability *cap = &r->caps.caps[k % r->caps.n];

			if ((cap->end == PSTORE_END_WATCHDOG) != (k >= r->caps.n))
				continue;
			if (cap->can_tell || !*cap->hint || (sb.buf && strstr(sb.buf, cap->hint)))
				continue;
			strbuf_printf(&sb, "%s%s", sb.len ? "; " : "", cap->hint);
		}
		if (sb.len)
			r->hint = strbuf_steal(&sb);
		strbuf_free(&sb);
	}
	if (r->oom) {
		pstore_boot_reason_free(r);
		return pstore_err(ctx, -ENOMEM, "out of memory");
	}
	*ret = r;
	return err;
}

_public_ enum pstore_boot_end pstore_boot_reason_get_end(const struct pstore_boot_reason *r)
{
	return r->end;
}

_public_ const char *pstore_boot_reason_get_detail(const struct pstore_boot_reason *r)
{
	return r->detail;
}

_public_ const char *pstore_boot_reason_get_string(const struct pstore_boot_reason *r)
{
	return r->string;
}

_public_ enum pstore_confidence
pstore_boot_reason_get_confidence(const struct pstore_boot_reason *r)
{
	return r->confidence;
}

_public_ size_t pstore_boot_reason_evidence_count(const struct pstore_boot_reason *r)
{
	return r->n_evidence;
}

_public_ const struct pstore_evidence *
pstore_boot_reason_get_evidence(const struct pstore_boot_reason *r, size_t i)
{
	return i < r->n_evidence ? &r->evidence[i] : NULL;
}

_public_ const char *pstore_boot_reason_get_boot_id(const struct pstore_boot_reason *r)
{
	return r->boot_id[0] ? r->boot_id : NULL;
}

_public_ const char *pstore_boot_reason_get_record(const struct pstore_boot_reason *r)
{
	return r->record;
}

_public_ const char *pstore_boot_reason_get_hint(const struct pstore_boot_reason *r)
{
	return r->hint;
}

_public_ const struct pstore_capabilities *
pstore_boot_reason_get_capabilities(const struct pstore_boot_reason *r)
{
	return &r->caps;
}

_public_ void pstore_boot_reason_free(struct pstore_boot_reason *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_strs; i++)
		free(r->strs[i]);
	free(r->strs);
	free(r->evidence);
	free(r->detail);
	free(r->string);
	free(r->record);
	free(r->hint);
	free(r);
}
