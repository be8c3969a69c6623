// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reason engine's evidence readers: what survived of the boot that ended (the pmsg
 * markers, the console record and how its last lines end) and the watchdogs' boot status
 * (today's /sys, or for an archived boot what the archive's reason.json recorded).
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "archive-boot.h"
#include "crash.h"
#include "reason.h"
#include "source.h"

/* Text from records may hold anything: control characters become '?'. */
char *reason_clean_dup(const char *s, size_t len)
{
	char *d = strndup(s, len);

	for (char *p = d; p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return d;
}

/* ---- pmsg and the console ---- */

void reason_survivors_read(struct pstore_ctx *ctx, struct pstore_record *const *recs, size_t n,
			   struct reason_survivors *sv)
{
	memset(sv, 0, sizeof(*sv));

	/* pmsg: the markers of the boot that ended (pmsg zones hold one boot only). */
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *buf = NULL;
		struct pstore_marker **mv = NULL;
		size_t len = 0, nm = 0;

		if (pstore_record_get_type(recs[i]) != PSTORE_TYPE_PMSG)
			continue;
		sv->pmsg_rec = recs[i];
		sv->survived = true;
		if (pstore_record_read_text(ctx, recs[i], PSTORE_READ_INFLATE | PSTORE_READ_STRIP_ECC,
					    PSTORE_CRASH_TEXT_MAX, &buf, &len) < 0 ||
		    pstore_marker_find_all(buf, len, &mv, &nm) < 0)
			continue;
		free(sv->markers);
		sv->markers = mv;
		sv->nmarkers = nm;
	}
	for (size_t i = 0; i < sv->nmarkers; i++) {
		sv->last = sv->markers[i];
		if (sv->markers[i]->event == PSTORE_MARKER_BOOT)
			sv->boot = sv->markers[i];
	}

	/* console: the tail of the ended boot's console (the last one that reads: a console
	 * record that fails to read leaves the one before it, text and record together) */
	for (size_t i = 0; i < n; i++) {
		char *text;
		size_t len;

		if (pstore_record_get_type(recs[i]) != PSTORE_TYPE_CONSOLE ||
		    pstore_record_read_text(ctx, recs[i], PSTORE_READ_INFLATE | PSTORE_READ_STRIP_ECC,
					    PSTORE_CRASH_TEXT_MAX, &text, &len) < 0)
			continue;
		free(sv->console);
		sv->console = text;
		sv->console_len = len;
		sv->console_rec = recs[i];
		sv->survived = true;
		sv->console_panic = memmem(text, len, "Kernel panic - not syncing", 26) != NULL;
	}
}

void reason_survivors_done(struct reason_survivors *sv)
{
	free(sv->markers);
	free(sv->console);
	memset(sv, 0, sizeof(*sv));
}

/* The last lines of a log that say how a shutdown ended (kernel/reboot.c, kexec_core.c). */
enum pstore_boot_end reason_shutdown_line(const char *buf, size_t len, char **ret_line)
{
	static const struct {
		char text[26]; /* an array, not a pointer, as in strtab.h */
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
		for (size_t i = 0; i < ARRAY_SIZE(pats); i++) {
			const char *t = memmem(s, (size_t)(e - s), pats[i].text,
					       strlen(pats[i].text));

			if (t) {
				if (ret_line)
					*ret_line = reason_clean_dup(t, (size_t)(e - t));
				return pats[i].end;
			}
		}
		end = s;
		seen++;
	}
	return PSTORE_END_UNKNOWN;
}

/* The last non-empty line, for evidence. */
char *reason_last_line(const char *buf, size_t len)
{
	const char *e = buf + len, *s;

	while (e > buf && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' '))
		e--;
	s = e;
	while (s > buf && s[-1] != '\n')
		s--;
	if (e - s > 200)
		e = s + 200;
	return reason_clean_dup(s, (size_t)(e - s));
}

/* ---- the watchdogs' boot status ---- */

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
	_cleanup_free_ char *f = NULL, *p = NULL;
	struct stat st;

	if (asprintf(&f, "/sys/class/watchdog/%s/bootstatus", name) > 0 &&
	    pstore_path(ctx, f, &p) == 0 && stat(p, &st) == 0)
		(*(size_t *)data)++;
	return 0;
}

size_t reason_count_watchdogs(struct pstore_ctx *ctx)
{
	size_t n = 0;

	for_each_watchdog(ctx, count_watchdog, &n);
	return n;
}

/* Fills the reason_watchdog data when name's bootstatus has WDIOF_CARDRESET: returns 1
 * then, -1 to stop on a failed allocation, 0 to go on. */
static int watchdog_cardreset(struct pstore_ctx *ctx, const char *name, void *data)
{
	struct reason_watchdog *ret = data;
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

/* ---- what the archive recorded ---- */

/*
 * The directory of @recs when it is a boot of the per-boot archive (it holds the archive's
 * manifest), or NULL. Its records tell of a boot before the last, so today's
 * /sys/class/watchdog says nothing about its end.
 */
static const char *archived_boot_dir(struct pstore_record *const *recs, size_t n)
{
	const struct pstore_source *src = n ? recs[0]->src : NULL;
	_cleanup_free_ char *f = NULL;

	if (!src || !streq(pstore_source_get_kind(src), "dir") ||
	    asprintf(&f, "%s/" MANIFEST, pstore_source_get_path(src)) < 0)
		return NULL;
	return access(f, F_OK) == 0 ? pstore_source_get_path(src) : NULL;
}

/* A JSON string as the archive writes it (json_str() escapes '"', '\\' and control
 * characters as \u00XX); *p is just past the opening quote and moves past the closing
 * one. NULL when it is malformed. */
static char *json_string(const char **p)
{
	struct strbuf sb = { 0 };
	const char *s = *p;

	for (; *s && *s != '"'; s++) {
		char c = *s;

		if (c == '\\') {
			c = *++s;
			if (c == 'u' && s[1] && s[2] && s[3] && s[4]) {
				s += 4;
				c = '?';
			} else if (c != '"' && c != '\\' && c != '/') {
				c = '?';
			}
			if (!c)
				break;
		}
		strbuf_append(&sb, &c, 1);
	}
	if (*s != '"' || strbuf_failed(&sb)) {
		strbuf_free(&sb);
		return NULL;
	}
	*p = s + 1;
	return sb.buf ? strbuf_steal(&sb) : strdup("");
}

/*
 * The watchdog evidence of an archived boot's reason.json: an evidence entry whose source
 * is a watchdog and that says "bootstatus 0x..." with WDIOF_CARDRESET (the watchdog class
 * or the "then the watchdog reset the machine" of an oops). Returns true when found.
 */
static bool archived_watchdog(const char *dir, struct reason_watchdog *ret)
{
	static const char src_key[] = "{\"source\": \"", says_key[] = ", \"says\": \"";
	_cleanup_free_ char *f = NULL, *buf = NULL;
	const char *p;
	bool found = false;
	size_t len;
	int fd;

	if (asprintf(&f, "%s/reason.json", dir) < 0)
		return false;
	fd = open(f, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return false;
	if (pstore_read_fd(fd, 1u << 20, &buf, &len) < 0)
		buf = NULL;
	close(fd);
	for (p = buf; !found && p && (p = strstr(p, src_key));) {
		_cleanup_free_ char *source = NULL, *says = NULL;
		const char *b, *id;
		unsigned long v;
		char *e;

		p += strlen(src_key);
		if (!(source = json_string(&p)) || strncmp(p, says_key, strlen(says_key)))
			continue;
		p += strlen(says_key);
		if (!(says = json_string(&p)) || strncmp(source, "watchdog", 8) ||
		    strlen(source) >= sizeof(ret->name) || !(b = strstr(says, "bootstatus ")))
			continue;
		v = strtoul(b + 11, &e, 0);
		if (e == b + 11 || !(v & PSTORE_WDIOF_CARDRESET))
			continue;
		snprintf(ret->name, sizeof(ret->name), "%s", source);
		ret->status = v;
		ret->identity[0] = '\0';
		/* "... reset the machine (IDENTITY)"; the oops's says "(bootstatus ...)" */
		id = strrchr(says, '(');
		e = id ? strrchr(id, ')') : NULL;
		if (id && e && strncmp(id + 1, "bootstatus", 10))
			snprintf(ret->identity, sizeof(ret->identity), "%.*s", (int)(e - id - 1),
				 id + 1);
		found = true;
	}
	return found;
}

bool reason_find_watchdog(struct pstore_ctx *ctx, struct pstore_record *const *recs, size_t n,
			  struct reason_watchdog *ret)
{
	const char *dir = archived_boot_dir(recs, n);
	bool found;

	memset(ret, 0, sizeof(*ret));
	if (dir) {
		ret->archived = true;
		return archived_watchdog(dir, ret);
	}
	found = for_each_watchdog(ctx, watchdog_cardreset, ret) > 0;
	pstore_clear_error(ctx);
	return found;
}
