// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Boot and shutdown markers: one line written to pmsg at a point of the boot's life,
 * "pstorectl: <event> boot_id=<uuid> time=<iso> [uptime=<sec>]", read back by the reason
 * engine at the next boot. Only values the library checked go into a line.
 */
#include <ctype.h>
#include <inttypes.h>
#include <time.h>

#include "internal.h"
#include "strtab.h"

#define MARKER_PREFIX "pstorectl: "

static const char event_names[_PSTORE_MARKER_MAX][9] = {
	[PSTORE_MARKER_BOOT] = "boot",
	[PSTORE_MARKER_REBOOT] = "reboot",
	[PSTORE_MARKER_POWEROFF] = "poweroff",
	[PSTORE_MARKER_HALT] = "halt",
	[PSTORE_MARKER_KEXEC] = "kexec",
};

_public_ const char *pstore_marker_event_to_string(enum pstore_marker_event e)
{
	return STRTAB_NAME(event_names, e);
}

_public_ int pstore_marker_event_from_string(const char *s)
{
	return STRTAB_VALUE(event_names, s);
}

_public_ bool pstore_boot_id_valid(const char *s, size_t len)
{
	if (len != PSTORE_BOOT_ID_LEN)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

_public_ int pstore_boot_id_get(struct pstore_ctx *ctx, char ret[PSTORE_BOOT_ID_LEN + 1])
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r;

	r = pstore_read_sysfile(ctx, "/proc/sys/kernel/random/boot_id", &buf, &len);
	if (r < 0)
		return r;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;
	if (!pstore_boot_id_valid(buf, len))
		return pstore_err(ctx, -EINVAL,
				  "/proc/sys/kernel/random/boot_id: not a boot id (a UUID)");
	for (size_t i = 0; i < len; i++)
		ret[i] = (char)tolower((unsigned char)buf[i]);
	ret[len] = '\0';
	return 0;
}

/* "12345.67 ..." of /proc/uptime: milliseconds. Digits only, so nothing foreign passes. */
static int parse_uptime(const char *s, size_t len, uint64_t *ret)
{
	uint64_t sec = 0, ms = 0;
	size_t i = 0, frac = 0;

	if (len == 0 || !isdigit((unsigned char)s[0]))
		return -EINVAL;
	for (; i < len && isdigit((unsigned char)s[i]); i++) {
		if (sec > UINT64_MAX / 10000)
			return -ERANGE;
		sec = sec * 10 + (uint64_t)(s[i] - '0');
	}
	if (i < len && s[i] == '.') {
		for (i++; i < len && isdigit((unsigned char)s[i]); i++, frac++)
			if (frac < 3)
				ms = ms * 10 + (uint64_t)(s[i] - '0');
		if (frac == 0)
			return -EINVAL;
	}
	for (; frac < 3; frac++)
		ms *= 10;
	*ret = sec * 1000 + ms;
	return (int)i;
}

_public_ int pstore_marker_init(struct pstore_ctx *ctx, enum pstore_marker_event event,
				struct pstore_marker *ret)
{
	_cleanup_free_ char *up = NULL;
	size_t len = 0;
	uint64_t ms;
	int r;

	if (!SIZED_OK(ret))
		return -EINVAL;
	if ((unsigned)event >= _PSTORE_MARKER_MAX)
		return pstore_err(ctx, -EINVAL, "unknown marker event %d", (int)event);
	SIZED_KEEP(ret, (memset(ret, 0, sizeof(*ret)), 0));
	ret->event = event;
	r = pstore_boot_id_get(ctx, ret->boot_id);
	if (r < 0)
		return r;
	ret->time = (int64_t)time(NULL);
	if (pstore_read_sysfile(ctx, "/proc/uptime", &up, &len) == 0 &&
	    parse_uptime(up, len, &ms) > 0) {
		ret->has_uptime = true;
		ret->uptime_ms = ms;
	}
	pstore_clear_error(ctx);
	return 0;
}

_public_ int pstore_marker_format(const struct pstore_marker *m, char **ret)
{
	struct strbuf sb = { 0 };
	struct tm tm;
	time_t t = (time_t)m->time;
	char iso[32];

	if (!SIZED_OK(m) || !ret)
		return -EINVAL;
	if ((unsigned)m->event >= _PSTORE_MARKER_MAX ||
	    !pstore_boot_id_valid(m->boot_id, strlen(m->boot_id)))
		return -EINVAL;
	if (!gmtime_r(&t, &tm) || !strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return -ERANGE;
	strbuf_printf(&sb, MARKER_PREFIX "%s boot_id=%s time=%s", event_names[m->event],
		      m->boot_id, iso);
	if (m->has_uptime)
		strbuf_printf(&sb, " uptime=%" PRIu64 ".%02" PRIu64, m->uptime_ms / 1000,
			      m->uptime_ms % 1000 / 10);
	strbuf_puts(&sb, "\n");
	if (strbuf_failed(&sb)) {
		strbuf_free(&sb);
		return -ENOMEM;
	}
	*ret = strbuf_steal(&sb);
	return 0;
}

/* "2026-11-22T02:49:18Z", exactly. */
static int parse_iso(const char *s, size_t len, int64_t *ret)
{
	char buf[32];
	struct tm tm = { 0 };
	const char *end;

	if (len != 20 || s[19] != 'Z')
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	end = strptime(buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end)
		return -EINVAL;
	*ret = (int64_t)timegm(&tm);
	return 0;
}

_public_ int pstore_marker_parse(const char *line, size_t len, struct pstore_marker *ret)
{
	struct pstore_marker m = PSTORE_STRUCT_INIT(struct pstore_marker);
	const char *p = line, *end = line + len;
	bool have_id = false, have_time = false;
	int ev = -1;

	if (!SIZED_OK(ret))
		return -EINVAL;
	while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	if ((size_t)(end - p) < strlen(MARKER_PREFIX) ||
	    memcmp(p, MARKER_PREFIX, strlen(MARKER_PREFIX)) != 0)
		return -EINVAL;
	p += strlen(MARKER_PREFIX);
	/* The event, then key=value words; unknown keys are for later versions. */
	for (bool first = true; p < end; first = false) {
		const char *w = p, *eq;
		size_t wl;

		while (p < end && *p != ' ')
			p++;
		wl = (size_t)(p - w);
		while (p < end && *p == ' ')
			p++;
		if (first) {
			for (int i = 0; i < _PSTORE_MARKER_MAX; i++)
				if (strlen(event_names[i]) == wl && !memcmp(w, event_names[i], wl))
					ev = i;
			if (ev < 0)
				return -EINVAL;
			continue;
		}
		eq = memchr(w, '=', wl);
		if (!eq)
			return -EINVAL;
		if (eq - w == 7 && !memcmp(w, "boot_id", 7)) {
			size_t vl = wl - 8;

			if (!pstore_boot_id_valid(eq + 1, vl))
				return -EINVAL;
			for (size_t i = 0; i < vl; i++)
				m.boot_id[i] = (char)tolower((unsigned char)eq[1 + i]);
			have_id = true;
		} else if (eq - w == 4 && !memcmp(w, "time", 4)) {
			if (parse_iso(eq + 1, wl - 5, &m.time) < 0)
				return -EINVAL;
			have_time = true;
		} else if (eq - w == 6 && !memcmp(w, "uptime", 6)) {
			if (parse_uptime(eq + 1, wl - 7, &m.uptime_ms) != (int)(wl - 7))
				return -EINVAL;
			m.has_uptime = true;
		}
	}
	if (ev < 0 || !have_id || !have_time)
		return -EINVAL;
	m.event = ev;
	return SIZED_KEEP(ret, (*ret = m, 0));
}

_public_ int pstore_marker_find_all(const char *buf, size_t len, struct pstore_marker ***ret,
				    size_t *ret_n)
{
	_cleanup_free_ struct pstore_marker *v = NULL;
	struct pstore_marker m = PSTORE_STRUCT_INIT(struct pstore_marker), **block, *copies;
	size_t n = 0, ptrs;

	for (size_t i = 0; i < len;) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t l = nl ? (size_t)(nl - (buf + i)) : len - i;

		if (pstore_marker_parse(buf + i, l, &m) == 0) {
			struct pstore_marker *nv = realloc(v, (n + 1) * sizeof(*v));

			if (!nv)
				return -ENOMEM;
			v = nv;
			v[n++] = m;
		}
		i += l + 1;
	}
	/* one block: the pointers, then the markers they point to */
	ptrs = (n * sizeof(*block) + _Alignof(struct pstore_marker) - 1) /
	       _Alignof(struct pstore_marker) * _Alignof(struct pstore_marker);
	block = n ? malloc(ptrs + n * sizeof(*v)) : NULL;
	if (n && !block)
		return -ENOMEM;
	copies = n ? (struct pstore_marker *)(void *)((char *)block + ptrs) : NULL;
	for (size_t i = 0; i < n; i++) {
		copies[i] = v[i];
		block[i] = &copies[i];
	}
	*ret = block;
	*ret_n = n;
	return 0;
}

_public_ int pstore_marker_write(struct pstore_ctx *ctx, int fd, enum pstore_marker_event event,
				 char **ret_line)
{
	struct pstore_marker m = PSTORE_STRUCT_INIT(struct pstore_marker);
	_cleanup_free_ char *line = NULL;
	int r;

	r = pstore_marker_init(ctx, event, &m);
	if (r < 0)
		return r;
	r = pstore_marker_format(&m, &line);
	if (r < 0)
		return pstore_err_sys(ctx, r, "cannot format the marker");
	r = pstore_pmsg_write(ctx, fd, line, strlen(line));
	if (r < 0)
		return r;
	if (ret_line)
		*ret_line = TAKE_PTR(line);
	return 0;
}
