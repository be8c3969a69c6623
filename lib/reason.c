// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Why did the last boot end? The reason engine weighs what survived the reset: dmesg
 * dumps and their "Panic#1" headers, the console record's last lines, pmsg markers, and
 * the watchdogs' boot status (read by reason-evidence.c); and it says what this kernel's
 * set-up can and cannot tell (reason-caps.c).
 */
#include <inttypes.h>
#include <time.h>

#include "crash.h"
#include "reason.h"
#include "strtab.h"

static const char end_names[_PSTORE_END_MAX][11] = {
	[PSTORE_END_UNKNOWN] = "unknown",     [PSTORE_END_PANIC] = "panic",
	[PSTORE_END_OOPS] = "oops",           [PSTORE_END_WATCHDOG] = "watchdog",
	[PSTORE_END_REBOOT] = "reboot",       [PSTORE_END_POWEROFF] = "poweroff",
	[PSTORE_END_HALT] = "halt",           [PSTORE_END_KEXEC] = "kexec",
	[PSTORE_END_POWER_LOSS] = "power-loss", [PSTORE_END_RESET] = "reset",
};

_public_ const char *pstore_boot_end_to_string(enum pstore_boot_end e)
{
	return STRTAB_NAME(end_names, e);
}

_public_ int pstore_boot_end_from_string(const char *s)
{
	return STRTAB_VALUE(end_names, s);
}

static const char confidence_names[][8] = {
	[PSTORE_CONFIDENCE_GUESS] = "guess",
	[PSTORE_CONFIDENCE_LIKELY] = "likely",
	[PSTORE_CONFIDENCE_CERTAIN] = "certain",
};

_public_ const char *pstore_confidence_to_string(enum pstore_confidence c)
{
	return STRTAB_NAME(confidence_names, c);
}

_public_ int pstore_confidence_from_string(const char *s)
{
	return STRTAB_VALUE(confidence_names, s);
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
		char *c = reason_clean_dup(says, strlen(says));

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
	struct reason_setup s;
	struct reason_survivors sv;
	const struct pstore_marker *last, *boot;
	struct dump newest = { 0 };
	struct reason_watchdog wd;
	bool have_wd;
	char tbuf[64], hbuf[64];
	int err = 0;

	r = calloc(1, sizeof(*r));
	if (!r)
		return pstore_err_oom(ctx);
	reason_setup_read(ctx, recs, n, &s);
	reason_caps_fill(&s, &r->caps);

	reason_survivors_read(ctx, recs, n, &sv);
	last = sv.last;
	boot = sv.boot;
	if (last)
		snprintf(r->boot_id, sizeof(r->boot_id), "%s", last->boot_id);

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
		if (!boot && sv.console && d.h.reason == PSTORE_REASON_PANIC && !sv.console_panic) {
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

	have_wd = reason_find_watchdog(ctx, recs, n, &wd);

	if ((newest.rec && newest.h.reason == PSTORE_REASON_PANIC) ||
	    (!newest.rec && sv.console_panic)) {
		struct pstore_record *src = newest.rec ? newest.rec : sv.console_rec;
		struct pstore_crash *c = NULL;
		bool certain = sv.console_panic || (boot && newest.dated);

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
		if (newest.rec && sv.console_panic)
			evidence(r, pstore_record_get_name(sv.console_rec),
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

		evidence(r, pstore_record_get_name(sv.pmsg_rec), "%s marker at %s",
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
		    (e = reason_shutdown_line(buf, len, &line)) != PSTORE_END_UNKNOWN)
			evidence(r, pstore_record_get_name(newest.rec), "%s", line);
		pstore_clear_error(ctx);
		set_end(r, e != PSTORE_END_UNKNOWN ? e : PSTORE_END_REBOOT, NULL,
			e != PSTORE_END_UNKNOWN ? PSTORE_CONFIDENCE_CERTAIN : PSTORE_CONFIDENCE_LIKELY);
		r->record = strdup(pstore_record_get_name(newest.rec));
		goto done;
	}
	if (sv.console) {
		_cleanup_free_ char *line = NULL;
		enum pstore_boot_end e = reason_shutdown_line(sv.console, sv.console_len, &line);

		if (e != PSTORE_END_UNKNOWN) {
			evidence(r, pstore_record_get_name(sv.console_rec), "%s", line);
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
			evidence(r, wd.name, "then the watchdog reset the machine (bootstatus 0x%lx%s)",
				 wd.status, wd.archived ? ", when the boot was archived" : "");
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
		evidence(r, wd.name, "bootstatus 0x%lx%s: the watchdog reset the machine%s%s%s",
			 wd.status, wd.archived ? " when the boot was archived" : "",
			 *wd.identity ? " (" : "", wd.identity, *wd.identity ? ")" : "");
		set_end(r, PSTORE_END_WATCHDOG, NULL, PSTORE_CONFIDENCE_CERTAIN);
		goto done;
	}

	if (sv.survived) {
		if (sv.console_rec) {
			_cleanup_free_ char *l = reason_last_line(sv.console, sv.console_len);

			evidence(r, pstore_record_get_name(sv.console_rec),
				 "the console survived, ending without a shutdown: %s", l ? l : "");
		}
		if (boot)
			evidence(r, pstore_record_get_name(sv.pmsg_rec), "boot marker at %s, no shutdown marker",
				 iso(boot->time, tbuf, sizeof(tbuf)));
		else if (sv.pmsg_rec)
			evidence(r, pstore_record_get_name(sv.pmsg_rec), "pmsg survived");
		set_end(r, PSTORE_END_RESET, NULL,
			sv.console_rec ? PSTORE_CONFIDENCE_LIKELY : PSTORE_CONFIDENCE_GUESS);
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
	reason_survivors_done(&sv);
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
		return pstore_err_oom(ctx);
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
