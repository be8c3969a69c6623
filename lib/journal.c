// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The journal entry of each archived boot, sent with libsystemd's sd_journal_sendv(),
 * loaded with dlopen on first use: only `archive` pays for it, and a system without
 * libsystemd0 archives all the same.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <syslog.h>
#include <systemd/sd-journal.h>

#include "dl.h"
#include "journal.h"
#include "shared/c.h"
#include "shared/strbuf.h"

#define SYMS(X) X(sd_journal_sendv)
SYMS(DL_DECLARE)
static struct dl_sym systemd_syms[] = { SYMS(DL_SYM) };
static struct dl_lib systemd_lib = DL_LIB("libsystemd.so.0", "libsystemd0", systemd_syms);

/* Where a crash says what it was, in the order looked for: the panic line first. */
static const char crash_lines[][27] = {
	"Kernel panic - not syncing",
	"BUG: ",
	"Oops",
	"Unable to handle kernel",
	"general protection fault",
	"watchdog: ",
};

#define LINE_MAX_LEN 512

/* journald's socket for native messages; sd_journal_sendv() says nothing when it is gone */
#define JOURNAL_SOCKET "/run/systemd/journal/socket"

/* @s up to its end of line, at most LINE_MAX_LEN bytes, control characters as '?'. */
static char *one_line(const char *s)
{
	size_t n = strcspn(s, "\n");
	char *l;

	if (n > LINE_MAX_LEN)
		n = LINE_MAX_LEN;
	l = strndup(s, n);
	if (!l)
		return NULL;
	for (char *p = l; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return l;
}

/* The line of @buf a crash_lines[] entry starts in (from that entry on), or NULL. */
static char *find_crash_line(const char *buf)
{
	for (size_t i = 0; buf && i < ARRAY_SIZE(crash_lines); i++) {
		const char *p = strstr(buf, crash_lines[i]);

		if (p)
			return one_line(p);
	}
	return NULL;
}

/* The crash line of the boot directory @dfd: dmesg.txt, else console.txt. */
static char *panic_line(int dfd)
{
	static const char files[][12] = { "dmesg.txt", "console.txt" };

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		_cleanup_free_ char *buf = NULL;
		char *line;
		size_t len;
		int fd = openat(dfd, files[i], O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

		if (fd < 0)
			continue;
		if (pstore_read_fd(fd, PSTORE_READ_MAX, &buf, &len) < 0) {
			close(fd);
			continue;
		}
		close(fd);
		/* a record may hold NULs: search the text up to the first */
		line = find_crash_line(buf);
		if (line)
			return line;
	}
	return NULL;
}

void journal_fields_free(char **fields, size_t n)
{
	for (size_t i = 0; fields && i < n; i++)
		free(fields[i]);
	free(fields);
}

static int add(char ***f, size_t *n, const char *key, const char *value)
{
	_cleanup_free_ char *v = one_line(value ? value : "");
	char **nf;
	char *kv;

	if (!v || asprintf(&kv, "%s=%s", key, v) < 0)
		return -ENOMEM;
	nf = reallocarray(*f, *n + 1, sizeof(**f));
	if (!nf) {
		free(kv);
		return -ENOMEM;
	}
	*f = nf;
	(*f)[(*n)++] = kv;
	return 0;
}

int journal_archive_fields(struct pstore_ctx *ctx, const char *dir, char ***ret,
			   size_t *ret_n)
{
	_cleanup_free_ char *root = NULL, *panic = NULL, *msg = NULL, *prio = NULL,
			    *nrec = NULL;
	const char *name = strrchr(dir, '/'), *reason, *boot_id;
	struct pstore_archive *a = NULL;
	char **f = NULL;
	size_t i, n = 0, records;
	int r, dfd;

	root = name ? strndup(dir, (size_t)(name - dir)) : strdup(".");
	if (!root)
		return -ENOMEM;
	name = name ? name + 1 : dir;
	r = pstore_archive_open(ctx, root[0] ? root : "/", &a);
	if (r < 0)
		return r;
	r = pstore_archive_find(ctx, a, name, &i);
	if (r < 0 || !streq(pstore_archive_get_name(a, i), name)) {
		pstore_archive_free(a);
		return r < 0 ? r : pstore_err(ctx, -ENOENT, "%s: no such archived boot", dir);
	}
	reason = pstore_archive_get_reason(a, i);
	boot_id = pstore_archive_get_boot_id(a, i);
	records = pstore_archive_get_records(a, i);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		panic = panic_line(dfd);
		close(dfd);
	}
	if (!reason)
		reason = "unknown";
	if (asprintf(&msg, "The %s%s ended: %s%s%s; %zu pstore record%s archived in %s",
		     boot_id ? "boot " : "previous boot", boot_id ? boot_id : "", reason,
		     panic ? ": " : "",
		     panic ? panic : "", records, records == 1 ? "" : "s", dir) < 0 ||
	    asprintf(&nrec, "%zu", records) < 0 ||
	    /* a crash is worth a warning; a clean shutdown is news */
	    asprintf(&prio, "%d",
		     panic || !strncmp(reason, "panic", 5) || !strncmp(reason, "oops", 4) ||
				     !strncmp(reason, "watchdog", 8)
			     ? LOG_WARNING
			     : LOG_INFO) < 0) {
		pstore_archive_free(a);
		return -ENOMEM;
	}
	r = add(&f, &n, "MESSAGE_ID", PSTORE_ARCHIVE_MESSAGE_ID);
	if (r == 0)
		r = add(&f, &n, "MESSAGE", msg);
	if (r == 0)
		r = add(&f, &n, "PRIORITY", prio);
	if (r == 0)
		r = add(&f, &n, "SYSLOG_IDENTIFIER", "pstorectl");
	if (r == 0)
		r = add(&f, &n, "PSTORE_REASON", reason);
	if (r == 0 && boot_id)
		r = add(&f, &n, "PSTORE_BOOT_ID", boot_id);
	if (r == 0)
		r = add(&f, &n, "PSTORE_ARCHIVE", dir);
	if (r == 0)
		r = add(&f, &n, "PSTORE_RECORDS", nrec);
	if (r == 0 && panic)
		r = add(&f, &n, "PSTORE_PANIC", panic);
	pstore_archive_free(a);
	if (r < 0) {
		journal_fields_free(f, n);
		return r;
	}
	*ret = f;
	*ret_n = n;
	return 0;
}

_public_ int pstore_archive_journal_send(struct pstore_ctx *ctx, const char *dir)
{
	_cleanup_free_ struct iovec *iov = NULL;
	char **f = NULL;
	struct stat st;
	size_t n = 0;
	int r;

	if (stat(JOURNAL_SOCKET, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		dbg(ctx, "%s: no journal: no journal entry", JOURNAL_SOCKET);
		return -ENOENT;
	}
	r = dl_load(&systemd_lib);
	if (r < 0) {
		dbg(ctx, "%s: not loaded: %s: no journal entry", systemd_lib.soname,
		    systemd_lib.err);
		return r;
	}
	r = journal_archive_fields(ctx, dir, &f, &n);
	if (r < 0)
		return r;
	iov = calloc(n, sizeof(*iov));
	if (!iov) {
		journal_fields_free(f, n);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		iov[i] = (struct iovec){ .iov_base = f[i], .iov_len = strlen(f[i]) };
	r = sym_sd_journal_sendv(iov, (int)n);
	journal_fields_free(f, n);
	if (r < 0)
		return pstore_err_sys(ctx, r, "journal");
	return 0;
}
