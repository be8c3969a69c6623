// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The per-boot archive read back: the boot directories under a root, newest last, found by
 * index, boot id or name; and retention (the oldest boots go, never the newest).
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include "archive-boot.h"
#include "internal.h"
#include "shared/c.h"
#include "shared/strbuf.h"

/* ---- the archived boots ---- */

struct archived_boot {
	char *name, *path, *boot_id, *reason;
	int64_t time;
	size_t records;
	uint64_t size;
};

struct pstore_archive {
	char *root;
	struct archived_boot *boots;
	size_t n;
};

static int cmp_boot(const void *a, const void *b)
{
	return strcmp(((const struct archived_boot *)a)->name,
		      ((const struct archived_boot *)b)->name);
}

/* The string value of "key" in the JSON we wrote, or NULL. */
static char *json_get(const char *buf, const char *key)
{
	_cleanup_free_ char *pat = NULL;
	const char *p, *e;

	if (asprintf(&pat, "\"%s\": \"", key) < 0)
		return NULL;
	p = buf ? strstr(buf, pat) : NULL;
	if (!p)
		return NULL;
	p += strlen(pat);
	e = strchr(p, '"');
	return e ? strndup(p, (size_t)(e - p)) : NULL;
}

/* The bytes of a boot directory's entry: a file, or the files of a per-backend
 * subdirectory (as deep as a source's records sit). */
static uint64_t entry_size(int dirfd, const char *name, int depth)
{
	struct dirent *de;
	struct stat sb;
	uint64_t size = 0;
	DIR *d;
	int fd;

	if (streq(name, ".") || streq(name, "..") ||
	    fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	if (S_ISREG(sb.st_mode))
		return (uint64_t)sb.st_size;
	if (!S_ISDIR(sb.st_mode) || depth >= 2)
		return 0;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while ((de = readdir(d)))
		size += entry_size(fd, de->d_name, depth + 1);
	closedir(d);
	return size;
}

static int read_boot(int rootfd, const char *root, const char *name, struct archived_boot *b)
{
	_cleanup_free_ char *buf = NULL;
	struct dirent *de;
	struct tm tm = {};
	size_t len;
	DIR *d;
	int fd;

	memset(b, 0, sizeof(*b));
	b->name = strdup(name);
	if (!b->name || asprintf(&b->path, "%s/%s", root, name) < 0)
		return -ENOMEM;
	if (strptime(name, "%Y%m%dT%H%M%SZ", &tm))
		b->time = (int64_t)timegm(&tm);
	if (name[16] == '_' && pstore_boot_id_valid(name + 17, PSTORE_BOOT_ID_LEN))
		b->boot_id = strndup(name + 17, PSTORE_BOOT_ID_LEN);
	fd = openat(rootfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -ENOMEM;
	}
	while ((de = readdir(d)))
		b->size += entry_size(fd, de->d_name, 0);
	int mfd = openat(fd, MANIFEST, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (mfd >= 0) {
		if (pstore_read_fd(mfd, 64u << 20, &buf, &len) == 0)
			for (size_t i = 0; i < len; i++)
				b->records += buf[i] == '\n';
		close(mfd);
	}
	free(buf);
	buf = NULL;
	int rfd = openat(fd, "reason.json", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (rfd >= 0) {
		if (pstore_read_fd(rfd, 1u << 20, &buf, &len) == 0)
			b->reason = json_get(buf, "reason");
		close(rfd);
	}
	closedir(d);
	return 0;
}

_public_ int pstore_archive_open(struct pstore_ctx *ctx, const char *root,
				 struct pstore_archive **ret)
{
	struct pstore_archive *a;
	struct dirent *de;
	DIR *d;
	int rootfd, r = 0;

	a = calloc(1, sizeof(*a));
	if (!a || !(a->root = strdup(root))) {
		free(a);
		return -ENOMEM;
	}
	rootfd = archive_open_root(ctx, root, false);
	if (rootfd == -ENOENT) {
		*ret = a; /* no archive yet: no boots */
		return 0;
	}
	if (rootfd < 0) {
		pstore_archive_free(a);
		return rootfd;
	}
	d = fdopendir(dup(rootfd));
	if (!d) {
		r = -errno;
		goto out;
	}
	while ((de = readdir(d))) {
		struct archived_boot *nb;

		if (!archive_is_boot_name(de->d_name))
			continue;
		nb = reallocarray(a->boots, a->n + 1, sizeof(*a->boots));
		if (!nb) {
			r = -ENOMEM;
			break;
		}
		a->boots = nb;
		r = read_boot(rootfd, root, de->d_name, &a->boots[a->n++]);
		if (r < 0)
			break;
	}
	closedir(d);
	if (a->n)
		qsort(a->boots, a->n, sizeof(*a->boots), cmp_boot);
out:
	close(rootfd);
	if (r < 0) {
		pstore_archive_free(a);
		return r;
	}
	*ret = a;
	return 0;
}

_public_ size_t pstore_archive_count(const struct pstore_archive *a)
{
	return a ? a->n : 0;
}

static const struct archived_boot *boot_at(const struct pstore_archive *a, size_t i)
{
	return a && i < a->n ? &a->boots[i] : NULL;
}

_public_ const char *pstore_archive_get_name(const struct pstore_archive *a, size_t i)
{
	const struct archived_boot *b = boot_at(a, i);
	return b ? b->name : NULL;
}

_public_ const char *pstore_archive_get_path(const struct pstore_archive *a, size_t i)
{
	const struct archived_boot *b = boot_at(a, i);
	return b ? b->path : NULL;
}

_public_ const char *pstore_archive_get_boot_id(const struct pstore_archive *a, size_t i)
{
	const struct archived_boot *b = boot_at(a, i);
	return b ? b->boot_id : NULL;
}

_public_ const char *pstore_archive_get_reason(const struct pstore_archive *a, size_t i)
{
	const struct archived_boot *b = boot_at(a, i);
	return b ? b->reason : NULL;
}

_public_ int64_t pstore_archive_get_time(const struct pstore_archive *a, size_t i)
{
	const struct archived_boot *b = boot_at(a, i);
	return b ? b->time : 0;
}

_public_ size_t pstore_archive_get_records(const struct pstore_archive *a, size_t i)
{
	const struct archived_boot *b = boot_at(a, i);
	return b ? b->records : 0;
}

_public_ uint64_t pstore_archive_get_size(const struct pstore_archive *a, size_t i)
{
	const struct archived_boot *b = boot_at(a, i);
	return b ? b->size : 0;
}

static int archive_find(const struct pstore_archive *a, const char *spec, size_t *ret)
{
	size_t len = strlen(spec), found = SIZE_MAX;
	char *end;
	long v;

	if (!a || a->n == 0 || len == 0)
		return -ENOENT;
	errno = 0;
	v = strtol(spec, &end, 10);
	if (!*end && !errno && len < 10) {
		/* journalctl's rule: 0 the newest, -1 the one before; 1 the oldest */
		if (v <= 0 && (size_t)-v < a->n)
			*ret = a->n - 1 - (size_t)-v;
		else if (v > 0 && (size_t)v <= a->n)
			*ret = (size_t)v - 1;
		else
			return -ENOENT;
		return 0;
	}
	for (size_t i = 0; i < a->n; i++) {
		const struct archived_boot *b = &a->boots[i];

		if (streq(b->name, spec) || (b->boot_id && strncasecmp(b->boot_id, spec, len) == 0)) {
			if (found != SIZE_MAX && found != i && !streq(b->name, spec))
				return -EEXIST; /* an id prefix of several boots */
			found = i;
		}
	}
	if (found == SIZE_MAX)
		return -ENOENT;
	*ret = found;
	return 0;
}

_public_ int pstore_archive_find(struct pstore_ctx *ctx, const struct pstore_archive *a,
				 const char *spec, size_t *ret)
{
	int r = archive_find(a, spec, ret);

	if (r == -EEXIST)
		return pstore_err(ctx, r, "%s: boot '%s': names several boots", a->root, spec);
	if (r < 0)
		return pstore_err(ctx, r, "%s: boot '%s': no such archived boot", a->root, spec);
	return 0;
}

/* When the running kernel started (btime of the sysroot's /proc/stat), or -1. */
static int64_t boot_time(struct pstore_ctx *ctx)
{
	_cleanup_free_ char *buf = NULL;
	const char *p;
	size_t len;
	long long t;

	if (pstore_read_sysfile(ctx, "/proc/stat", &buf, &len) < 0) {
		pstore_clear_error(ctx);
		return -1;
	}
	p = strstr(buf, "\nbtime ");
	if (!p || sscanf(p + 7, "%lld", &t) != 1 || t <= 0)
		return -1;
	return t;
}

_public_ int pstore_archive_this_boot(struct pstore_ctx *ctx, const struct pstore_archive *a,
				      size_t *ret)
{
	int64_t bt = boot_time(ctx);
	struct stat st;

	/* the newest boot is the last (sorted by name: the UTC time first) */
	if (bt < 0 || a->n == 0 || stat(a->boots[a->n - 1].path, &st) < 0 || st.st_mtime < bt)
		return -ENOENT;
	*ret = a->n - 1;
	return 0;
}

_public_ void pstore_archive_free(struct pstore_archive *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++) {
		free(a->boots[i].name);
		free(a->boots[i].path);
		free(a->boots[i].boot_id);
		free(a->boots[i].reason);
	}
	free(a->boots);
	free(a->root);
	free(a);
}

_public_ int pstore_archive_prune(struct pstore_ctx *ctx, const char *root, uint64_t max_boots,
				  uint64_t max_size)
{
	struct pstore_archive *a = NULL;
	uint64_t total = 0;
	size_t keep_from = 0, removed = 0;
	int rootfd, r;

	r = pstore_archive_open(ctx, root, &a);
	if (r < 0)
		return r;
	for (size_t i = 0; i < a->n; i++)
		total += a->boots[i].size;
	/* oldest first; the newest boot always stays */
	while (keep_from + 1 < a->n &&
	       ((max_boots && a->n - keep_from > max_boots) || (max_size && total > max_size))) {
		total -= a->boots[keep_from].size;
		keep_from++;
	}
	if (keep_from == 0) {
		pstore_archive_free(a);
		return 0;
	}
	rootfd = archive_open_root(ctx, root, false);
	if (rootfd < 0) {
		pstore_archive_free(a);
		return rootfd;
	}
	for (size_t i = 0; i < keep_from; i++) {
		_cleanup_free_ char *del = NULL;

		/* out of the listing first, so that a boot is whole or not there at all */
		if (asprintf(&del, ".%s.%d.del", a->boots[i].name, (int)getpid()) < 0) {
			r = -ENOMEM;
			break;
		}
		if (renameat(rootfd, a->boots[i].name, rootfd, del) < 0) {
			r = pstore_err_sys(ctx, 0, "%s", a->boots[i].path);
			break;
		}
		r = archive_remove_boot_dir(rootfd, del);
		if (r < 0) {
			r = pstore_err_sys(ctx, r, "%s", a->boots[i].path);
			break;
		}
		removed++;
	}
	if (fsync(rootfd) < 0 && errno != EINVAL && r >= 0)
		r = pstore_err_sys(ctx, 0, "%s: fsync", root);
	close(rootfd);
	pstore_archive_free(a);
	return r < 0 ? r : (int)removed;
}
